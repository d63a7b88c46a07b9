package dev.scribe.engine;

import dev.scribe.engine.monitor.CountersSnapshot;
import dev.scribe.journal.Journal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an engine counts and measures, read from any thread in its own process, for a metrics library (the
 * {@code scribe-metrics} module binds it to Micrometer): its counters, the latencies of acknowledged commands by
 * durability, and how far each projection and subscription is behind the journal.
 *
 * <p>Every read is cheap and never holds up the business-logic thread: the counters are read from the memory-mapped
 * counters file with acquire semantics (each read takes a lock that only readers and the engine's close share, so a
 * read after the close answers the last values rather than touching unmapped memory), the latencies from their
 * histograms, positions from volatile fields. Totals go on across restarts (see {@link EngineCounters} and the
 * counters file); the business logic publishes them once a batch, so they are as of the last batch ended.
 *
 * <pre>{@code
 * EngineMetrics metrics = EngineMetrics.of(engine);
 * long accepted = metrics.commandsAccepted();
 * long p99 = metrics.latency(Durability.JOURNALED).snapshot().valueAtPercentile(99);
 * }</pre>
 */
public final class EngineMetrics
{
    private final Engine engine;
    private final EngineCounters counters;
    private final CounterReads reads;
    private final Journal journal;
    private final List<String> projectionNames;
    private final List<ProjectionHandler> projections;

    private EngineMetrics(final Engine engine)
    {
        this.engine = engine;
        this.counters = engine.counters();
        this.reads = counters.reads();
        this.journal = engine.subscriptions().journal();
        this.projections = List.copyOf(engine.projections().handlers());
        this.projectionNames = names(projections);
    }

    /**
     * The metrics of an engine.
     *
     * @param engine a launched engine.
     * @return its metrics; they read the engine each time they are asked.
     */
    public static EngineMetrics of(final Engine engine)
    {
        return new EngineMetrics(Objects.requireNonNull(engine, "engine"));
    }

    /**
     * The engine these are the metrics of.
     *
     * @return the engine.
     */
    public Engine engine()
    {
        return engine;
    }

    /**
     * Whether the engine has closed: counters keep their last values, lags read 0.
     *
     * @return true once closed.
     */
    public boolean closed()
    {
        return reads.closed();
    }

    /**
     * Commands that reached the business logic, since the engine directory was created.
     *
     * @return the total.
     */
    public long commandsProcessed()
    {
        return reads.value(EngineCounters.COMMANDS_TYPE_ID, 0);
    }

    /**
     * Commands accepted (repeats by idempotency key included), since the engine directory was created.
     *
     * @return the total.
     */
    public long commandsAccepted()
    {
        return reads.value(EngineCounters.ACCEPTED_TYPE_ID, 0);
    }

    /**
     * Commands rejected by the business logic (by a handler, a check, or because the engine is not the primary),
     * since the engine directory was created. Commands refused by {@code send} before the ring are not counted.
     *
     * @return the total.
     */
    public long commandsRejected()
    {
        return reads.value(EngineCounters.REJECTED_TYPE_ID, 0);
    }

    /**
     * Events journaled (on a standby, events of the records replicated), since the engine directory was created.
     *
     * @return the total.
     */
    public long events()
    {
        return reads.value(EngineCounters.EVENTS_TYPE_ID, 0);
    }

    /**
     * Batches the business logic ended (each ring batch, of one command or many), since the engine directory was
     * created.
     *
     * @return the total.
     */
    public long batches()
    {
        return reads.value(EngineCounters.BATCHES_TYPE_ID, 0);
    }

    /**
     * Records written to the journal, since the engine directory was created.
     *
     * @return the total.
     */
    public long journalRecords()
    {
        return reads.value(EngineCounters.JOURNAL_RECORDS_TYPE_ID, 0);
    }

    /**
     * Bytes of the records written to the journal (without the journal's own framing), since the engine directory
     * was created.
     *
     * @return the total.
     */
    public long journalBytes()
    {
        return reads.value(EngineCounters.JOURNAL_BYTES_TYPE_ID, 0);
    }

    /**
     * Position of the last record journaled and applied, as of the end of the last batch.
     *
     * @return the position, or -1 if the journal is empty.
     */
    public long journalPosition()
    {
        return reads.value(EngineCounters.JOURNAL_POSITION_TYPE_ID, Journal.NULL_POSITION);
    }

    /**
     * Slots of the command ring.
     *
     * @return the ring's size.
     */
    public int ringSize()
    {
        return engine.context().ringSize();
    }

    /**
     * Free slots in the ring, as of the end of the last batch.
     *
     * @return the slots.
     */
    public long ringRemainingCapacity()
    {
        return reads.value(EngineCounters.RING_REMAINING_CAPACITY_TYPE_ID, ringSize());
    }

    /**
     * The longest time the business logic took to decide, journal and apply one command, in this run.
     *
     * @return nanoseconds.
     */
    public long maxCommandProcessingNanos()
    {
        return reads.value(EngineCounters.MAX_PROCESSING_NS_TYPE_ID, 0);
    }

