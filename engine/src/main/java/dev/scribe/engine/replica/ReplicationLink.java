package dev.scribe.engine.replica;

import dev.scribe.engine.Engine;

/**
 * The engine's side of replication, implemented by the replication module: told, on the business-logic thread,
 * what the journal holds, so it can stream records (on a primary) or acknowledge them (on a standby). Its methods
 * must be quick and must not block: they run between commands.
 */
public interface ReplicationLink
{
    /**
     * Once, when an engine with this link is launched, before it takes any command or replicated record: the port
     * through which the replication module drives it. An engine relaunched with the same link hands it the new
     * engine's port.
     *
     * @param port the launched engine's replication port.
     */
    void attach(ReplicaPort port);

    /**
     * At the end of a business-logic batch that journaled at least one record.
     *
     * @param position the position of the last record journaled so far.
     */
    void onJournaled(long position);

    /**
     * After the record at a hash-check position was applied (see {@link ReplicaSetup#hashCheckInterval()}).
     *
     * @param position the record's position.
     * @param hash     {@link Engine#stateHash()} with that record applied and nothing after it.
     */
    void onStateHash(long position, long hash);

    /**
     * A standby could not journal or apply a record of the primary (a gap, a stale epoch, a damaged record): the
     * stream must restart from the standby's last position.
     *
     * @param position the record's position.
     * @param reason   what was wrong.
     */
    default void onReplicaRefused(final long position, final String reason)
    {
    }
}
