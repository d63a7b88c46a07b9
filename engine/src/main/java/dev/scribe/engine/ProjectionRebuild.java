package dev.scribe.engine;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Builds a new instance of a projection from the journal beside the one in use, on its own thread, while commands
 * keep flowing, then swaps it in: once the rebuilt one is close behind, it takes the projection's write lock between
 * two batches, hands it the records the one in use has and it has not, and puts it in place. From then on the
 * projection's thread updates the rebuilt one, and queries (by either instance) read it.
 */
final class ProjectionRebuild implements Runnable
{
    private static final int PAGE = 10_000;
    private static final long LOCK_WAIT_MS = 20;

    private final ProjectionHandler handler;
    private final Projection rebuilt;
    private final Supplier<JournalEvents> events;
    private final CompletableFuture<Projection> done;
    private String cursor;
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
                        handler.swap(rebuilt);
                    }
                    finally
                    {
                        handler.lock().writeLock().unlock();
                    }
                    done.complete(rebuilt);
                    return;
                }
            }
        }
        catch (final InterruptedException | RebuildStopped ex)
        {
            done.completeExceptionally(new EngineException("the rebuild of projection " +
                rebuilt.getClass().getName() + " stopped after " + delivered + " events: the engine closed", ex));
        }
        catch (final VirtualMachineError error)
        {
            done.completeExceptionally(error);
            throw error;
        }
        catch (final Throwable t)
        {
            done.completeExceptionally(new EngineException("the rebuild of projection " +
                rebuilt.getClass().getName() + " failed after " + delivered + " events; the projection in use stays: " +
                t, t));
        }
    }

    /** Stop at the next event, as the engine closes: the projection in use stays. */
    void stop()
    {
        stopped = true;
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

    /** Hand the rebuilt projection every event of the records up to a position it has not had yet. */
    private void catchUp(final long upTo)
    {
        final JournalEvents journal = events.get();
        EventPage page;
        do
        {
            page = journal.forwardTo(cursor, PAGE, upTo);
            for (final JournalEvent event : page.events())
            {
                checkStopped();
                rebuilt.onEvent(event.position(), event.aggregateId(), event.version(), event.event());
                delivered++;
            }
            cursor = page.cursor();
        }
        while (!page.end());
    }
}
