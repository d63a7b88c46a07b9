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
 * reads them ({@link EngineStat}). Each counter but {@code errors} has one writer thread, which writes with release
 * semantics and no atomic read-modify-write; errors come from any thread and are added atomically. The business-logic
 * thread's per-command counts are kept in plain fields and published once a batch ({@link #flush}), before the batch's
 * results complete, so a caller that has its result reads counts that include its command.
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

    private final AtomicCounter commands;
    private final AtomicCounter accepted;
    private final AtomicCounter rejected;
    private final AtomicCounter events;
    private final AtomicCounter journalPosition;
    private final AtomicCounter ringRemainingCapacity;
    private final AtomicCounter maxProcessingNs;
    private final AtomicCounter errors;
    private final AtomicCounter degraded;
    private final AtomicCounter handlerFailures;
    private final CountersManager manager;
    /** Counts not yet published: the business-logic thread's alone. */
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
            ringSize);
    }

    /**
     * Allocate the counters.
     *
     * @param manager  the counters manager over the counters file.
     * @param ringSize the ring's size, its remaining capacity at launch.
     */
    EngineCounters(final CountersManager manager, final int ringSize)
    {
        commands = manager.newCounter("commands processed", COMMANDS_TYPE_ID);
        accepted = manager.newCounter("commands accepted", ACCEPTED_TYPE_ID);
        rejected = manager.newCounter("commands rejected", REJECTED_TYPE_ID);
        events = manager.newCounter("events journaled", EVENTS_TYPE_ID);
        journalPosition = manager.newCounter("journal position", JOURNAL_POSITION_TYPE_ID);
        ringRemainingCapacity = manager.newCounter("ring remaining capacity", RING_REMAINING_CAPACITY_TYPE_ID);
        maxProcessingNs = manager.newCounter("max command processing time ns", MAX_PROCESSING_NS_TYPE_ID);
        errors = manager.newCounter("errors", ERRORS_TYPE_ID);
        degraded = manager.newCounter("replicated commands acknowledged degraded (no standby)", DEGRADED_TYPE_ID);
        handlerFailures = manager.newCounter("commands whose handler threw (also counted rejected)",
            HANDLER_FAILURES_TYPE_ID);
        this.manager = manager;
        journalPosition.setRelease(Journal.NULL_POSITION);
        ringRemainingCapacity.setRelease(ringSize);
    }

    /** Another counter in the same file, for a component such as the replication node. */
    synchronized AtomicCounter newCounter(final String label, final int typeId)
    {
        return manager.newCounter(label, typeId);
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
        pending.commands++;
    }

    /** A command was accepted (business-logic thread). */
    void accepted()
    {
        pending.accepted++;
    }

    /** A command was rejected (business-logic thread). */
    void rejected()
    {
        pending.rejected++;
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
        pending.events += count;
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

    /** Publish the counts kept since the last flush (business-logic thread, at the end of a batch). */
    void flush()
    {
        if (0 != pending.commands)
        {
            commands.getAndAddRelease(pending.commands);
            pending.commands = 0;
        }
        if (0 != pending.accepted)
        {
            accepted.getAndAddRelease(pending.accepted);
            pending.accepted = 0;
        }
        if (0 != pending.rejected)
        {
            rejected.getAndAddRelease(pending.rejected);
            pending.rejected = 0;
        }
        if (0 != pending.events)
        {
            events.getAndAddRelease(pending.events);
            pending.events = 0;
        }
        if (0 != pending.maxProcessingNs)
        {
            maxProcessingNs.proposeMaxRelease(pending.maxProcessingNs);
            pending.maxProcessingNs = 0;
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

    /** The business-logic thread's counts since its last {@link #flush}. */
    private static final class Pending
    {
        long commands;
        long accepted;
        long rejected;
        long events;
        long maxProcessingNs;
    }
}
