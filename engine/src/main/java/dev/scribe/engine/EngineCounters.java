package dev.scribe.engine;

import dev.scribe.engine.monitor.CountersFile;
import dev.scribe.engine.monitor.CountersSnapshot;
import dev.scribe.journal.Journal;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

/**
 * The engine's counters, Agrona {@link AtomicCounter}s in the {@link CountersFile}, so a tool in another process
 * reads them ({@link EngineStat}). Each counter but {@code errors} and {@code degraded} has one writer thread, which
 * writes with release semantics and no atomic read-modify-write; those two come from any thread and are added
 * atomically.
 *
 * <p>The business-logic thread's totals (commands, outcomes, events, batches, journal records and bytes) are counted
 * in plain fields and published together at the end of each batch ({@link #endOfBatch()}), after the batch's
 * journal document is written and its position published, before any of its results completes. So a caller that has
 * its result reads counters that include its command, and the file never counts a command whose record a crash
 * could still lose: after a SIGKILL the totals are those of the last batch ended. Totals carry on from the previous
 * run's file ({@link CounterTotals}); the other counters (positions, capacity, maxima, errors) are per run.
 */
final class EngineCounters
{
    static final int COMMANDS_TYPE_ID = 1;
    static final int ACCEPTED_TYPE_ID = 2;
    static final int REJECTED_TYPE_ID = 3;
    static final int EVENTS_TYPE_ID = 4;
    static final int JOURNAL_POSITION_TYPE_ID = CountersSnapshot.JOURNAL_POSITION_TYPE_ID;
    static final int RING_REMAINING_CAPACITY_TYPE_ID = 6;
    static final int MAX_PROCESSING_NS_TYPE_ID = 7;
    static final int ERRORS_TYPE_ID = CountersSnapshot.ERRORS_TYPE_ID;
    static final int DEGRADED_TYPE_ID = 9;
    static final int HANDLER_FAILURES_TYPE_ID = CountersSnapshot.HANDLER_FAILURES_TYPE_ID;
    static final int BATCHES_TYPE_ID = CountersSnapshot.BATCHES_TYPE_ID;
    static final int JOURNAL_RECORDS_TYPE_ID = CountersSnapshot.JOURNAL_RECORDS_TYPE_ID;
    static final int JOURNAL_BYTES_TYPE_ID = CountersSnapshot.JOURNAL_BYTES_TYPE_ID;

    private final AtomicCounter commands;
    private final AtomicCounter accepted;
    private final AtomicCounter rejected;
    private final AtomicCounter events;
    private final AtomicCounter batches;
    private final AtomicCounter journalRecords;
    private final AtomicCounter journalBytes;
    private final AtomicCounter journalPosition;
    private final AtomicCounter ringRemainingCapacity;
    private final AtomicCounter maxProcessingNs;
    private final AtomicCounter errors;
    private final AtomicCounter degraded;
    private final AtomicCounter handlerFailures;
    private final AtomicCounter snapshotsWritten;
    private final AtomicCounter lastSnapshotPosition;
    private final AtomicCounter maxSnapshotPauseNs;
    private final AtomicCounter snapshotPauseTotalNs;
    private final CountersManager manager;
    private final CounterTotals totals;
    private final CounterReads reads;
    /** By durability: the latencies of acknowledged commands, in this process only (not in the file). */
    private final LatencyHistogram[] latencies = new LatencyHistogram[Durability.values().length];

    /** The business-logic thread's running totals and maximum, published at the end of each batch. */
    private final Pending pending = new Pending();

    /**
     * Counters kept in memory only, for a fixture that runs the business logic without an engine directory. The
     * buffers are direct and cache-line aligned, as the mapped file's are: counters are updated with atomic
     * operations, which need 8-byte aligned addresses, and a heap {@code byte[]} does not promise one (Agrona prints
     * a warning for every atomic buffer over one).
     */
    static EngineCounters inMemory(final int ringSize)
    {
        return new EngineCounters(new CountersManager(
            new UnsafeBuffer(BufferUtil.allocateDirectAligned(CountersFile.METADATA_LENGTH,
                BitUtil.CACHE_LINE_LENGTH)),
            new UnsafeBuffer(BufferUtil.allocateDirectAligned(CountersFile.VALUES_LENGTH,
                BitUtil.CACHE_LINE_LENGTH))),
            ringSize, CounterTotals.NONE);
    }

