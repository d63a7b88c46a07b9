package dev.scribe.replication.node;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * A simulated node's disk and engine: a journal of records at rising positions (dense, or jumping at each
 * cycle file as Chronicle's are), of which a prefix is synced; a
 * machine crash keeps the synced prefix and a random part of the rest (the torn or unwritten tail is gone). The
 * epoch promise and the "may have lost records" mark are forced when written. Leading, it journals the
 * simulation's commands and completes them when the standby acknowledges them.
 */
final class SimLog implements ReplicaLog
{
    /** Payload of an epoch record. */
    static final long EPOCH_RECORD = -1;

    private final int nodeId;
    private final SimChecker checker;
    private final List<RecordId> records = new ArrayList<>();
    private final List<Long> payloads = new ArrayList<>();
    private final Set<Long> commands = new HashSet<>();
    private final UnsafeBuffer payload = new UnsafeBuffer(new byte[Long.BYTES]);
    private final List<RecordId> pending = new ArrayList<>();
    private List<Long> inDoubt;
    private long ackedInEpoch = RecordId.NO_POSITION;
    private boolean sparse;
    private static final int CYCLE_RECORDS = 40;
    private static final int CYCLE_SHIFT = 24;
    private int synced;
    private long floor = RecordId.NO_POSITION;
    private long syncedFloor = RecordId.NO_POSITION;
    private long promised;
    private boolean lostTailMark;
    private boolean leading;
    private long leadingEpoch;
    private BooleanSupplier killNow = () -> false;

