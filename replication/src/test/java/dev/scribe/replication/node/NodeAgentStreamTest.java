package dev.scribe.replication.node;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static dev.scribe.replication.node.Simulation.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A primary streams to its standby only as fast as the link takes records: while the connection's outgoing buffer
 * is full it reads no more of its journal, and it goes on once the standby has read. Node 1 is the agent, started
 * as the primary; node 2, the standby, is played by the test.
 */
final class NodeAgentStreamTest
{
    private static final int RECORDS = 10 * SimNetwork.WINDOW;

    private final Simulation sim = new Simulation(1);
    private final PlayedPeer peer = new PlayedPeer(sim, 1);
    private final UnsafeBuffer bytes = new UnsafeBuffer(new byte[Long.BYTES]);

    @Test
    void aStandbyThatDoesNotReadHoldsTheStreamBackAndGetsEveryRecordOnceItReads()
    {
        sim.log(0).promise(1);
        for (long p = 0; p < RECORDS; p++)
        {
            bytes.putLong(0, 100 + p);
            sim.log(0).append(new RecordId(p, 1, SimLog.crc(p, 1, 100 + p)), bytes, 0, Long.BYTES);
        }
        final NodeAgent agent = sim.startAgent(0, true);
        peer.run(1_500 * MS);
        assertEquals(NodeState.LEADING, agent.state(), "the silent peer lets it lead once its resume time is up");
        peer.link.dial(new PeerMessage.Hello(2, PeerMessage.Role.STANDBY, 1, RecordId.NONE, RecordId.NO_POSITION));
        peer.run(2 * MS); // the Hello reaches the primary and the Welcome comes back; records follow
        sim.runFor(150 * MS); // the standby reads nothing meanwhile (less than the heartbeat timeout)
        final long sent = agent.sentPosition();
        assertTrue(sent >= 0 && sent < 2 * SimNetwork.WINDOW, "the primary stopped reading at " + sent +
            " with a window of " + SimNetwork.WINDOW);
        peer.run(1_000 * MS);
        assertEquals(RECORDS + 1, peer.records.size(), "every record, the epoch record included, once");
        for (int i = 0; i < peer.records.size(); i++)
        {
            assertEquals(i, peer.records.get(i).position(), "in order");
        }
    }
}
