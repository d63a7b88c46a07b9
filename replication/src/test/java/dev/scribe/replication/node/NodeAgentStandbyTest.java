package dev.scribe.replication.node;

import org.junit.jupiter.api.Test;

import static dev.scribe.replication.node.Simulation.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How a standby decides that it lost its primary, and what two nodes do that are both standbys, or that meet
 * while one follows a live primary. Node 1 is the agent, with automatic promotion; node 2 is played by the test.
 */
final class NodeAgentStandbyTest
{
    private final Simulation sim = new Simulation(1).autoPromote(true);
    private final PlayedPeer peer = new PlayedPeer(sim, 1);

    private static RecordId record(final long position, final long epoch, final long payload)
    {
        return new RecordId(position, epoch, SimLog.crc(position, epoch, payload));
    }

    /** The played primary welcomes the dialling standby at epoch 1 after its last record. */
    private long welcome()
    {
        final PlayedPeer.Heard hello = peer.run(20 * MS).last(PeerMessage.Hello.class);
        final long after = ((PeerMessage.Hello)hello.message()).last().position();
        peer.send(hello.connection(), new PeerMessage.Welcome(2, 1, after, after, RecordId.NO_POSITION,
            RecordId.NONE));
        return hello.connection();
    }

    @Test
    void aStandbyCountsOnlyAWelcomedStreamAsHearingItsPrimary()
    {
        final NodeAgent agent = sim.startAgent(0, false);
        final long stream = welcome();
        peer.run(20 * MS);
        peer.answer = hello -> new PeerMessage.Refuse(PeerMessage.Code.BUSY, 1, "busy");
        peer.link.close(stream);
        peer.run(1_000 * MS);
        assertEquals(NodeState.LEADING, agent.state(), "refusals are not the primary's stream");
    }

    @Test
    void twoStandbysElectTheOneWithTheMoreCompleteJournal()
    {
        sim.log(0).journalFiveRecords();
        final NodeAgent agent = sim.startAgent(0, false);
        peer.run(20 * MS);
        peer.link.dial(new PeerMessage.Hello(2, PeerMessage.Role.STANDBY, 1, RecordId.NONE, RecordId.NO_POSITION));
        peer.run(20 * MS);
        assertEquals(NodeState.LEADING, agent.state());
    }

    @Test
    void aStandbyBehindItsPeerStandbyWaitsForThePeerToLead()
    {
        final NodeAgent agent = sim.startAgent(0, false);
        final long stream = welcome();
        peer.run(20 * MS);
        peer.answer = hello -> new PeerMessage.Refuse(PeerMessage.Code.NOT_PRIMARY, 1, "not the primary");
        peer.link.close(stream);
        for (int i = 0; i < 10; i++)
        {
            peer.link.dial(new PeerMessage.Hello(2, PeerMessage.Role.STANDBY, 1, record(9, 1, 109), 0));
            peer.run(150 * MS);
        }
        assertEquals(NodeState.FOLLOWING, agent.state(), "the peer, ahead, is the one to lead");
    }

    @Test
    void aStandbyThatMayHaveLostRecordsTellsAPeerNotBehindItToProceed()
    {
        sim.log(0).journalFiveRecords();
        sim.log(0).sync();
        sim.log(0).machineCrash(0);
        final NodeAgent agent = sim.startAgent(0, false);
        peer.run(20 * MS);
        peer.link.dial(new PeerMessage.Hello(2, PeerMessage.Role.STANDBY, 1, record(4, 1, 104), 0));
        peer.run(20 * MS);
        final PeerMessage answer = peer.last(PeerMessage.Refuse.class).message();
        assertEquals(PeerMessage.Code.PROCEED, ((PeerMessage.Refuse)answer).code(), "the level peer leads: " + answer);
        assertEquals(NodeState.FOLLOWING, agent.state(), "it may have lost records, so it does not lead");
    }

