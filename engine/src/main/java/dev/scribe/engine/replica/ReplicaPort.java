package dev.scribe.engine.replica;

import dev.scribe.engine.Engine;
import dev.scribe.engine.EngineException;
import dev.scribe.engine.EngineRole;
import dev.scribe.engine.EpochHistory;
import dev.scribe.engine.NoStandbyPolicy;
import dev.scribe.engine.SnapshotPolicy;
import dev.scribe.journal.Journal;
import dev.scribe.journal.JournalTailer;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * How the replication module drives an engine: hand a standby the primary's records, acknowledge a primary's
 * REPLICATED results, change leadership, and read the journal. An engine launched with
 * {@link Engine#launch(dev.scribe.engine.EngineContext, ReplicaSetup)} hands its port to the
 * {@link ReplicationLink#attach link}; users of the engine never need it.
 */
public interface ReplicaPort
{
    /**
     * The engine's role.
     *
     * @return primary or standby.
     */
    EngineRole role();

    /**
     * The current leadership epoch: the epoch of the records the engine writes (a primary) or last received (a
     * standby).
     *
     * @return the epoch.
     */
    long epoch();

    /**
     * Where each epoch begins in the engine's journal.
     *
     * @return the history, as of the last record processed.
     */
    EpochHistory epochHistory();

    /**
     * Position of the last record journaled and applied, as of the end of the last business-logic batch.
     *
     * @return the position, or -1 if the journal is empty.
     */
    long lastPosition();

    /**
     * Wait until the business logic has processed everything published before this call (commands, replicated
     * records), then give the last position journaled.
     *
     * @return the position, or -1 if the journal is empty.
     * @throws EngineException if the engine is closed.
     */
    long barrier();

    /**
     * Make a standby the primary, starting an epoch no lower than the one given and above every epoch it has
     * journaled: in order with the records already handed to it, it journals an epoch record, then takes commands.
     * Nothing changes on a primary.
     *
     * @param minimumEpoch the lowest epoch to start (a standby that has heard of a newer epoch than its journal holds
     *                     must not start that epoch again).
     * @return the engine's epoch afterwards.
     * @throws EngineException if the engine is closed.
     */
    long promote(long minimumEpoch);

    /**
     * Lead exactly the epoch given: in order with the records already handed to it, the engine journals an epoch
     * record of that epoch, then takes commands in it. A standby becomes the primary; a primary begins the newer
     * epoch, and REPLICATED results waiting for a standby keep waiting (only an acknowledgement in the new epoch
     * completes them).
     *
     * @param epoch the epoch, above every epoch the engine has journaled or followed.
     * @return the position of the epoch record.
     * @throws EngineException if the epoch is not above them (nothing is journaled), or the engine is closed.
     */
    long lead(long epoch);

    /**
     * Hand a standby a record of the primary, to journal at the same position and apply, in order; waits while the
     * ring is full. A record the standby cannot take (a gap, an older epoch, damaged bytes) is reported to
     * {@link ReplicationLink#onReplicaRefused} and the error log.
     *
     * @param position the record's position in the primary's journal.
     * @param buffer   the record's bytes.
     * @param offset   where they start.
     * @param length   how many.
     * @throws EngineException if the engine is closed or not a standby.
     */
    void replicate(long position, DirectBuffer buffer, int offset, int length);

    /**
     * A standby acknowledged every record up to a position: the REPLICATED results it covers complete, in order, on
     * the engine's own completer thread. Acknowledgements of another epoch than the engine's are ignored.
     *
     * @param epoch    the epoch the standby acknowledged in.
     * @param position the last position it journaled.
     * @return whether the acknowledgement was taken.
     */
    boolean acknowledged(long epoch, long position);

    /**
     * Whether a standby is connected and acknowledging; without one, REPLICATED results follow the
     * {@link NoStandbyPolicy}.
     *
     * @param connected true when a standby is streaming.
     */
    void standbyConnected(boolean connected);

    /**
     * The last position a standby acknowledged in the engine's epoch.
     *
     * @return the position, or -1.
     */
    long acknowledgedPosition();

    /**
     * Set the retention floor: the last position the engine's journal is known to share with its peer's. Journal
     * retention ({@link SnapshotPolicy#journalRetention}) keeps the newest snapshot at or before the floor and every
     * cycle file after it, so a node truncated back to the floor can rebuild its state. Without a floor, a replicated
     * engine takes the position before the start of its newest epoch. Takes effect at the next snapshot.
     *
     * @param position a journal position, or -1 for none.
     * @throws IllegalArgumentException if the position is below -1.
     */
    void retentionFloor(long position);

    /**
     * Allocate another counter in the engine's counters file, shown by {@code scribe stat} with the engine's own.
     *
     * @param label  what it counts.
     * @param typeId a type id of 100 or more (lower ones are the engine's).
     * @return the counter.
     * @throws IllegalArgumentException if the type id is below 100.
     */
    AtomicCounter newCounter(String label, int typeId);

    /**
     * The engine's error handler, for components running beside it: it counts the error, writes it to the error log
     * in the engine directory and passes it to the context's handler.
     *
     * @return the handler, safe to call from any thread.
     */
    ErrorHandler errorHandler();

    /**
     * A tailer over the engine's journal, for streaming it to a standby or looking records up. For one thread at a
     * time; close it before closing the engine.
     *
     * @param from position to start at; {@link Journal#NULL_POSITION} or a position before the first starts at the
     *             first.
     * @return the tailer.
     */
    JournalTailer tailer(long from);
}
