package dev.scribe.replication.node;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static dev.scribe.replication.node.Simulation.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node whose journal is ahead of a resuming peer's takes over in two steps: it offers, and leads only once the
 * peer dials it as a standby; a peer that missed the offer leads on its own, and this node follows it. Node 1 is
 * the agent, started as a resuming primary; node 2 is played by the test.
 */
final class NodeAgentResumeTest
{
    private final Simulation sim = new Simulation(1);
    private final PlayedPeer peer = new PlayedPeer(sim, 1);
    private final UnsafeBuffer bytes = new UnsafeBuffer(new byte[Long.BYTES]);

    private void journalFiveRecords()
    {
        sim.log(0).promise(1);
        for (long p = 0; p < 5; p++)
        {
            bytes.putLong(0, 100 + p);
            sim.log(0).append(new RecordId(p, 1, SimLog.crc(p, 1, 100 + p)), bytes, 0, Long.BYTES);
        }
    }

    private long offered()
    {
        journalFiveRecords();
        sim.startAgent(0, true);
        peer.run(20 * MS);
        final long resuming = peer.link.dial(new PeerMessage.Hello(2, PeerMessage.Role.RESUMING, 1, RecordId.NONE,
            RecordId.NO_POSITION));
        peer.run(20 * MS);
        final PlayedPeer.Heard answer = peer.last(PeerMessage.Refuse.class);
        assertEquals(resuming, answer.connection());
        assertEquals(PeerMessage.Code.TAKE_OVER, ((PeerMessage.Refuse)answer.message()).code());
        return resuming;
    }

    @Test
    void aNodeAheadOfAResumingPeerLeadsOnlyOnceThePeerDialsAsAStandby()
    {
        offered();
        final NodeAgent agent = sim.agent(0);
        peer.run(900 * MS);
        assertEquals(NodeState.RESUMING, agent.state(), "the offer alone does not make it lead, nor its own " +
            "resume time, extended by the offer");
        final long standby = peer.link.dial(new PeerMessage.Hello(2, PeerMessage.Role.STANDBY, 1, RecordId.NONE,
            RecordId.NO_POSITION));
        peer.run(20 * MS);
        assertEquals(NodeState.LEADING, agent.state());
        assertEquals(standby, peer.last(PeerMessage.Welcome.class).connection(), "the standby is admitted");
    }

    @Test
    void aResumingPeerThatMissedTheOfferLeadsAndThisNodeFollowsIt()
    {
        final long resuming = offered();
        final NodeAgent agent = sim.agent(0);
        peer.link.close(resuming); // the peer gave up on its dial before the offer came
        peer.run(300 * MS);
        peer.link.dial(new PeerMessage.Hello(2, PeerMessage.Role.PRIMARY, 3, new RecordId(0, 3, 7), 0));
        peer.run(20 * MS);
        assertEquals(NodeState.FOLLOWING, agent.state());
        assertEquals(0, agent.transitions(NodeState.LEADING), "never two leaders");
        peer.run(2_000 * MS);
        assertTrue(agent.state() != NodeState.LEADING, "it follows the peer that leads");
    }

    @Test
    void aNodeThatTookAnOfferFromAPeerThatNeverLeadsResumesAgainAndLeads()
    {
        final NodeAgent agent = sim.startAgent(0, true);
        peer.answer = hello ->
        {
            peer.answer = null; // then silent: it died, or cannot be reached
            return new PeerMessage.Refuse(PeerMessage.Code.TAKE_OVER, 1, "this node's journal leads");
        };
        peer.run(100 * MS);
        assertEquals(NodeState.FOLLOWING, agent.state(), "it took the offer");
        peer.run(3_000 * MS);
        assertEquals(NodeState.LEADING, agent.state(), "the offer lapsed, it resumed again and led alone");
    }
}
