package dev.scribe.engine;

import dev.scribe.codecs.journal.RecordView;
import dev.scribe.journal.Journal;
import dev.scribe.journal.JournalTailer;
import org.slf4j.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Builds a new instance of a projection from the journal beside the one in use, on its own thread, while commands
 * keep flowing, then swaps it in: once the rebuilt one is close behind, it takes the projection's write lock between
 * two batches, hands it the records the one in use has and it has not, and puts it in place. From then on the
 * projection's thread updates the rebuilt one, and queries (by either instance) read it. Stopping interrupts the
 * rebuilt projection's {@code onEvent} in progress; the thread checks that it is stopping before each page of the
 * journal it reads and after each event, so one inside {@code onEvent} reads the journal no more.
 */
final class ProjectionRebuild implements Runnable
{
    private static final Logger LOG = EngineLog.ENGINE;
    private static final int POLL_RECORDS = 256;
    private static final RecordDecoder.Choice ALL = (record, index, aggregateIndex) -> true;
    private static final long LOCK_WAIT_MS = 20;

    private final ProjectionHandler handler;
    private final Projection rebuilt;
    private final Supplier<JournalEvents> events;
    private final CompletableFuture<Projection> done;
    private final HandlerCall call = new HandlerCall();
    /** The last record handed over, and its CRC: the journal must still hold it when the rebuild goes on. */
    private long lastRead = Journal.NULL_POSITION;
    private int lastCrc;
    private RecordDecoder decoder;
    private final List<JournalEvent> pending = new ArrayList<>();
    private long upTo;
    private boolean pastUpTo;
    private long delivered;
    private volatile boolean stopped;

    ProjectionRebuild(final ProjectionHandler handler, final Projection rebuilt, final Supplier<JournalEvents> events,
        final CompletableFuture<Projection> done)
    {
        this.handler = handler;
        this.rebuilt = rebuilt;
        this.events = events;
        this.done = done;
    }

    ProjectionHandler handler()
    {
        return handler;
    }

    /** Whether its future is complete (the thread may still be ending). */
    boolean finished()
    {
        return done.isDone();
    }

    @Override
    public void run()
    {
        try
        {
            while (true)
            {
                checkStopped();
                catchUp(handler.progress().applied());
                if (handler.lock().writeLock().tryLock(LOCK_WAIT_MS, TimeUnit.MILLISECONDS))
                {
                    try
                    {
                        checkStopped();
                        catchUp(handler.progress().applied());
                        checkStopped();
                        handler.swap(rebuilt);
                    }
                    finally
                    {
                        handler.lock().writeLock().unlock();
                    }
                    handler.announceSwap();
                    done.complete(rebuilt);
                    return;
                }
            }
        }
        catch (final InterruptedException | RebuildStopped ex)
        {
            done.completeExceptionally(closed(ex));
        }
        catch (final VirtualMachineError error)
        {
            done.completeExceptionally(error);
            throw error;
        }
        catch (final Throwable t)
        {
            done.completeExceptionally(stopped ? closed(t) : new EngineException("the rebuild of projection " +
                rebuilt.getClass().getName() + " failed after " + delivered + " events; the projection in use stays: " +
                t, t));
        }
    }

    /** Stop at the next event, as the engine closes, interrupting the one in hand: the projection in use stays. */
    void stop()
    {
        stopped = true;
        call.interrupt();
    }

    /**
     * The thread is in the rebuilt projection's {@code onEvent}, which has not returned since {@link #stop()}: the
     * engine closes without it. Its future fails now; the thread ends once {@code onEvent} returns.
     */
    void abandon(final Thread thread, final long waitedMs)
    {
        LOG.warn("the rebuild of projection {}: onEvent on thread {} has not returned " +
            "{} ms after it was asked to stop; closing goes on without it, and the projection in use stays",
            rebuilt.getClass().getName(), thread.getName(), Long.toString(waitedMs));
        done.completeExceptionally(closed(new EngineException("onEvent on thread " + thread.getName() +
            " did not return")));
    }

    /**
     * Whether the thread has left the journal for good: stopped and inside {@code onEvent}.
     *
     * @return true if closing may go on without it.
     */
    boolean inOnEvent()
    {
        return stopped && call.inside();
    }

    private EngineException closed(final Throwable cause)
    {
        return new EngineException("the rebuild of projection " + rebuilt.getClass().getName() + " stopped after " +
            delivered + " events: the engine closed", cause);
    }

    private void checkStopped()
    {
        if (stopped)
        {
            throw new RebuildStopped();
        }
    }

    /** The engine closed under the rebuild. */
    private static final class RebuildStopped extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        RebuildStopped()
        {
            super("the engine closed", null, false, false);
        }
    }

    /**
     * Hand the rebuilt projection every event of the records up to a position it has not had yet, read straight from
     * a tailer of the journal a poll at a time; its code is called between polls, never inside one, so a projection
     * left in {@code onEvent} by a close holds nothing of the journal.
     */
    private void catchUp(final long position)
    {
        if (position <= lastRead)
        {
            return;
        }
        final JournalEvents journal = events.get();
        if (null == decoder)
        {
            decoder = journal.decoder();
        }
        upTo = position;
        pastUpTo = false;
        try (JournalTailer tailer = journal.tailer(lastRead))
        {
            if (Journal.NULL_POSITION != lastRead && !tailer.readAt(lastRead, (at, record) -> checkLast(record)))
            {
                throw gone("is gone");
            }
            int read;
            do
            {
                checkStopped();
                pending.clear();
                read = tailer.poll(this::gather, POLL_RECORDS);
                deliver();
            }
            while (read == POLL_RECORDS && !pastUpTo);
        }
    }

    private void checkLast(final RecordView record)
    {
        if (record.crc32c() != lastCrc)
        {
            throw gone("differs from the one the rebuild read");
        }
    }

    private EngineException gone(final String what)
    {
        return new EngineException("the journal changed under the rebuild: the record at position " + lastRead +
            ", the last one it handed over, " + what + " (the journal was truncated by a fail-over?)");
    }

    private void gather(final long position, final RecordView record)
    {
        if (position > upTo || pastUpTo)
        {
            pastUpTo = true; // read again by the next catch-up
            return;
        }
        decoder.decode(position, record, ALL, pending, null);
        lastRead = position;
        lastCrc = record.crc32c();
    }

    private void deliver()
    {
        for (final JournalEvent event : pending)
        {
            checkStopped();
            call.enter();
            try
            {
                rebuilt.onEvent(event.position(), event.aggregateId(), event.version(), event.event());
            }
            finally
            {
                call.exit();
            }
            delivered++;
        }
    }
}
