package dev.scribe.engine;

import dev.scribe.engine.replica.ReplicationLink;
import dev.scribe.journal.PositionFormat;
import org.agrona.ErrorHandler;

/**
 * The engine's role, epoch and epoch history, and the replication link's notifications. Written on the
 * business-logic thread (and by replay before it starts); read from any thread.
 */
final class Leadership
{
    private static final int PADDED_LONGS = 24;
    private static final int JOURNALED = 8;
    private static final int RECORDS = 9;
    private final AggregateStore store;
    private final ReplicationLink link;
    private final long hashMask;
    private volatile EngineRole role;
    private volatile long epoch;
    private volatile EpochHistory history = EpochHistory.EMPTY;
    private volatile long lastPosition = -1;
    /**
     * The last position journaled and the records journaled since launch, written at every record on the
     * business-logic thread and read only there: they sit in the middle of an array of their own, a cache line
     * clear of any other object, so writing them never takes from another core the line holding the role, which
     * every send reads.
     */
    private final long[] written = new long[PADDED_LONGS];

    Leadership(final EngineContext context, final AggregateStore store)
    {
        this.store = store;
        this.link = context.replicationLink();
        this.hashMask = context.hashCheckInterval() == 0 ? -1 : context.hashCheckInterval() - 1;
        this.role = context.role();
        this.epoch = context.epoch();
        written[JOURNALED] = -1;
    }

    EngineRole role()
    {
        return role;
    }

    void role(final EngineRole role)
    {
        this.role = role;
    }

    long epoch()
    {
        return epoch;
    }

    EpochHistory history()
    {
        return history;
    }

    long lastPosition()
    {
        return lastPosition;
    }

    /**
     * A record of an epoch is in the journal at a position (replayed, appended or replicated): the first record of
     * a newer epoch starts it in the history. Returns false, changing nothing, if the epoch is older than the
     * current one.
     */
    boolean recorded(final long recordEpoch, final long position)
    {
        written[JOURNALED] = position;
        written[RECORDS]++;
        if (recordEpoch > history.lastEpoch())
        {
            history = history.with(recordEpoch, position);
        }
        if (recordEpoch > epoch)
        {
            epoch = recordEpoch;
        }
        else if (recordEpoch < history.lastEpoch())
        {
            return false;
        }
        return true;
    }

    /**
     * After a record is journaled, applied and its bookkeeping done, on the business-logic thread: the state hash
     * check. It cannot undo anything: a hash that cannot be taken (an aggregate's {@code hashState} that throws) or a
     * link that throws is reported, and the record stands.
     */
    void applied(final long position, final ErrorHandler errorHandler)
    {
        if (hashMask >= 0 && (position & hashMask) == 0 && null != link)
        {
            try
            {
                link.onStateHash(position, store.stateHash());
            }
            catch (final Throwable t)
            {
                errorHandler.onError(new EngineException("the state hash check after the record at " +
                    PositionFormat.position(position) +
                    " failed; the record is journaled and applied, and no hash was sent for it", t));
            }
        }
    }

    /** At the end of a business-logic batch: publish the last position journaled, if it moved. */
    void endOfBatch(final EngineCounters counters)
    {
        final long position = written[JOURNALED];
        if (position != lastPosition)
        {
            lastPosition = position;
            counters.journalPosition(position);
            if (null != link)
            {
                link.onJournaled(position);
            }
        }
    }

    /**
     * The journal lost the records after a position (a batch document it could not write): the position published
     * at the end of the batch is at most that one.
     */
    void lostAfter(final long position)
    {
        if (written[JOURNALED] > position)
        {
            written[JOURNALED] = position;
        }
    }

    /** The next epoch, for a promotion; on the business-logic thread. */
    long nextEpoch()
    {
        return Math.max(epoch, history.lastEpoch()) + 1;
    }

    /** Position of the last record journaled, on the business-logic thread. */
    long journaled()
    {
        return written[JOURNALED];
    }

    /** Records journaled (replayed, appended or replicated) since launch, on the business-logic thread. */
    long recordsJournaled()
    {
        return written[RECORDS];
    }

    /** The state was loaded from a snapshot at a position, before replay. */
    void restored(final EpochHistory snapshotHistory, final long position)
    {
        history = snapshotHistory;
        written[JOURNALED] = position;
        lastPosition = position;
        if (snapshotHistory.lastEpoch() > epoch)
        {
            epoch = snapshotHistory.lastEpoch();
        }
    }

    /** Replay ended at a position. */
    void replayed(final long position)
    {
        lastPosition = position;
        if (history.lastEpoch() > epoch)
        {
            epoch = history.lastEpoch();
        }
    }
}
