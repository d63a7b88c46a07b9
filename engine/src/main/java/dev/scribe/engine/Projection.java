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
}