    /**
     * Errors reported on any of the engine's threads in this run (each also in the error log).
     *
     * @return the count.
     */
    public long errors()
    {
        return reads.value(EngineCounters.ERRORS_TYPE_ID, 0);
    }

    /**
     * REPLICATED results completed degraded, without a standby, since the engine directory was created.
     *
     * @return the total.
     */
    public long degradedResults()
    {
        return reads.value(EngineCounters.DEGRADED_TYPE_ID, 0);
    }

    /**
     * Snapshots written, since the engine directory was created.
     *
     * @return the total.
     */
    public long snapshotsWritten()
    {
        return reads.value(CountersSnapshot.SNAPSHOTS_WRITTEN_TYPE_ID, 0);
    }

    /**
     * Time the business logic paused to copy the state for the snapshots written, since the engine directory was
     * created.
     *
     * @return nanoseconds.
     */
    public long snapshotPauseTotalNanos()
    {
        return reads.value(CountersSnapshot.SNAPSHOT_PAUSE_TOTAL_NS_TYPE_ID, 0);
    }

    /**
     * The longest snapshot pause of this run.
     *
     * @return nanoseconds.
     */
    public long maxSnapshotPauseNanos()
    {
        return reads.value(SnapshotTaker.MAX_SNAPSHOT_PAUSE_NS_TYPE_ID, 0);
    }

    /**
     * Results of REPLICATED commands waiting for a standby's acknowledgement now.
     *
     * @return the count; 0 on an engine that does not replicate.
     */
    public int heldForReplication()
    {
        return closed() ? 0 : engine.heldForReplication();
    }

    /**
     * The latencies of the commands acknowledged at a durability in this run, from the moment each took its ring
     * slot to the moment its result completed (a send that waits for room in a full ring waits before that; commands
     * fired by timers are not counted).
     *
     * @param durability the durability the commands asked for.
     * @return the histogram, live: read it as often as wanted.
     */
    public LatencyHistogram latency(final Durability durability)
    {
        return counters.latency(Objects.requireNonNull(durability, "durability"));
    }

    /**
     * Names of the engine's projections, in registration order: a projection's
     * {@link Projection#snapshotName() snapshot name}, else its class's simple name, else {@code projection-N} (N
     * from 1); a name taken already gets {@code -2}, {@code -3}... appended.
     *
     * @return the names.
     */
    public List<String> projectionNames()
    {
        return projectionNames;
    }

    /**
     * How far a projection has applied the journal.
     *
     * @param name one of {@link #projectionNames()}.
     * @return the position of the last record it applied, or -1.
     * @throws IllegalArgumentException if there is no projection of that name.
     */
    public long projectionPosition(final String name)
    {
        return projection(name).progress().applied();
    }

    /**
     * How many records a projection is behind the journal ({@link #recordsBehind(long)}).
     *
     * @param name one of {@link #projectionNames()}.
     * @return the records.
     * @throws IllegalArgumentException if there is no projection of that name.
     */
    public long projectionLag(final String name)
    {
        return recordsBehind(projectionPosition(name));
    }

    /**
     * The engine's subscriptions now: those running and those stopped at a failure, by name.
     *
     * @return the subscriptions, sorted by name.
     */
    public Map<String, RunningSubscription> subscriptions()
    {
        return closed() ? Map.of() : engine.subscriptions().started();
    }

    /**
     * How many records of the journal come after a position, up to the last record journaled: exact within one
     * roll cycle of the journal; for a position in an earlier cycle, the records of the last record's cycle (a lower
     * bound, since positions do not count records across cycles).
     *
     * @param position a position of this engine's journal, or -1 for none.
     * @return the records; 0 if the position is the last one or later, or the engine has closed.
     */
    public long recordsBehind(final long position)
    {
        final long head = journalPosition();
        if (head < 0 || position >= head || closed())
        {
            return 0;
        }
        if (position >= 0 && journal.cycleOf(position) == journal.cycleOf(head))
        {
            return journal.sequenceOf(head) - journal.sequenceOf(position);
        }
        return journal.sequenceOf(head) + 1;
    }

    private ProjectionHandler projection(final String name)
    {
        final int index = projectionNames.indexOf(name);
        if (index < 0)
        {
            throw new IllegalArgumentException("no projection named \"" + name + "\"; the projections are " +
                projectionNames);
        }
        return projections.get(index);
    }

    private static List<String> names(final List<ProjectionHandler> handlers)
    {
        final List<String> names = new ArrayList<>();
        for (int i = 0; i < handlers.size(); i++)
        {
            final Projection projection = handlers.get(i).projection();
            final Class<?> type = projection.getClass();
            String name = projection.snapshotName();
            if (null == name || name.isEmpty())
            {
                name = type.isAnonymousClass() || type.isSynthetic() || type.isHidden() ||
                    type.getSimpleName().isEmpty() ? "projection-" + (i + 1) : type.getSimpleName();
            }
            String unique = name;
            for (int n = 2; names.contains(unique); n++)
            {
                unique = name + "-" + n;
            }
            names.add(unique);
        }
        return Collections.unmodifiableList(names);
    }
}
