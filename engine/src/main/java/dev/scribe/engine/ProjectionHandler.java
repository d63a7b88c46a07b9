package dev.scribe.engine;

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

    ProjectionHandler(
        final Projection projection,
        final ErrorHandler errorHandler,
        final ProjectionCheckpoint checkpoint)
    {
        this.projection = projection;
        this.errorHandler = errorHandler;
        this.checkpoint = checkpoint;
    }

    Projection projection()
    {
        return projection;
    }

    /** Whether a record at this position is new to the projection (in-memory projections see everything). */
    boolean wants(final long position)
    {
        return null == checkpoint || position > checkpoint.position();
    }

    void replay(final long position, final String aggregateId, final long version, final Object event)
    {
        if (wants(position))
        {
            deliver(position, aggregateId, version, event);
            if (null != checkpoint)
            {
                checkpoint.position(position);
            }
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
            if (slot.carriesEvents() && wants(slot.position))
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
