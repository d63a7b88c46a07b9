package dev.scribe.engine;

import dev.scribe.engine.monitor.CountersFile;
import dev.scribe.engine.monitor.CountersSnapshot;
import org.agrona.collections.Long2LongHashMap;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The totals an engine's previous run left in its counters file, read at launch before the file is replaced, so that
 * the counters that count since the engine directory was created (commands, outcomes, events, batches, journal records
 * and bytes, degraded results, snapshots and their pauses) go on from there rather than from zero. Values that
 * describe one run (positions, the ring's room, maxima, errors, which go with that run's error log) start afresh.
 *
 * <p>The business logic publishes its totals only at the end of a batch whose records are written ({@link
 * EngineCounters}), so the totals a killed engine left count no command a relaunch does not find in its journal.
 * A file that cannot be read (damaged, or of another format version) is reported and the totals start from zero.
 */
final class CounterTotals
{
    /** No previous run. */
    static final CounterTotals NONE = new CounterTotals(new Long2LongHashMap(0), null);

    private static final int[] TOTAL_TYPE_IDS =
    {
        EngineCounters.COMMANDS_TYPE_ID,
        EngineCounters.ACCEPTED_TYPE_ID,
        EngineCounters.REJECTED_TYPE_ID,
        EngineCounters.EVENTS_TYPE_ID,
        EngineCounters.DEGRADED_TYPE_ID,
        EngineCounters.BATCHES_TYPE_ID,
        EngineCounters.JOURNAL_RECORDS_TYPE_ID,
        EngineCounters.JOURNAL_BYTES_TYPE_ID,
        CountersSnapshot.SNAPSHOTS_WRITTEN_TYPE_ID,
        CountersSnapshot.SNAPSHOT_REQUESTS_TYPE_ID,
        CountersSnapshot.SNAPSHOT_PAUSE_TOTAL_NS_TYPE_ID,
    };

    private final Long2LongHashMap previous;
    private final String problem;

    private CounterTotals(final Long2LongHashMap previous, final String problem)
    {
        this.previous = previous;
        this.problem = problem;
    }

    /**
     * The totals in an engine directory's counters file, if there is one; called while the journal's writer lock is
     * held, so no engine writes the file meanwhile.
     *
     * @param directory the engine directory.
     * @return the totals, {@link #NONE} if there is no file, or none with a {@link #problem()} if it is unreadable.
     */
    static CounterTotals read(final Path directory)
    {
        final Path file = directory.resolve(CountersFile.FILE_NAME);
        if (!Files.exists(file))
        {
            return NONE;
        }
        final CountersSnapshot snapshot;
        try
        {
            snapshot = CountersSnapshot.read(file);
        }
        catch (final RuntimeException ex)
        {
            return new CounterTotals(new Long2LongHashMap(0), "the totals of the previous run could not be read, " +
                "so they start from zero: " + ex.getMessage());
        }
        final Long2LongHashMap values = new Long2LongHashMap(0);
        for (final CountersSnapshot.Counter counter : snapshot.counters())
        {
            if (isTotal(counter.typeId()) && !values.containsKey(counter.typeId()) && counter.value() > 0)
            {
                values.put(counter.typeId(), counter.value());
            }
        }
        return new CounterTotals(values, null);
    }

    /**
     * Whether counters of a type count since the engine directory was created rather than since launch.
     *
     * @param typeId a counter type id.
     * @return true for a total.
     */
    static boolean isTotal(final int typeId)
    {
        for (final int total : TOTAL_TYPE_IDS)
        {
            if (total == typeId)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * What the previous run counted.
     *
     * @param typeId a total's type id.
     * @return its last value, 0 if none.
     */
    long previous(final int typeId)
    {
        return previous.get(typeId);
    }

    /**
     * Why the previous run's totals could not be read.
     *
     * @return the reason, or null if they were read (or there were none).
     */
    String problem()
    {
        return problem;
    }
}
