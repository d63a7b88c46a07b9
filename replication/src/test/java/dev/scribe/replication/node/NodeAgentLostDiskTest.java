package dev.scribe.replication.node;

import org.junit.jupiter.api.Test;

import static dev.scribe.replication.node.Simulation.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node whose directory was wiped or replaced (no promise, an empty journal) and that was not started as a new
 * cluster may be missing everything: it does not lead on its own and does not win a comparison with its peer by
 * default. Node 1 is the agent on a lost disk, node 2 is played by the test. The other way round, a standby whose
 * peer comes back on a lost disk forgets everything the peer's previous life said, since the peer may start the
 * same epochs again.
 */
final class NodeAgentLostDiskTest
{
    private final Simulation sim = new Simulation(1);
    private final PlayedPeer peer = new PlayedPeer(sim, 1);

    @Test
    void aNodeOnALostDiskStartedAsPrimaryDoesNotLeadAlone()
    {
        sim.log(0).wipe();
        final NodeAgent agent = sim.startAgent(0, true);
        peer.run(3_000 * MS);
        assertTrue(agent.suspect());
        assertEquals(NodeState.RESUMING, agent.state(), "waits for its peer or an operator");
        assertEquals(0, sim.log(0).promisedEpoch());
    }

    @Test
    void aNodeOnALostDiskDoesNotWinAResumeComparisonByItsLowerId()
    {
        sim.log(0).wipe();
        final NodeAgent agent = sim.startAgent(0, true);
        final long connection = peer.link.dial(new PeerMessage.Hello(2, PeerMessage.Role.RESUMING, 0, RecordId.NONE,
            RecordId.NO_POSITION));
        peer.run(5 * MS);
        final PeerMessage answer = peer.last(PeerMessage.Refuse.class).message();
        assertEquals(PeerMessage.Code.PROCEED, ((PeerMessage.Refuse)answer).code(), "the peer leads, not " + answer);
        assertTrue(connection > 0);
        assertEquals(NodeState.FOLLOWING, agent.state());
    }

    @Test
    void aNodeOnALostDiskToldToProceedLeadsAboveEveryEpochItsPeerKnows()
    {
        sim.log(0).wipe();
        final NodeAgent agent = sim.startAgent(0, true);
        final long connection = peer.run(20 * MS).last(PeerMessage.Hello.class).connection();
        peer.send(connection, new PeerMessage.Refuse(PeerMessage.Code.PROCEED, 7, "not ahead"));
        peer.run(5 * MS);
        assertEquals(NodeState.LEADING, agent.state());
        assertEquals(8, agent.epoch(), "the first of its own epochs above the peer's 7, not its forgotten 2");
    }

    @Test
    void aStandbyDropsWhatItsPeerSaidBeforeARestart()
    {
        final NodeAgent agent = sim.startAgent(0, false);
        final long beforeRestart = peer.run(20 * MS).last(PeerMessage.Hello.class).connection();
        final long afterRestart = peer.link.dial(new PeerMessage.Hello(2, PeerMessage.Role.RESUMING, 0, RecordId.NONE,
            RecordId.NO_POSITION));
        peer.run(5 * MS);
        assertEquals(PeerMessage.Code.PROCEED, ((PeerMessage.Refuse)peer.last(PeerMessage.Refuse.class).message())
            .code());
        peer.send(beforeRestart, new PeerMessage.Welcome(2, 1, 0, RecordId.NO_POSITION, RecordId.NO_POSITION,
            RecordId.NONE));
        peer.run(5 * MS);
        assertTrue(afterRestart > beforeRestart);
        assertTrue(peer.closed.contains(beforeRestart), "the connection of the peer's previous life is closed");
        assertFalse(agent.connected(), "a Welcome from the peer's previous life does not start a stream");
    }

    @Test
    void aNewClusterNodeResumingAloneLeads()
    {
        final NodeAgent agent = sim.startAgent(0, true);
        peer.run(1_500 * MS);
        assertEquals(NodeState.LEADING, agent.state());
    }
}
