package dev.scribe.engine;

import com.lmax.disruptor.EventHandler;
import dev.scribe.codecs.payload.StateCodec;
import dev.scribe.journal.Journal;
import dev.scribe.journal.JournalPage;
import dev.scribe.journal.PositionFormat;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.slf4j.Logger;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * Runs one projection behind the business logic on its own thread. A batch of the ring is applied under the write
 * lock, so a query (under the read lock) never sees half a batch.
 */
final class ProjectionHandler implements EventHandler<CommandSlot>
{
    private static final Logger LOG = EngineLog.ENGINE;

    private volatile Projection projection;
    private final AtomicInteger swaps = new AtomicInteger();
    private final List<Projection> replaced = new CopyOnWriteArrayList<>();
    private final ErrorHandler errorHandler;
    private final ProjectionCheckpoint checkpoint;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean locked;
    private final String snapshotName;
    private final StateCodec<Projection> codec;
    private long restoredAt = -1;
    private final ProjectionProgress progress = new ProjectionProgress();
    private long batchPosition = -1;

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

    /** A handler for each of the context's projections, refusing two with the same snapshot name. */
    static List<ProjectionHandler> all(final EngineContext context, final ErrorHandler errorHandler)
    {
        final List<ProjectionHandler> handlers = new ArrayList<>();
        for (final Projection projection : context.projections())
        {
            handlers.add(new ProjectionHandler(projection, errorHandler, ProjectionCheckpoint.of(context, projection)));
        }
        checkSnapshotNames(handlers);
        return handlers;
    }

    /** Refuse two projections with the same snapshot name. */
    static void checkSnapshotNames(final List<ProjectionHandler> projections)
    {
        final Set<String> names = new HashSet<>();
        for (final ProjectionHandler projection : projections)
        {
            if (null != projection.snapshotName() && !names.add(projection.snapshotName()))
            {
                throw new IllegalArgumentException("two projections have the snapshot name " +
                    projection.snapshotName() + "; give each its own");
            }
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

    /** Whether queries by this instance come here: the projection, or one it replaced. */
    boolean answersTo(final Projection instance)
    {
        if (projection == instance)
        {
            return true;
        }
        for (final Projection old : replaced)
        {
            if (old == instance)
            {
                return true;
            }
        }
        return false;
    }

    ReentrantReadWriteLock lock()
    {
        return lock;
    }

    /**
     * Put a rebuilt projection in place of the one in use; under the write lock, between batches. Once the lock is
     * released, {@link #announceSwap()} tells the live queries, whose results may differ now at the same position.
     */
    void swap(final Projection rebuilt)
    {
        replaced.add(projection);
        projection = rebuilt;
        swaps.incrementAndGet();
    }

    /** A swap is done and the write lock released: the live queries over the projection run again. */
    void announceSwap()
    {
        progress.announce();
    }

    /**
     * How many times a rebuilt projection was swapped in: with the position applied, it says whether a query's
     * result may have changed. Read under the read lock, it goes with the instance queried.
     *
     * @return the number of swaps.
     */
    int swaps()
    {
        return swaps.get();
    }

    /** The consumers behind the business logic: the responder, if there is one, and the projections. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static EventHandler<CommandSlot>[] behind(final List<ProjectionHandler> projections, final Responder responder)
    {
        final List<EventHandler<CommandSlot>> handlers = new ArrayList<>(projections);
        if (null != responder)
        {
            handlers.add(0, responder);
        }
        return handlers.toArray(new EventHandler[0]);
    }

    /**
     * At launch, before replay: read the checkpoint and check that the journal still holds the record it names. If
     * it does not (the journal was truncated behind it, or lost a tail the checkpoint outlived), the projection has
     * effects of records that are gone and would skip those now at their positions: it is reset and rebuilt from
     * the start of the journal.
     *
     * @throws EngineException naming the projection and its checkpoint file if it must be rebuilt but cannot be
     *                         reset.
     */
    void resumeAfterCheckpoint(final Journal journal)
    {
        if (null == checkpoint)
        {
            return;
        }
        checkpoint.read();
        long start = checkpoint.readPosition();
        int crc = checkpoint.readCrc();
        String lost = null;
        switch (checkpoint.state())
        {
            case NONE -> start = -1;
            case DAMAGED -> lost = "its checkpoint file holds no valid position";
            default ->
            {
                if (start >= journal.firstPosition())
                {
                    final JournalPage page = journal.readForward(start, 1);
                    if (page.entries().isEmpty() || page.entries().get(0).position() != start)
                    {
                        lost = "the journal holds no record at its checkpoint position " + start + " (the journal " +
                            "ends at " + PositionFormat.position(journal.lastPosition()) + ")";
                    }
                    else if (checkpoint.state() == ProjectionCheckpoint.State.CURRENT &&
                        page.entries().get(0).view().crc32c() != crc)
                    {
                        lost = "the journal holds another record at its checkpoint position " + start;
                    }
                    crc = page.entries().isEmpty() ? 0 : page.entries().get(0).view().crc32c();
                }
            }
        }
        if (null != lost)
        {
            reset(lost);
            start = -1;
            crc = 0;
        }
        checkpoint.start(start, crc);
    }

    private void reset(final String reason)
    {
        final String name = "projection " + projection.getClass().getName() + " (checkpoint " + checkpoint.file() +
            ")";
        try
        {
            projection.reset();
        }
        catch (final UnsupportedOperationException ex)
        {
            throw new EngineException(name + " must be rebuilt from the start of the journal: " + reason + "; but " +
                "it cannot be reset (" + Throwables.describe(ex) + "): implement Projection.reset(), or drop its " +
                "state and delete the checkpoint file by hand", ex);
        }
        catch (final RuntimeException ex)
        {
            throw new EngineException(name + " must be rebuilt from the start of the journal: " + reason + "; but " +
                "its reset() threw: " + Throwables.describe(ex), ex);
        }
        LOG.warn("{} was reset and is rebuilt from the start of the journal: {}",
            name, reason);
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
    void replayed(final long position, final int recordCrc)
    {
        progress.applied(position);
        if (null != checkpoint && wants(position))
        {
            checkpoint.position(position, recordCrc);
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
            if (slot.position > batchPosition)
            {
                batchPosition = slot.position;
            }
            if (slot.control instanceof ControlRequest.Capture request)
            {
                capture(request.capture);
            }
            else if (slot.carriesEvents() && wants(slot.position))
            {
                for (int i = 0; i < slot.eventCount; i++)
                {
                    deliver(slot.position, slot.eventAggregateId(i), slot.eventVersion(i), slot.event(i));
                }
                if (null != checkpoint)
                {
                    checkpoint.position(slot.position, slot.recordCrc);
                }
            }
        }
        finally
        {
            if (endOfBatch)
            {
                final boolean moved = batchPosition > progress.applied();
                if (moved)
                {
                    progress.applied(batchPosition);
                }
                locked = false;
                lock.writeLock().unlock();
                if (moved)
                {
                    progress.announce();
                }
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
                " threw on " + event.getClass().getSimpleName() + " at position " +
                PositionFormat.position(position), t));
        }
    }

    /** Recovery ended: the projection holds every record up to this position. */
    void recovered(final long position)
    {
        if (position > progress.applied())
        {
            progress.applied(position);
        }
    }

    ProjectionProgress progress()
    {
        return progress;
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
        closeCheckpoint();
    }

    /** Unmap the checkpoint; on the projection's thread as it stops, or at a launch that failed. */
    void closeCheckpoint()
    {
        if (null != checkpoint)
        {
            checkpoint.close();
        }
    }
}