    /**
     * Allocate the counters.
     *
     * @param manager  the counters manager over the counters file.
     * @param ringSize the ring's size, its remaining capacity at launch.
     * @param totals   the totals the previous run left, to carry on from.
     */
    EngineCounters(final CountersManager manager, final int ringSize, final CounterTotals totals)
    {
        this.manager = manager;
        this.totals = totals;
        this.reads = new CounterReads(manager);
        for (final Durability durability : Durability.values())
        {
            // REPLICATED results complete on the responder and on the replication gate's completer
            latencies[durability.ordinal()] = new LatencyHistogram(durability == Durability.REPLICATED);
        }
        commands = newCounter("commands processed", COMMANDS_TYPE_ID);
        accepted = newCounter("commands accepted", ACCEPTED_TYPE_ID);
        rejected = newCounter("commands rejected", REJECTED_TYPE_ID);
        events = newCounter("events journaled", EVENTS_TYPE_ID);
        journalPosition = newCounter("journal position", JOURNAL_POSITION_TYPE_ID);
        ringRemainingCapacity = newCounter("ring remaining capacity", RING_REMAINING_CAPACITY_TYPE_ID);
        maxProcessingNs = newCounter("max command processing time ns", MAX_PROCESSING_NS_TYPE_ID);
        errors = newCounter("errors", ERRORS_TYPE_ID);
        degraded = newCounter("replicated commands acknowledged degraded (no standby)", DEGRADED_TYPE_ID);
        batches = newCounter("business-logic batches", BATCHES_TYPE_ID);
        journalRecords = newCounter("journal records written", JOURNAL_RECORDS_TYPE_ID);
        journalBytes = newCounter("journal bytes written", JOURNAL_BYTES_TYPE_ID);
        handlerFailures = newCounter("commands whose handler threw (also counted rejected)",
            HANDLER_FAILURES_TYPE_ID);
        // the snapshot writer's, here rather than where it starts (after the replay), so that a launch that fails or
        // is killed while it replays leaves the snapshot totals in the file it replaced
        snapshotsWritten = newCounter("snapshots written", SnapshotTaker.SNAPSHOTS_WRITTEN_TYPE_ID);
        lastSnapshotPosition = newCounter("last snapshot position", SnapshotTaker.LAST_SNAPSHOT_POSITION_TYPE_ID);
        maxSnapshotPauseNs = newCounter("max snapshot pause ns (business logic copying the state)",
            SnapshotTaker.MAX_SNAPSHOT_PAUSE_NS_TYPE_ID);
        snapshotPauseTotalNs = newCounter("snapshot pauses total ns (of the snapshots written)",
            CountersSnapshot.SNAPSHOT_PAUSE_TOTAL_NS_TYPE_ID);
        lastSnapshotPosition.setRelease(Journal.NULL_POSITION);
        journalPosition.setRelease(Journal.NULL_POSITION);
        ringRemainingCapacity.setRelease(ringSize);
        pending.commandTotal = commands.get();
        pending.acceptedTotal = accepted.get();
        pending.rejectedTotal = rejected.get();
        pending.eventTotal = events.get();
        pending.batchTotal = batches.get();
        pending.recordTotal = journalRecords.get();
        pending.byteTotal = journalBytes.get();
    }

    /**
     * Another counter in the same file, for a component such as the snapshot writer or the replication node; a
     * total ({@link CounterTotals#isTotal}) starts where the previous run left it.
     */
    synchronized AtomicCounter newCounter(final String label, final int typeId)
    {
        final AtomicCounter counter = manager.newCounter(label, typeId);
        if (CounterTotals.isTotal(typeId))
        {
            counter.setRelease(totals.previous(typeId));
        }
        return counter;
    }

    /** Snapshots written (the snapshot writer's thread). */
    AtomicCounter snapshotsWritten()
    {
        return snapshotsWritten;
    }

    /** Position of the last snapshot written, or -1 (the snapshot writer's thread). */
    AtomicCounter lastSnapshotPosition()
    {
        return lastSnapshotPosition;
    }

    /** The longest pause for a snapshot of this run (the snapshot writer's thread). */
    AtomicCounter maxSnapshotPauseNs()
    {
        return maxSnapshotPauseNs;
    }