    @Test
    void aStandbyThatMayHaveLostRecordsStillLeadsAPeerBehindIt()
    {
        sim.log(0).journalFiveRecords();
        sim.log(0).sync();
        sim.log(0).machineCrash(0);
        final NodeAgent agent = sim.startAgent(0, false);
        peer.run(20 * MS);
        peer.link.dial(new PeerMessage.Hello(2, PeerMessage.Role.STANDBY, 1, record(2, 1, 102), 0));
        peer.run(20 * MS);
        assertEquals(NodeState.LEADING, agent.state(), "its journal is ahead of the peer's");
    }

    @Test
    void aStandbyToldToProceedByItsPeerLeadsThoughItNeverStreamed()
    {
        sim.log(0).journalFiveRecords();
        peer.answer = hello -> new PeerMessage.Refuse(PeerMessage.Code.PROCEED, 3, "may have lost records");
        final NodeAgent agent = sim.startAgent(0, false);
        peer.run(20 * MS);
        assertEquals(NodeState.LEADING, agent.state(), "the peer may have lost records and cannot lead");
        assertTrue(agent.epoch() > 3, "above the peer's epoch 3: " + agent.epoch());
    }

    @Test
    void aStandbyThatMayHaveLostRecordsDoesNotLeadWhenToldToProceed()
    {
        sim.log(0).journalFiveRecords();
        sim.log(0).sync();
        sim.log(0).machineCrash(0);
        peer.answer = hello -> new PeerMessage.Refuse(PeerMessage.Code.PROCEED, 1, "may have lost records");
        final NodeAgent agent = sim.startAgent(0, false);
        peer.run(1_000 * MS);
        assertEquals(NodeState.FOLLOWING, agent.state(), "both may have lost records: an operator decides");
    }

    @Test
    void aStandbyFollowingALivePrimaryRefusesAStaleResumingHello()
    {
        sim.log(0).journalFiveRecords();
        final NodeAgent agent = sim.startAgent(0, false);
        peer.beat(welcome(), 1);
        peer.run(100 * MS);
        assertEquals(true, agent.connected());
        final long stale = peer.link.dial(new PeerMessage.Hello(2, PeerMessage.Role.RESUMING, 1, RecordId.NONE,
            RecordId.NO_POSITION));
        peer.run(20 * MS);
        assertEquals(stale, peer.last(PeerMessage.Refuse.class).connection());
        assertEquals(PeerMessage.Code.BUSY, ((PeerMessage.Refuse)peer.last(PeerMessage.Refuse.class).message()).code());
        assertEquals(NodeState.FOLLOWING, agent.state());
    }

    @Test
    void demotingAResumingNodeMakesItAStandby()
    {
        final NodeAgent agent = sim.startAgent(0, true);
        agent.demote("operator");
        peer.run(2_000 * MS);
        assertEquals(NodeState.FOLLOWING, agent.state());
    }

    @Test
    void aPrimaryBeginsANewerEpochAboveAStandbysClaimOnceAtMost()
    {
        final NodeAgent agent = sim.startAgent(0, true);
        peer.run(1_500 * MS);
        assertEquals(NodeState.LEADING, agent.state());
        final PeerMessage.Hello claim = new PeerMessage.Hello(2, PeerMessage.Role.STANDBY, 101, record(0, 101, 1), 0);
        peer.link.dial(claim);
        peer.run(20 * MS);
        assertEquals(102, agent.epoch(), "the first of its epochs above the standby's 101");
        assertEquals(0, ((PeerMessage.Welcome)peer.last(PeerMessage.Welcome.class).message()).truncateFrom());
        peer.link.dial(new PeerMessage.Hello(2, PeerMessage.Role.STANDBY, 201, record(0, 201, 1), 0));
        peer.run(20 * MS);
        assertEquals(102, agent.epoch(), "not a second time within the resume timeout");
        assertEquals(PeerMessage.Code.JOURNAL_AHEAD,
            ((PeerMessage.Refuse)peer.last(PeerMessage.Refuse.class).message()).code());
    }
}
