package dev.scribe.replication.node;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static dev.scribe.replication.node.Simulation.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A primary admits a standby by its last record's epoch, position and CRC32C against its own journal, not by epoch
 * and position alone: a standby whose last record has the same epoch and position but other bytes (written by a
 * primary that relaunched in a reused epoch after losing its tail) is refused, never streamed to, so its
 * acknowledgements cannot complete records it never received. Node 1 is the agent, the primary; node 2, the
 * standby, is played by the test.
 */
final class NodeAgentAdmissionTest
{
    private final Simulation sim = new Simulation(1);
    private final PlayedPeer standby = new PlayedPeer(sim, 1);
    private final UnsafeBuffer bytes = new UnsafeBuffer(new byte[Long.BYTES]);

    private NodeAgent leadWithFiveRecords()
    {
        sim.log(0).promise(1);
        for (long p = 0; p < 5; p++)
        {
            bytes.putLong(0, 100 + p);
            sim.log(0).append(new RecordId(p, 1, SimLog.crc(p, 1, 100 + p)), bytes, 0, Long.BYTES);
        }
        final NodeAgent agent = sim.startAgent(0, true);
        standby.run(1_500 * MS);
        assertEquals(NodeState.LEADING, agent.state());
        return agent;
    }

    private long dial(final RecordId last)
    {
        final long connection = standby.link.dial(new PeerMessage.Hello(2, PeerMessage.Role.STANDBY, 1, last, 0));
        standby.run(20 * MS);
        return connection;
    }

    private PeerMessage.Welcome welcomeFor(final RecordId last)
    {
        dial(last);
        return (PeerMessage.Welcome)standby.last(PeerMessage.Welcome.class).message();
    }

    @Test
    void aStandbyWhoseLastRecordHasTheSameEpochAndPositionButOtherBytesIsRefused()
    {
        final NodeAgent agent = leadWithFiveRecords();
        final long connection = dial(new RecordId(4, 1, SimLog.crc(4, 1, 999)));
        final PlayedPeer.Heard refused = standby.last(PeerMessage.Refuse.class);
        assertEquals(connection, refused.connection());
        assertEquals(PeerMessage.Code.JOURNAL_MISMATCH, ((PeerMessage.Refuse)refused.message()).code());
        assertTrue(standby.heard.stream().noneMatch(h -> h.message() instanceof PeerMessage.Welcome), "no Welcome");
        assertTrue(standby.records.isEmpty(), "nothing streamed to it");
        standby.send(connection, new PeerMessage.Ack(agent.epoch(), 5));
        standby.run(20 * MS);
        assertEquals(-1, agent.acknowledgedPosition(), "its acknowledgement completes nothing");
    }

    @Test
    void aStandbyWhoseLastRecordMatchesIsStreamedToFromThere()
    {
        leadWithFiveRecords();
        final PeerMessage.Welcome welcome = welcomeFor(new RecordId(4, 1, SimLog.crc(4, 1, 104)));
        assertEquals(RecordId.NO_POSITION, welcome.truncateFrom());
        assertEquals(4, welcome.startAfter());
        assertTrue(!standby.records.isEmpty() && standby.records.get(0).position() == 5, standby.records.toString());
    }
}