    /** The pauses of the snapshots written, in total (the snapshot writer's thread). */
    AtomicCounter snapshotPauseTotalNs()
    {
        return snapshotPauseTotalNs;
    }

    /**
     * The latencies of the commands acknowledged at a durability: recorded where their results complete, by the
     * business-logic thread (and, for REPLICATED, the threads completing results a standby acknowledged).
     */
    LatencyHistogram latency(final Durability durability)
    {
        return latencies[durability.ordinal()];
    }

    /**
     * Reads of these counters from any thread, safe against the engine's close.
     */
    CounterReads reads()
    {
        return reads;
    }

    /** A REPLICATED result completed degraded (replication thread or responder; atomic). */
    void degraded()
    {
        degraded.increment();
    }

    long degradedCount()
    {
        return degraded.get();
    }

    /** A command reached the business logic (business-logic thread). */
    void commands()
    {
        pending.commandTotal++;
    }

    /** A command was accepted (business-logic thread). */
    void accepted()
    {
        pending.acceptedTotal++;
    }

    /** A command was rejected (business-logic thread). */
    void rejected()
    {
        pending.rejectedTotal++;
    }

    /**
     * A command counted as accepted was rejected after all: the journal lost its record (business-logic thread).
     */
    void acceptedThenLost()
    {
        pending.acceptedTotal--;
        pending.rejectedTotal++;
    }

    /** A command's handler threw; the command is counted rejected as well (business-logic thread). */
    void handlerFailed()
    {
        handlerFailures.incrementRelease();
    }

    long handlerFailureCount()
    {
        return handlerFailures.get();
    }

    /** Events were journaled (business-logic thread). */
    void events(final int count)
    {
        pending.eventTotal += count;
    }

    /** Records were written to the journal, in one document or more (business-logic thread). */
    void journalWritten(final int records, final long bytes)
    {
        pending.recordTotal += records;
        pending.byteTotal += bytes;
    }

    /**
     * A business-logic batch ended: publish its totals (business-logic thread, after its journal position).
     */
    void endOfBatch()
    {
        pending.batchTotal++;
        commands.setRelease(pending.commandTotal);
        accepted.setRelease(pending.acceptedTotal);
        rejected.setRelease(pending.rejectedTotal);
        events.setRelease(pending.eventTotal);
        journalRecords.setRelease(pending.recordTotal);
        journalBytes.setRelease(pending.byteTotal);
        batches.setRelease(pending.batchTotal);
        if (0 != pending.maxProcessingNs)
        {
            maxProcessingNs.proposeMaxRelease(pending.maxProcessingNs);
            pending.maxProcessingNs = 0;
        }
    }

    /** An error was reported (any thread). */
    void error()
    {
        errors.increment();
    }

    /** The position of the last record journaled (business-logic thread, or the launching one before it). */
    void journalPosition(final long position)
    {
        journalPosition.setRelease(position);
    }

    /** Free slots in the ring (business-logic thread). */
    void ringRemainingCapacity(final long slots)
    {
        ringRemainingCapacity.setRelease(slots);
    }

    /** Time to process one command (business-logic thread); the counter keeps the largest. */
    void processingTime(final long nanos)
    {
        if (nanos > pending.maxProcessingNs)
        {
            pending.maxProcessingNs = nanos;
        }
    }

    long commandCount()
    {
        return commands.get();
    }

    long acceptedCount()
    {
        return accepted.get();
    }

    long rejectedCount()
    {
        return rejected.get();
    }

    long eventCount()
    {
        return events.get();
    }

    long batchCount()
    {
        return batches.get();
    }

    long journalRecordCount()
    {
        return journalRecords.get();
    }

    long journalByteCount()
    {
        return journalBytes.get();
    }

    long errorCount()
    {
        return errors.get();
    }

    long journalPosition()
    {
        return journalPosition.get();
    }

    long ringRemainingCapacity()
    {
        return ringRemainingCapacity.get();
    }

    long maxProcessingNs()
    {
        return maxProcessingNs.get();
    }

    /** The business-logic thread's totals, and its largest processing time since the last batch ended. */
    private static final class Pending
    {
        long commandTotal;
        long acceptedTotal;
        long rejectedTotal;
        long eventTotal;
        long batchTotal;
        long recordTotal;
        long byteTotal;
        long maxProcessingNs;
    }
}
