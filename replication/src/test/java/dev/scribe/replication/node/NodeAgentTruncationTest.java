package dev.scribe.replication.node;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static dev.scribe.replication.node.Simulation.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A standby drops records only where its primary's journal replaced them: never at or below its persisted
 * acknowledgement floor, and never when the primary's record before the cut contradicts its own. Node 1 is the
 * agent (a standby), node 2 the primary, played by the test.
 */
final class NodeAgentTruncationTest
{
    private final Simulation sim = new Simulation(1);
    private final PlayedPeer primary = new PlayedPeer(sim, 1);
    private final UnsafeBuffer bytes = new UnsafeBuffer(new byte[Long.BYTES]);

    private RecordId record(final long position, final long epoch, final long payload)
    {
        return new RecordId(position, epoch, SimLog.crc(position, epoch, payload));
    }

    /** The played primary welcomes the dialling standby and streams records 0..4 of epoch 1. */
    private long streamFiveRecords()
    {
        final long connection = primary.run(20 * MS).last(PeerMessage.Hello.class).connection();
        primary.send(connection, new PeerMessage.Welcome(2, 1, 4, RecordId.NO_POSITION, RecordId.NO_POSITION,
            RecordId.NONE));
        RecordId previous = RecordId.NONE;
        for (long p = 0; p < 5; p++)
        {
            final RecordId id = record(p, 1, 100 + p);
            bytes.putLong(0, 100 + p);
            primary.link.sendRecord(connection, previous, id, bytes, 0, Long.BYTES);
            previous = id;
        }
        primary.run(20 * MS);
        return connection;
    }

    /** Close the stream; the standby dials again and is told to drop its records from a position. */
    private void askToTruncate(final long connection, final long from, final RecordId before)
    {
        primary.heard.clear();
        primary.link.close(connection);
        final long again = primary.run(300 * MS).last(PeerMessage.Hello.class).connection();
        primary.send(again, new PeerMessage.Welcome(2, 3, 2, RecordId.NO_POSITION, from, before));
        primary.run(5 * MS);
    }

    @Test
    void aStandbyKeepsTheRecordsItAcknowledgedWhenAPrimaryAsksToDropThem()
    {
        sim.startAgent(0, false);
        final long connection = streamFiveRecords();
        assertEquals(new PeerMessage.Ack(1, 4), primary.last(PeerMessage.Ack.class).message());
        assertEquals(4, sim.log(0).acknowledgedFloor(), "the floor is what the standby acknowledged");
        askToTruncate(connection, 3, record(2, 1, 102));
        assertEquals(4, sim.log(0).last().position(), "the acknowledged records are kept");
    }

    @Test
    void aPrimaryRemembersWhatItsStandbyAcknowledged()
    {
        final PlayedPeer standby = primary;
        final NodeAgent agent = sim.startAgent(0, true);
        standby.run(1_500 * MS);
        assertEquals(NodeState.LEADING, agent.state());
        final long first = sim.log(0).last().position();
        sim.log(0).command(7);
        sim.log(0).command(8);
        final long connection = standby.link.dial(new PeerMessage.Hello(2, PeerMessage.Role.STANDBY, 0,
            RecordId.NONE, RecordId.NO_POSITION));
        standby.run(20 * MS);
        assertEquals(first + 2, standby.records.get(standby.records.size() - 1).position());
        standby.send(connection, new PeerMessage.Ack(agent.epoch(), first + 1));
        standby.run(5 * MS);
        assertEquals(first + 1, sim.log(0).acknowledgedFloor());
    }

    @Test
    void aStandbyRefusesACutAfterARecordThatContradictsItsOwn()
    {
        fillJournalUnacknowledged();
        sim.startAgent(0, false);
        final long connection = primary.run(20 * MS).last(PeerMessage.Hello.class).connection();
        primary.send(connection, new PeerMessage.Welcome(2, 3, 2, RecordId.NO_POSITION, 3, record(2, 1, 999)));
        primary.run(5 * MS);
        assertEquals(4, sim.log(0).last().position(), "nothing is dropped after a contradicting record");
    }

    @Test
    void aStandbyDropsWhatAPrimaryReplacedAfterASharedRecord()
    {
        fillJournalUnacknowledged();
        sim.startAgent(0, false);
        final long connection = primary.run(20 * MS).last(PeerMessage.Hello.class).connection();
        primary.send(connection, new PeerMessage.Welcome(2, 3, 2, RecordId.NO_POSITION, 3, record(2, 1, 102)));
        primary.run(5 * MS);
        assertEquals(2, sim.log(0).last().position(), "records 3 and 4 are dropped");
    }

    /** Records 0..4 of epoch 1 journaled by an earlier life of the standby, none acknowledged. */
    private void fillJournalUnacknowledged()
    {
        sim.log(0).promise(1);
        for (long p = 0; p < 5; p++)
        {
            bytes.putLong(0, 100 + p);
            sim.log(0).append(record(p, 1, 100 + p), bytes, 0, Long.BYTES);
        }
    }
}
