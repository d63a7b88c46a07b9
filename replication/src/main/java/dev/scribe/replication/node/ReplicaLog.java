package dev.scribe.replication.node;

import org.agrona.DirectBuffer;

/**
 * The node agent's view of its journal and engine: what the journal holds, the epoch promise kept beside it, and
 * the engine's role. On a real node the engine and its journal implement it; a simulation implements it over a
 * list that loses its unsynced tail when the simulated machine crashes.
 *
 * <p>Called only on the agent's thread.
 */
public interface ReplicaLog
{
    /** Receives the records a primary streams. */
    @FunctionalInterface
    interface RecordSink
    {
        /**
         * One record.
         *
         * @param record its id.
         * @param buffer its bytes.
         * @param offset where they start.
         * @param length how many.
         */
        void onRecord(RecordId record, DirectBuffer buffer, int offset, int length);
    }

    /**
     * The journal's last record: on a standby, the last one journaled (records handed over may still be on their
     * way into the journal).
     *
     * @return its id, or {@link RecordId#NONE} for an empty journal.
     */
    RecordId last();

    /**
     * The journal's last record once every record handed over by {@link #append} is journaled: what a standby states
     * when it dials, so a new stream neither repeats nor skips a record still on its way into the journal.
     *
     * @return its id, or {@link RecordId#NONE} for an empty journal.
     */
    default RecordId settledLast()
    {
        return last();
    }

    /**
     * The record at a position.
     *
     * @param position a position.
     * @return its id, or null if the journal holds no record there.
     */
    RecordId recordAt(long position);

    /**
     * The last record before a position.
     *
     * @param position a position (need not hold a record).
     * @return the id of the journal's last record at a position below it, or {@link RecordId#NONE} if none.
     */
    RecordId recordBefore(long position);

    /**
     * Where an epoch begins in the journal.
     *
     * @param epoch an epoch.
     * @return the position of its first record, or {@link RecordId#NO_POSITION} if the journal holds none.
     */
    long startOf(long epoch);

    /**
     * The newest epoch in the journal's history no newer than the one given.
     *
     * @param epoch an epoch.
     * @return that epoch, or -1 if the journal holds no epoch that old.
     */
    long floorEpoch(long epoch);

    /**
     * Where the first epoch newer than the one given begins.
     *
     * @param epoch an epoch.
     * @return its first position, or {@link RecordId#NO_POSITION} if the journal holds no newer epoch.
     */
    long nextEpochStart(long epoch);

    /**
     * The highest epoch this node has promised never to go below: every epoch it started or heard a primary state.
     * Kept on disk beside the journal.
     *
     * @return the epoch.
     */
    long promisedEpoch();

    /**
     * Raise the promised epoch; on disk (forced) before this returns.
     *
     * @param epoch the epoch heard or about to be started.
     */
    void promise(long epoch);

    /**
     * The acknowledgement floor: the highest position of this journal that this node knows was acknowledged (as
     * the primary, what its standby acknowledged; as a standby, what it acknowledged). A node never drops records
     * at or below it. Kept on disk beside the journal.
     *
     * @return the position, or {@link RecordId#NO_POSITION} if none is known.
     */
    long acknowledgedFloor();

    /**
     * Raise the acknowledgement floor; a lower position leaves it as it is. It need not be forced at once: after a
     * machine crash it may read lower than it was set (no lower than at the journal's last sync), never higher.
     *
     * @param position a position known to be acknowledged.
     */
    void acknowledgedFloor(long position);

    /**
     * Whether the journal may have lost records it had journaled: the machine crashed (not only the process) since
     * the journal was last known to be whole; or the node's directory holds no epoch promise (it was wiped, or
     * replaced by an empty disk or an old copy) and the node was not started explicitly as a new cluster. A node
     * of a cluster that ran before cannot tell an empty directory from a lost one, so only the operator's "new
     * cluster" start makes an empty directory whole (and writes the promise, so a later start is not new).
     *
     * @return true if records may be missing from its tail, or every record may be missing.
     */
    boolean mayHaveLostTail();

    /**
     * The node has caught up with a primary (or compared journals with a peer that is not ahead): whatever a machine
     * crash may have cost the journal is replaced, so {@link #mayHaveLostTail()} is false from now on, across
     * restarts.
     */
    void journalWhole();

    /**
     * Become the primary in a new epoch: journal its first record (an epoch record) after every record already
     * journaled, then take commands. A primary may begin a newer epoch of its own too; results waiting for the
     * standby keep waiting.
     *
     * @param epoch the new epoch, already promised.
     * @return the epoch record.
     */
    RecordId lead(long epoch);

    /**
     * Stop being the primary: stop taking commands; results still waiting for a standby complete in doubt.
     */
    void follow();

    /**
     * A standby's record from the primary, to journal at the same position after the one handed over before it.
     *
     * @param record the record's id.
     * @param buffer its bytes.
     * @param offset where they start.
     * @param length how many.
     * @return false if the journal refuses it (a gap, an older epoch, damaged bytes).
     */
    boolean append(RecordId record, DirectBuffer buffer, int offset, int length);

    /**
     * Drop every record at or after a position (a standby whose journal parts from the primary's).
     *
     * @param position the first record to drop.
     */
    void truncateFrom(long position);

    /**
     * Read records after a position, for streaming.
     *
     * @param afterPosition the position before the first record wanted, or {@link RecordId#NO_POSITION}.
     * @param limit         most records to read.
     * @param sink          receives them in order.
     * @return how many were read.
     */
    int read(long afterPosition, int limit, RecordSink sink);

    /**
     * The standby acknowledged every record up to a position in this primary's epoch: results waiting for it
     * complete.
     *
     * @param epoch    the epoch.
     * @param position the last position acknowledged.
     */
    void acknowledged(long epoch, long position);

    /**
     * Whether a standby is streaming; without one, results waiting for a standby follow the no-standby policy.
     *
     * @param connected true while a session is alive.
     */
    void standbyConnected(boolean connected);
}
