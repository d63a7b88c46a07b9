package dev.scribe.replication.node;

import org.junit.jupiter.api.Test;

import static dev.scribe.replication.node.Simulation.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node acts on no epoch its peer states before checking it: an epoch beyond anything plausible, one the peer
 * could not have started, or one near {@link Long#MAX_VALUE} closes the connection and promises nothing. Node 1
 * (the agent) starts even epochs, node 2 (played by the test) odd ones.
 */
final class NodeAgentClaimsTest
{
    private final Simulation sim = new Simulation(1);
    private final PlayedPeer peer = new PlayedPeer(sim, 1);

    /** A resuming node (node 1) dials; the played peer answers its Hello with a STEP_DOWN at an epoch. */
    private NodeAgent resumingToldToStepDownAt(final long epoch)
    {
        final NodeAgent agent = sim.startAgent(0, true);
        final long connection = peer.run(20 * MS).last(PeerMessage.Hello.class).connection();
        peer.send(connection, new PeerMessage.Refuse(PeerMessage.Code.STEP_DOWN, epoch, "step down"));
        peer.run(5 * MS);
        return agent;
    }

    @Test
    void aStepDownAtLongMaxValueIsRefusedAndPromisesNothing()
    {
        final NodeAgent agent = resumingToldToStepDownAt(Long.MAX_VALUE);
        assertEquals(NodeState.RESUMING, agent.state());
        assertEquals(0, sim.log(0).promisedEpoch());
        assertNull(sim.checker().failure());
    }

    @Test
    void aStepDownAtAnEpochThePeerCouldNotStartIsRefused()
    {
        final NodeAgent agent = resumingToldToStepDownAt(6);
        assertEquals(NodeState.RESUMING, agent.state());
        assertEquals(0, sim.log(0).promisedEpoch());
    }

    @Test
    void aStepDownFarAboveAnyKnownEpochIsRefused()
    {
        final NodeAgent agent = resumingToldToStepDownAt(2 * Epochs.MAX_STEP + 1);
        assertEquals(NodeState.RESUMING, agent.state());
        assertEquals(0, sim.log(0).promisedEpoch());
    }

    @Test
    void aPlausibleStepDownIsFollowedAndPromised()
    {
        final NodeAgent agent = resumingToldToStepDownAt(5);
        assertEquals(NodeState.FOLLOWING, agent.state());
        assertEquals(5, sim.log(0).promisedEpoch());
    }

    @Test
    void aPrimaryProbeAtLongMaxValueDoesNotMakeThePrimaryStepDown()
    {
        final NodeAgent agent = sim.startAgent(0, true);
        peer.run(1_500 * MS);
        assertEquals(NodeState.LEADING, agent.state(), "leads once the silent peer's resume deadline passed");
        final long promised = sim.log(0).promisedEpoch();
        final long connection = peer.link.dial(new PeerMessage.Hello(2, PeerMessage.Role.PRIMARY, Long.MAX_VALUE,
            RecordId.NONE, RecordId.NO_POSITION));
        peer.run(5 * MS);
        assertEquals(NodeState.LEADING, agent.state());
        assertEquals(promised, sim.log(0).promisedEpoch());
        assertTrue(peer.closed.contains(connection), "the lying connection is closed");
    }

    @Test
    void aWelcomeAtAnEpochThePrimaryCouldNotStartIsNotFollowed()
    {
        final NodeAgent agent = sim.startAgent(0, false);
        final long connection = peer.run(20 * MS).last(PeerMessage.Hello.class).connection();
        peer.send(connection, new PeerMessage.Welcome(2, 4, RecordId.NO_POSITION, RecordId.NO_POSITION,
            RecordId.NO_POSITION, RecordId.NONE));
        peer.run(5 * MS);
        assertEquals(0, sim.log(0).promisedEpoch());
        assertTrue(peer.closed.contains(connection), "the lying connection is closed");
        assertEquals(false, agent.connected());
    }

    @Test
    void epochArithmeticNeverOverflows()
    {
        assertThrows(ArithmeticException.class, () -> Epochs.next(1, 2, Long.MAX_VALUE));
        assertEquals(false, Epochs.plausible(Epochs.MAX + 1, Epochs.MAX));
        assertEquals(false, Epochs.plausible(-1, 0));
    }
}
