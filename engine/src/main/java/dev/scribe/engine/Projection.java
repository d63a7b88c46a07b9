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