    /** The process is killed inside a call to the log (after a promise, halfway through a truncation). */
    static final class Killed extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        Killed(final String where)
        {
            super(where, null, false, false);
        }
    }

    SimLog(final int nodeId, final SimChecker checker)
    {
        this.nodeId = nodeId;
        this.checker = checker;
    }

    static int crc(final long position, final long epoch, final long payload)
    {
        long h = position * 0x9E3779B97F4A7C15L ^ epoch * 0xC2B2AE3D27D4EB4FL ^ payload * 0x165667B19E3779F9L;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return (int)h;
    }

    List<RecordId> pending()
    {
        return pending;
    }

    /** Whether the process dies inside the next promise or truncation, asked each time. */
    void killInside(final BooleanSupplier killNow)
    {
        this.killNow = killNow;
    }

    /**
     * Positions as a Chronicle journal gives them: dense within a cycle file, jumping to the next cycle's first
     * index when a cycle rolls (every {@link #CYCLE_RECORDS} records, when this journal's positions are sparse).
     */
    private long nextPosition()
    {
        final long last = records.isEmpty() ? -1 : records.get(records.size() - 1).position();
        if (sparse && (last + 1) % CYCLE_RECORDS == CYCLE_RECORDS - 1)
        {
            return ((last >>> CYCLE_SHIFT) + 1) << CYCLE_SHIFT;
        }
        return last + 1;
    }

    /** The index of the record at a position, or a negative number if none. */
    private int indexOf(final long position)
    {
        final int at = firstAtOrAfter(position);
        return at < records.size() && records.get(at).position() == position ? at : -1;
    }

    /** The index of the first record at or after a position. */
    private int firstAtOrAfter(final long position)
    {
        int low = 0;
        int high = records.size();
        while (low < high)
        {
            final int mid = (low + high) >>> 1;
            if (records.get(mid).position() < position)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }
        return low;
    }

    /** Positions jump across cycle files from now on. */
    void sparse(final boolean sparse)
    {
        this.sparse = sparse;
    }

    int nodeId()
    {
        return nodeId;
    }

    List<RecordId> records()
    {
        return records;
    }

    boolean holds(final RecordId id)
    {
        final int index = indexOf(id.position());
        return index >= 0 && records.get(index).equals(id);
    }

    boolean leading()
    {
        return leading;
    }

    /**
     * A command sent to this node as the primary, at REPLICATED: journaled, then held until acknowledged. A
     * command whose idempotency key the journal holds (a client resending after an in-doubt result) is not
     * journaled again: its result waits for an acknowledgement of its record in this epoch.
     */
    RecordId command(final long payloadId)
    {
        if (commands.contains(payloadId))
        {
            final RecordId id = records.get(payloads.indexOf(payloadId));
            if (id.position() <= ackedInEpoch)
            {
                checker.onAcknowledged(nodeId, leadingEpoch, id); // already acknowledged in this epoch
                return id;
            }
            int at = pending.size();
            while (at > 0 && pending.get(at - 1).position() > id.position())
            {
                at--;
            }
            if (!pending.contains(id))
            {
                pending.add(at, id);
            }
            return id;
        }
        final RecordId id = add(payloadId, leadingEpoch);
        pending.add(id);
        return id;
    }

    /** Where the payloads of results completed in doubt go, for clients to resend. */
    void inDoubt(final List<Long> sink)
    {
        this.inDoubt = sink;
    }

    private void clearPending()
    {
        if (null != inDoubt)
        {
            for (final RecordId id : pending)
            {
                final int index = indexOf(id.position());
                if (index >= 0 && records.get(index).equals(id))
                {
                    inDoubt.add(payloads.get(index));
                }
            }
        }
        pending.clear();
    }

    /** Records 0..4 of epoch 1, each holding 100 plus its position: what the agent tests journal before a start. */
    void journalFiveRecords()
    {
        promise(1);
        final UnsafeBuffer bytes = new UnsafeBuffer(new byte[Long.BYTES]);
        for (long p = 0; p < 5; p++)
        {
            bytes.putLong(0, 100 + p);
            append(new RecordId(p, 1, crc(p, 1, 100 + p)), bytes, 0, Long.BYTES);
        }
    }

    void sync()
    {
        synced = records.size();
        syncedFloor = floor;
    }

    /** The process died: the journal (memory-mapped) survives whole; results waiting for the standby are lost. */
    void processCrash()
    {
        leading = false;
        clearPending();
    }

    /** The machine died: the synced prefix survives and a random part of the rest. */
    void machineCrash(final int keepUnsynced)
    {
        processCrash();
        final int keep = Math.min(records.size(), synced + keepUnsynced);
        final List<RecordId> lost = new ArrayList<>(records.subList(keep, records.size()));
        cut(keep);
        floor = syncedFloor;
        lostTailMark = true;
        checker.onMachineCrash(nodeId, lost);
    }

    /**
     * The disk is lost: the node restarts on an empty directory (a replaced disk, a wiped volume). Nothing says
     * the journal is whole: with no promise and no journal, and not started as a new cluster, the node may be
     * missing everything.
     */
    void wipe()
    {
        processCrash();
        final List<RecordId> lost = new ArrayList<>(records);
        cut(0);
        promised = 0;
        floor = RecordId.NO_POSITION;
        syncedFloor = RecordId.NO_POSITION;
        lostTailMark = true;
        checker.onWipe(nodeId);
        checker.onMachineCrash(nodeId, lost);
    }



    private void cut(final int size)
    {
        while (records.size() > size)
        {
            records.remove(records.size() - 1);
            commands.remove(payloads.remove(payloads.size() - 1));
        }
        synced = Math.min(synced, size);
    }

    private RecordId add(final long payloadId, final long epoch)
    {
        return add(payloadId, epoch, nextPosition());
    }

    private RecordId add(final long payloadId, final long epoch, final long position)
    {
        final RecordId id = new RecordId(position, epoch, crc(position, epoch, payloadId));
        records.add(id);
        payloads.add(payloadId);
        if (payloadId != EPOCH_RECORD && !commands.add(payloadId))
        {
            checker.fail("node " + nodeId + " journals command " + payloadId + " a second time, at " + id);
        }
        checker.onAppend(nodeId, id);
        return id;
    }

    @Override
    public RecordId last()
    {
        return records.isEmpty() ? RecordId.NONE : records.get(records.size() - 1);
    }

    @Override
    public RecordId recordAt(final long position)
    {
        final int index = indexOf(position);
        return index >= 0 ? records.get(index) : null;
    }

    @Override
    public RecordId recordBefore(final long position)
    {
        final int before = firstAtOrAfter(position) - 1;
        return before < 0 ? RecordId.NONE : records.get(before);
    }

    @Override
    public long acknowledgedFloor()
    {
        return floor;
    }

    @Override
    public void acknowledgedFloor(final long position)
    {
        floor = Math.max(floor, position);
    }

    @Override
    public long startOf(final long epoch)
    {
        for (final RecordId id : records)
        {
            if (id.epoch() == epoch)
            {
                return id.position();
            }
        }
        return RecordId.NO_POSITION;
    }

    @Override
    public long floorEpoch(final long epoch)
    {
        long floor = -1;
        for (final RecordId id : records)
        {
            if (id.epoch() <= epoch)
            {
                floor = Math.max(floor, id.epoch());
            }
        }
        return floor;
    }

    @Override
    public long nextEpochStart(final long epoch)
    {
        for (final RecordId id : records)
        {
            if (id.epoch() > epoch)
            {
                return id.position();
            }
        }
        return RecordId.NO_POSITION;
    }

    @Override
    public long promisedEpoch()
    {
        return promised;
    }

    @Override
    public void promise(final long epoch)
    {
        checker.onPromise(nodeId, promised, epoch);
        promised = Math.max(promised, epoch);
        if (killNow.getAsBoolean())
        {
            throw new Killed("killed after promising epoch " + epoch);
        }
    }

    @Override
    public boolean mayHaveLostTail()
    {
        return lostTailMark;
    }

    @Override
    public void journalWhole()
    {
        lostTailMark = false;
    }

    @Override
    public RecordId lead(final long epoch)
    {
        if (epoch > promised)
        {
            throw new IllegalStateException("node " + nodeId + " leads epoch " + epoch + " before promising it");
        }
        if (!leading)
        {
            clearPending();
        }
        leading = true;
        leadingEpoch = epoch;
        ackedInEpoch = RecordId.NO_POSITION;
        checker.onLead(nodeId, epoch);
        return add(EPOCH_RECORD, epoch);
    }

    @Override
    public void follow()
    {
        leading = false;
        clearPending();
    }

    @Override
    public boolean append(final RecordId record, final DirectBuffer buffer, final int offset, final int length)
    {
        if (leading || record.position() <= last().position() || record.epoch() < last().epoch())
        {
            return false;
        }
        final long payloadId = buffer.getLong(offset);
        final RecordId id = add(payloadId, record.epoch(), record.position());
        if (!id.equals(record))
        {
            throw new IllegalStateException("node " + nodeId + " received " + record + " whose bytes make " + id);
        }
        return true;
    }

    @Override
    public void truncateFrom(final long position)
    {
        final int from = firstAtOrAfter(position);
        final List<RecordId> dropped = new ArrayList<>(records.subList(from, records.size()));
        if (killNow.getAsBoolean() && dropped.size() > 1)
        {
            // records are dropped from the end: a kill halfway leaves the first ones of the cut
            final int half = records.size() - dropped.size() / 2;
            checker.onTruncate(nodeId, new ArrayList<>(records.subList(half, records.size())));
            cut(half);
            synced = Math.min(synced, records.size());
            throw new Killed("killed halfway through dropping the records from " + position);
        }
        cut(from);
        if (position <= floor)
        {
            checker.fail("node " + nodeId + " drops records from " + position + " at or below its acknowledgement " +
                "floor " + floor);
        }
        synced = records.size(); // a truncation forces the journal it leaves
        syncedFloor = floor;
        checker.onTruncate(nodeId, dropped);
    }

    @Override
    public int read(final long afterPosition, final int limit, final RecordSink sink)
    {
        int read = 0;
        for (int i = firstAtOrAfter(afterPosition + 1); i < records.size() && read < limit; i++, read++)
        {
            payload.putLong(0, payloads.get(i));
            sink.onRecord(records.get(i), payload, 0, Long.BYTES);
        }
        return read;
    }

    @Override
    public void acknowledged(final long epoch, final long position)
    {
        if (!leading || epoch != leadingEpoch || position > last().position())
        {
            return;
        }
        ackedInEpoch = Math.max(ackedInEpoch, position);
        while (!pending.isEmpty() && pending.get(0).position() <= position)
        {
            final RecordId id = pending.remove(0);
            if (!holds(id))
            {
                throw new IllegalStateException("node " + nodeId + " completes " + id + " it no longer holds");
            }
            checker.onAcknowledged(nodeId, epoch, id);
        }
    }

    @Override
    public void standbyConnected(final boolean connected)
    {
    }
}
