package dev.scribe.engine;

import dev.scribe.codecs.payload.StateCodec;
import org.agrona.DirectBuffer;

import com.lmax.disruptor.EventHandler;
import org.agrona.ErrorHandler;

import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * Runs one projection behind the business logic on its own thread. A batch of the ring is applied under the write
 * lock, so a query (under the read lock) never sees half a batch.
 */
final class ProjectionHandler implements EventHandler<CommandSlot>
{
    private final Projection projection;
    private final ErrorHandler errorHandler;
    private final ProjectionCheckpoint checkpoint;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean locked;
    private final String snapshotName;
    private final StateCodec<Projection> codec;
    private long restoredAt = -1;

    ProjectionHandler(
        final Projection projection,
        final ErrorHandler errorHandler,
        final ProjectionCheckpoint checkpoint)
    {
        this.projection = projection;
        this.errorHandler = errorHandler;
        this.checkpoint = checkpoint;
        this.snapshotName = projection.snapshotName();
        this.codec = null == snapshotName ? null : codec(projection, snapshotName);
    }

    @SuppressWarnings("unchecked")
    private static StateCodec<Projection> codec(final Projection projection, final String name)
    {
        if (!name.matches("[A-Za-z0-9._-]{1,64}"))
        {
            throw new IllegalArgumentException("projection snapshot name must be 1 to 64 letters, digits, '.', " +
                "'_' or '-': " + name);
        }
        try
        {
            // decoding sets the fields of the registered projection itself
            return StateCodec.of((Class<Projection>)projection.getClass(), () -> projection);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("projection " + projection.getClass().getName() + " has the " +
                "snapshot name " + name + " but its state cannot be written by the built-in state codec: " +
                ex.getMessage() + "; mark the fields that are not state transient", ex);
        }
    }

    /** The name the projection's state has in snapshots, or null if it is not in snapshots. */
    String snapshotName()
    {
        return snapshotName;
    }

    /** Whether the projection is rebuilt from the whole journal at launch: in memory and not in snapshots. */
    boolean rebuiltFromStart()
    {
        return null == checkpoint && null == snapshotName;
    }

    /** Where replay must start for this projection, after the state was loaded from a snapshot. */
    long replayFrom()
    {
        if (restoredAt >= 0)
        {
            return restoredAt;
        }
        return null == checkpoint ? -1 : checkpoint.position();
    }

    /** Set the projection's state from a snapshot taken at a position, at launch. */
    void restore(final DirectBuffer buffer, final int offset, final int length, final long position)
    {
        codec.decodeInto(buffer, offset, length);
        restoredAt = position;
    }

    Projection projection()
    {
        return projection;
    }

    /** Whether a record at this position is new to the projection (in-memory projections see everything). */
    boolean wants(final long position)
    {
        return position > restoredAt && (null == checkpoint || position > checkpoint.position());
    }

    /** One event of a record replayed at launch; the checkpoint moves only once the whole record is delivered. */
    void replay(final long position, final String aggregateId, final long version, final Object event)
    {
        if (wants(position))
        {
            deliver(position, aggregateId, version, event);
        }
    }

    /**
     * Every event of a record replayed at launch has been delivered: the checkpoint moves to it. Moving it after the
     * first event would make the record's other events look seen already.
     */
    void replayed(final long position)
    {
        if (null != checkpoint && wants(position))
        {
            checkpoint.position(position);
        }
    }

    @Override
    public void onEvent(final CommandSlot slot, final long sequence, final boolean endOfBatch)
    {
        if (!locked)
        {
            lock.writeLock().lock();
            locked = true;
        }
        try
        {
            if (slot.kind == CommandSlot.KIND_SNAPSHOT)
            {
                capture(slot.capture);
            }
            else if (slot.carriesEvents() && wants(slot.position))
            {
                for (int i = 0; i < slot.eventCount; i++)
                {
                    deliver(slot.position, slot.eventAggregateIds[i], slot.eventVersions[i], slot.events[i]);
                }
                if (null != checkpoint)
                {
                    checkpoint.position(slot.position);
                }
            }
        }
        finally
        {
            if (endOfBatch)
            {
                locked = false;
                lock.writeLock().unlock();
            }
        }
    }

    private void capture(final StateCapture capture)
    {
        if (null == snapshotName)
        {
            return;
        }
        final StateCapture.ProjectionCapture part = capture.projection(snapshotName);
        try
        {
            part.length = codec.encode(projection, part.state, 0);
        }
        catch (final RuntimeException ex)
        {
            part.failure = "projection " + snapshotName + " could not be copied: " + ex.getMessage();
        }
        finally
        {
            capture.partDone();
        }
    }

    private void deliver(final long position, final String aggregateId, final long version, final Object event)
    {
        try
        {
            projection.onEvent(position, aggregateId, version, event);
        }
        catch (final Throwable t)
        {
            errorHandler.onError(new EngineException("projection " + projection.getClass().getName() +
                " threw on " + event.getClass().getSimpleName() + " at position " + position, t));
        }
    }

    <R> R query(final Function<? super Projection, R> query)
    {
        lock.readLock().lock();
        try
        {
            return query.apply(projection);
        }
        finally
        {
            lock.readLock().unlock();
        }
    }

    @Override
    public void onShutdown()
    {
        if (null != checkpoint)
        {
            checkpoint.close();
        }
    }
}
