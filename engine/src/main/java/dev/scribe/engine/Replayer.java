package dev.scribe.engine;

import dev.scribe.codecs.journal.RecordView;
import dev.scribe.journal.PositionFormat;
import dev.scribe.journal.RecordHandler;
import org.agrona.ErrorHandler;

import java.util.List;

/**
 * Rebuilds state from the journal: applies every event of every record to its aggregate (never re-running a
 * command handler), remembers idempotency keys, and feeds in-memory projections.
 */
final class Replayer implements RecordHandler
{
    private final Registry registry;
    private final AggregateStore store;
    private final IdempotencyKeys idempotency;
    private final List<ProjectionHandler> projections;
    private final ErrorHandler errorHandler;
    private final Leadership leadership;
    private CommandSlot slot;
    private AggregateEntry[] entries = new AggregateEntry[4];
    private long records;
    private long lastPosition = -1;
    private long aggregatesAfter = -1;
    private long upTo = Long.MAX_VALUE;
    private boolean pastEnd;
    private long events;
    private final RecordEvents recordEvents = new RecordEvents();
    private final EventDecoding decoding;
    /** Replays one event to every projection, as {@link RecordEvents} hands them out. */
    private final Projection toProjections = this::replayToProjections;

    Replayer(
        final Registry registry,
        final AggregateStore store,
        final IdempotencyKeys idempotency,
        final List<ProjectionHandler> projections,
        final ErrorHandler errorHandler,
        final Leadership leadership)
    {
        this.leadership = leadership;
        this.registry = registry;
        this.store = store;
        this.idempotency = idempotency;
        this.projections = projections;
        this.errorHandler = errorHandler;
        this.decoding = new EventDecoding(registry.codecs());
    }

    /**
     * Apply a standby's copy of a record, live: its events go to the slot, for the projections behind the business
     * logic, rather than straight to the projections as in replay.
     */
    void applyReplica(final long position, final RecordView record, final CommandSlot slot)
    {
        this.slot = slot;
        try
        {
            onRecord(position, record);
        }
        finally
        {
            this.slot = null;
        }
    }

    /**
     * The aggregates were loaded from a snapshot at a position: records up to it are replayed only to the
     * projections that lack them.
     */
    void aggregatesAfter(final long position)
    {
        this.aggregatesAfter = position;
        this.lastPosition = position;
    }

    /** Stop applying records after a position, for rebuilding the state as of that position. */
    void upTo(final long position)
    {
        this.upTo = position;
    }

    @Override
    public void onRecord(final long position, final RecordView record)
    {
        if (position > upTo)
        {
            pastEnd = true;
            return;
        }
        if (position <= aggregatesAfter)
        {
            projectionsOnly(position, record);
            return;
        }
        leadership.recorded(record.epoch(), position);
        final int aggregates = record.aggregateCount();
        if (entries.length < aggregates)
        {
            entries = new AggregateEntry[aggregates];
        }
        events += record.eventCount();
        for (int i = 0, count = record.eventCount(); i < count; i++)
        {
            final int k = record.eventAggregateIndex(i);
            entries[k] = applyEvent(position, record, k, entries[k], decode(position, record, i));
        }
        if (null == slot)
        {
            recordReplayed(position, record.crc32c());
        }
        for (int k = 0; k < aggregates; k++)
        {
            final AggregateEntry entry = null != entries[k] ? entries[k] :
                store.get(record.buffer(), record.aggregateIdOffset(k), record.aggregateIdLength(k));
            if (null != entry)
            {
                entry.version = record.aggregateVersion(k);
            }
            entries[k] = null;
        }
        if (record.idempotencyKeyLength() > 0)
        {
            idempotency.remember(record.idempotencyKey(), position, aggregates > 0 ? record.aggregateVersion(0) : -1);
        }
        records++;
        lastPosition = position;
    }

    /** A record the snapshot already holds, for projections that are behind it: each event with its version. */
    private void projectionsOnly(final long position, final RecordView record)
    {
        boolean wanted = false;
        for (final ProjectionHandler projection : projections)
        {
            wanted |= projection.wants(position);
        }
        if (!wanted || record.aggregateCount() == 0)
        {
            return;
        }
        recordEvents.forEach(position, record, registry.codecs(), toProjections);
        recordReplayed(position, record.crc32c());
    }

    private Object decode(final long position, final RecordView record, final int index)
    {
        try
        {
            return decoding.event(record, index);
        }
        catch (final RuntimeException ex)
        {
            throw RecordEvents.undecodable(position, record, index, ex);
        }
    }

    private void replayToProjections(final long position, final String aggregateId, final long version,
        final Object event)
    {
        for (final ProjectionHandler projection : projections)
        {
            projection.replay(position, aggregateId, version, event);
        }
    }

    private void recordReplayed(final long position, final int recordCrc)
    {
        for (final ProjectionHandler projection : projections)
        {
            projection.replayed(position, recordCrc);
        }
    }

    /** Apply one event; the entry is the aggregate's if an earlier event of the record already found it. */
    private AggregateEntry applyEvent(
        final long position, final RecordView record, final int k, final AggregateEntry known, final Object event)
    {
        final AggregateType type = registry.aggregateForEvent(event.getClass());
        if (null == type)
        {
            throw new EngineException("the journal holds a " + event.getClass().getName() + " at position " +
                PositionFormat.position(position) + " but no registered aggregate applies it");
        }
        final AggregateEntry entry = null != known && known.type == type ? known :
            store.load(type, record.buffer(), record.aggregateIdOffset(k), record.aggregateIdLength(k));
        final String id = entry.id;
        try
        {
            type.apply(entry.state, event);
        }
        catch (final Throwable t)
        {
            errorHandler.onError(new EngineException("apply(" + event.getClass().getSimpleName() + ") of " + id +
                " threw while replaying position " + PositionFormat.position(position), t));
        }
        entry.version++;
        store.keep(entry);
        if (null != slot)
        {
            slot.addEvent(event, id, entry.version);
            return entry;
        }
        for (final ProjectionHandler projection : projections)
        {
            projection.replay(position, id, entry.version, event);
        }
        return entry;
    }

    /** Whether a record after the position to stop at has been seen. */
    boolean pastEnd()
    {
        return pastEnd;
    }

    long events()
    {
        return events;
    }

    long records()
    {
        return records;
    }

    long lastPosition()
    {
        return lastPosition;
    }
}
