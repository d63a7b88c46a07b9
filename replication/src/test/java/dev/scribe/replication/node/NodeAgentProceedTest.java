package dev.scribe.replication.node;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.scribe.replication.node.Simulation.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a standby does with a {@code PROCEED} answer to its Hello, stale, lied about or after an offer, and when a
 * standby answers with one. Node 1 is the agent; node 2 is played by the test.
 */
final class NodeAgentProceedTest
{

    private static RecordId record(final long position, final long epoch, final long payload)
    {
        return new RecordId(position, epoch, SimLog.crc(position, epoch, payload));
    }

    /** A PROCEED that comes after the agent gave up on that dial and dialled again is not acted on. */
    @Test
    void aStaleProceedOnAnAbandonedDialIsIgnored()
    {
        final Simulation sim = new Simulation(1).autoPromote(true);
        final PlayedPeer peer = new PlayedPeer(sim, 1);
        sim.log(0).journalFiveRecords();
        final NodeAgent agent = sim.startAgent(0, false);
        peer.run(20 * MS);
        final long first = peer.last(PeerMessage.Hello.class).connection();
        peer.run(600 * MS); // the answer timeout (500 ms) passes; the agent dials again
        final long second = peer.last(PeerMessage.Hello.class).connection();
        assertTrue(second != first, "dialled again");
        peer.send(first, new PeerMessage.Refuse(PeerMessage.Code.PROCEED, 1, "stale"));
        peer.run(20 * MS);
        assertEquals(NodeState.FOLLOWING, agent.state(), "a PROCEED on an abandoned connection");
    }

    /** Without automatic promotion, PROCEED does nothing. */
    @Test
    void aStandbyWithoutAutomaticPromotionDoesNotLeadOnProceed()
    {
        final Simulation sim = new Simulation(1).autoPromote(false);
        final PlayedPeer peer = new PlayedPeer(sim, 1);
        sim.log(0).journalFiveRecords();
        peer.answer = hello -> new PeerMessage.Refuse(PeerMessage.Code.PROCEED, 1, "may have lost records");
        final NodeAgent agent = sim.startAgent(0, false);
        peer.run(2_000 * MS);
        assertEquals(NodeState.FOLLOWING, agent.state());
    }

    /** PROCEED after a Welcome on the same connection is a violation, not a reason to lead. */
    @Test
    void aProceedAfterAWelcomeIsAViolation()
    {
        final Simulation sim = new Simulation(1).autoPromote(true);
        final PlayedPeer peer = new PlayedPeer(sim, 1);
        sim.log(0).journalFiveRecords();
        final NodeAgent agent = sim.startAgent(0, false);
        final PlayedPeer.Heard hello = peer.run(20 * MS).last(PeerMessage.Hello.class);
        peer.send(hello.connection(), new PeerMessage.Welcome(2, 1, 4, 4, RecordId.NO_POSITION, RecordId.NONE));
        peer.send(hello.connection(), new PeerMessage.Refuse(PeerMessage.Code.PROCEED, 1, "late"));
        peer.run(20 * MS);
        assertEquals(NodeState.FOLLOWING, agent.state());
    }

    /**
     * A resuming agent took the peer's TAKE_OVER offer and dials it as a standby; the peer (restarted after a machine
     * crash, its offer forgotten) answers PROCEED. The agent resumes (offer withdrawn) rather than leading on the
     * spot, and then leads once, on the peer's PROCEED to its resuming Hello.
     */
    @Test
    void aProceedAfterATakenOfferResumesAndThenLeadsOnce()
    {
        final Simulation sim = new Simulation(1).autoPromote(true);
        final PlayedPeer peer = new PlayedPeer(sim, 1);
        sim.log(0).journalFiveRecords();
        final List<PeerMessage.Role> roles = new ArrayList<>();
        peer.answer = hello ->
        {
            roles.add(hello.role());
            return hello.role() == PeerMessage.Role.RESUMING && roles.size() == 1 ?
                new PeerMessage.Refuse(PeerMessage.Code.TAKE_OVER, 1, "ahead") :
                new PeerMessage.Refuse(PeerMessage.Code.PROCEED, 1, "may have lost records");
        };
        final NodeAgent agent = sim.startAgent(0, true);
        peer.run(300 * MS);
        assertEquals(NodeState.LEADING, agent.state(), "roles heard: " + roles);
        assertEquals(1, agent.transitions(NodeState.LEADING));
        assertEquals(List.of(PeerMessage.Role.RESUMING, PeerMessage.Role.STANDBY, PeerMessage.Role.RESUMING),
            roles.subList(0, 3));
    }

    /**
     * A lying peer's PROCEED carries an epoch of the agent's own parity it never started: the agent leads above it,
     * and promises only its own epoch.
     */
    @Test
    void aLiedEpochOnProceedIsNotPromised()
    {
        final Simulation sim = new Simulation(1).autoPromote(true);
        final PlayedPeer peer = new PlayedPeer(sim, 1);
        sim.log(0).journalFiveRecords();
        peer.answer = hello -> new PeerMessage.Refuse(PeerMessage.Code.PROCEED, 6, "lie");
        final NodeAgent agent = sim.startAgent(0, false);
        peer.run(20 * MS);
        assertEquals(NodeState.LEADING, agent.state());
        assertEquals(8, agent.epoch());
        assertEquals(8, sim.log(0).promisedEpoch(), "its own epoch, not the lied 6");
    }

    /**
     * A suspect agent that offered TAKE_OVER to a resuming peer and then receives that peer's standby Hello, level,
     * takes the offer (leads) rather than answering PROCEED: the offer is checked first.
     */
    @Test
    void aSuspectAnswererWithAnOfferLeadsRatherThanProceeds()
    {
        final Simulation sim = new Simulation(1).autoPromote(true);
        final PlayedPeer peer = new PlayedPeer(sim, 1);
        sim.log(0).journalFiveRecords();
        sim.log(0).sync();
        sim.log(0).machineCrash(0);
        final NodeAgent agent = sim.startAgent(0, false);
        assertTrue(agent.suspect());
        peer.run(20 * MS);
        peer.link.dial(new PeerMessage.Hello(2, PeerMessage.Role.RESUMING, 1, record(2, 1, 102), 0));
        peer.run(20 * MS);
        assertEquals(PeerMessage.Code.TAKE_OVER,
            ((PeerMessage.Refuse)peer.last(PeerMessage.Refuse.class).message()).code());
        peer.link.dial(new PeerMessage.Hello(2, PeerMessage.Role.STANDBY, 1, record(2, 1, 102), 0));
        peer.run(20 * MS);
        assertEquals(NodeState.LEADING, agent.state());
    }

    /** A suspect standby answers a peer whose last record is of a newer epoch (its journal diverges) PROCEED. */
    @Test
    void aSuspectStandbyProceedsAPeerAheadByEpoch()
    {
        final Simulation sim = new Simulation(1).autoPromote(true);
        final PlayedPeer peer = new PlayedPeer(sim, 1);
        sim.log(0).journalFiveRecords();
        sim.log(0).sync();
        sim.log(0).machineCrash(0);
        final NodeAgent agent = sim.startAgent(0, false);
        peer.run(20 * MS);
        peer.link.dial(new PeerMessage.Hello(2, PeerMessage.Role.STANDBY, 3, record(3, 3, 7), 3));
        peer.run(20 * MS);
        assertEquals(PeerMessage.Code.PROCEED,
            ((PeerMessage.Refuse)peer.last(PeerMessage.Refuse.class).message()).code());
        assertEquals(NodeState.FOLLOWING, agent.state());
    }
}
