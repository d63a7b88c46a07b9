package dev.scribe.engine;

import dev.scribe.engine.snapshot.SnapshotStore;
import dev.scribe.journal.Journal;
import dev.scribe.journal.JournalContext;
import dev.scribe.journal.JvmFlags;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The state of an engine as of a journal position, rebuilt into a separate, read-only instance for diagnosis
 * ("time travel"): the newest snapshot at or before the position (unless told not to use snapshots), then the
 * journal up to and including the position. It opens the journal and snapshots read-only, so it may run beside the
 * live engine, in the same process or another; it has no ring and takes no commands.
 *
 * <pre>{@code
 * try (ReadOnlyEngine past = ReadOnlyEngine.rebuild(bankContext(dir), position))
 * {
 *     Account account = past.aggregate(Account.class, "acc-1");
 *     long hash = past.stateHash();
 * }
 * }</pre>
 *
 * <p>Aggregates and projections handed out are the rebuilt objects themselves: read them, do not change them.
 */
public final class ReadOnlyEngine implements AutoCloseable
{
    private final Journal journal;
    private final AggregateStore store;
    private final Leadership leadership;
    private final List<ProjectionHandler> projections = new ArrayList<>();
    private final Recovery recovery;
    private final Registry registry;

    private ReadOnlyEngine(
        final EngineContext context, final long position, final boolean useSnapshots, final ReplayProgress progress)
    {
        if (position < 0)
        {
            throw new IllegalArgumentException("the position to rebuild the state at must not be negative: " +
                position);
        }
        final JournalContext live = context.journalContext();
        journal = Journal.open(new JournalContext()
            .directory(live.directory())
            .rollCycle(live.rollCycle())
            .maxRecordBytes(live.maxRecordBytes())
            .epochClock(live.epochClock())
            .readOnly(true));
        try
        {
            registry = context.registry();
            store = new AggregateStore(registry);
            leadership = new Leadership(context, store);
            for (final Projection projection : context.projections())
            {
                if (null == projection.checkpointName())
                {
                    projections.add(new ProjectionHandler(projection, context.errorHandler(), null));
                }
            }
            final SnapshotStore snapshots = SnapshotStore.readOnly(context.directory().resolve("snapshots"),
                EngineLog.snapshotWarnings());
            recovery = new StateRecovery(context, store, new IdempotencyKeys(context.idempotencyKeys()), leadership,
                projections, context.errorHandler(), journal, snapshots).recover(position, useSnapshots, progress);
        }
        catch (final RuntimeException ex)
        {
            journal.close();
            throw ex;
        }
    }

    /**
     * Rebuild the state as it was after the record at a position, starting from the newest snapshot at or before
     * it.
     *
     * @param context  the engine's registrations and directory, as given to {@link Engine#launch}; concluded here.
     *                 Projections with a checkpoint keep their state outside the engine and are left out.
     * @param position the last position to apply; {@code Long.MAX_VALUE} for all of the journal.
     * @return the rebuilt state, to be closed.
     * @throws IllegalArgumentException if the context is wrong or the position negative.
     */
    public static ReadOnlyEngine rebuild(final EngineContext context, final long position)
    {
        return rebuild(context, position, true, null);
    }

    /**
     * Rebuild the state as it was after the record at a position.
     *
     * @param context      the engine's registrations and directory; concluded here.
     * @param position     the last position to apply; {@code Long.MAX_VALUE} for all of the journal.
     * @param useSnapshots whether to start from the newest usable snapshot at or before the position, or to replay
     *                     the journal from its start.
     * @param progress     told of progress every few thousand records, or null.
     * @return the rebuilt state, to be closed.
     */
    public static ReadOnlyEngine rebuild(
        final EngineContext context, final long position, final boolean useSnapshots, final ReplayProgress progress)
    {
        JvmFlags.check();
        return new ReadOnlyEngine(context.conclude(), position, useSnapshots, progress);
    }

    /**
     * How the state was rebuilt.
     *
     * @return the recovery report.
     */
    public Recovery recovery()
    {
        return recovery;
    }

    /**
     * Position of the last record applied: the requested position if the journal has a record there, else the last
     * one before it.
     *
     * @return the position, or -1 if nothing was applied.
     */
    public long position()
    {
        return leadership.lastPosition();
    }

    /**
     * The state hash, as {@link Engine#stateHash()} gives it for a live engine at the same position.
     *
     * @return the hash.
     */
    public long stateHash()
    {
        return store.stateHash();
    }

    /**
     * The epoch history as of the position.
     *
     * @return the history.
     */
    public EpochHistory epochHistory()
    {
        return leadership.history();
    }

    /**
     * How many aggregates exist as of the position.
     *
     * @return the count.
     */
    public int aggregateCount()
    {
        return store.size();
    }

    /**
     * Every aggregate id, in order.
     *
     * @return the sorted ids.
     */
    public List<String> aggregateIds()
    {
        final List<String> ids = new ArrayList<>(store.size());
        for (final AggregateEntry entry : store.entries())
        {
            ids.add(entry.id);
        }
        ids.sort(null);
        return ids;
    }

    /**
     * An aggregate as of the position.
     *
     * @param type the aggregate class.
     * @param id   its id.
     * @param <A>  the aggregate type.
     * @return the aggregate, or null if it had no event yet.
     * @throws IllegalArgumentException if the id belongs to an aggregate of another type.
     */
    public <A extends Aggregate> A aggregate(final Class<A> type, final String id)
    {
        final AggregateEntry entry = store.get(id);
        if (null == entry)
        {
            return null;
        }
        if (entry.type.type() != type)
        {
            throw new IllegalArgumentException(id + " is a " + entry.type.type().getSimpleName() + ", not a " +
                type.getSimpleName());
        }
        return type.cast(entry.state);
    }

    /**
     * An aggregate's version (its number of events) as of the position.
     *
     * @param id the aggregate id.
     * @return the version, 0 if it had no event yet.
     */
    public long version(final String id)
    {
        final AggregateEntry entry = store.get(id);
        return null == entry ? 0 : entry.version;
    }

    /**
     * Read an in-memory projection as of the position.
     *
     * @param projection a projection registered in the context.
     * @param query      reads it.
     * @param <P>        the projection type.
     * @param <R>        the result type.
     * @return the query's result.
     */
    @SuppressWarnings("unchecked")
    public <P extends Projection, R> R query(final P projection, final Function<P, R> query)
    {
        for (final ProjectionHandler handler : projections)
        {
            if (handler.projection() == projection)
            {
                return handler.query(p -> query.apply((P)p));
            }
        }
        throw new IllegalArgumentException(projection.getClass().getName() + " is not an in-memory projection of " +
            "this engine's context");
    }

    /**
     * Reads of the journal, as {@link Engine#events()} gives them: pages of events, and saga runs.
     *
     * @return the reads; valid until this is closed.
     */
    public JournalEvents events()
    {
        return new JournalEvents(journal, registry);
    }

    @Override
    public void close()
    {
        journal.close();
    }
}
