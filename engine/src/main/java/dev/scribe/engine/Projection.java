package dev.scribe.engine;

/**
 * A read model kept up to date from the events, on its own thread behind the business logic. Queries from other
 * threads go through {@link Engine#query(Projection, java.util.function.Function)}, which never sees a half-applied
 * batch. A projection that throws is reported to the error handler and counted; the business logic goes on.
 */
public interface Projection
{
    /**
     * One event of an accepted command.
     *
     * @param position    journal position of the command's record.
     * @param aggregateId id of the aggregate the event belongs to.
     * @param version     that aggregate's version after the event.
     * @param event       the event.
     */
    void onEvent(long position, String aggregateId, long version, Object event);

    /**
     * Name of the projection's checkpoint file, for a projection that keeps its own state outside the engine
     * (a database table, say) and resumes after the last position it saw. Null, the default, means an in-memory
     * projection: it is rebuilt from the whole journal on every launch.
     *
     * @return the checkpoint name, or null.
     */
    default String checkpointName()
    {
        return null;
    }

    /**
     * Drop every effect of the events seen so far (truncate the tables, say): called at launch, before any event,
     * when the checkpoint names a record the journal no longer holds. That happens when the journal lost records
     * the projection had seen: an old primary that rejoins truncates what the new primary never had, and a power
     * cut can lose the journal's tail while the checkpoint survives. Once reset, the projection is rebuilt from the
     * start of the journal, so it never keeps the effects of dropped records nor skips the records now at their
     * positions. Only projections with a {@link #checkpointName() checkpoint} are told to reset.
     *
     * <p>The default cannot reset: the engine then refuses to launch, naming the projection and its checkpoint
     * file, rather than let it skip records. Drop its state and delete that file by hand, or implement this method.
     *
     * @throws UnsupportedOperationException if the projection cannot be reset (the default).
     */
    default void reset()
    {
        throw new UnsupportedOperationException(getClass().getName() + " does not implement Projection.reset()");
    }

    /**
     * Name of the projection's state in snapshots, for an in-memory projection that should not be rebuilt from the
     * whole journal at every launch. Its non-static, non-transient fields are written into each snapshot by the
     * built-in {@link dev.scribe.codecs.payload.StateCodec state codec} at the snapshot's position, and set back
     * into this object at launch; mark fields that are not state (locks, caches) {@code transient}. Null, the
     * default, keeps the projection out of snapshots. If its fields change, an older snapshot's copy is not used and
     * the projection is rebuilt from the journal.
     *
     * @return the snapshot name (letters, digits, '.', '_' or '-'), or null.
     */
    default String snapshotName()
    {
        return null;
    }
}
