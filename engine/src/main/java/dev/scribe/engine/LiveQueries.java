package dev.scribe.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The engine's live-query thread, started with the first live query: it sleeps until a projection announces a new
 * position or a subscriber asks for more, then serves every live query. Subscribers' code ({@code onNext}) runs on
 * it, so a subscriber should hand heavy work elsewhere.
 */
final class LiveQueries implements Runnable, AutoCloseable
{
    private static final long IDLE_NS = 100_000_000L;

    private final List<LiveQuery<?>> queries = new CopyOnWriteArrayList<>();
    private final AtomicBoolean awake = new AtomicBoolean();
    private volatile boolean closed;
    private Thread thread;

    synchronized void add(final LiveQuery<?> query)
    {
        if (closed)
        {
            throw new IllegalStateException("the engine is closed: no live query can start");
        }
        queries.add(query);
        if (null == thread)
        {
            thread = new Thread(this, "scribe-live-queries");
            thread.setDaemon(true);
            thread.start();
        }
        wake();
    }

    /** Something changed: serve the queries. Cheap when called often. */
    void wake()
    {
        final Thread served = thread;
        if (null != served && awake.compareAndSet(false, true))
        {
            LockSupport.unpark(served);
        }
    }

    @Override
    public void run()
    {
        while (!closed)
        {
            awake.set(false);
            for (final LiveQuery<?> query : queries)
            {
                // a query closed meanwhile is served once more, so that its subscribers complete
                if (query.serve())
                {
                    queries.remove(query);
                }
            }
            if (!awake.get())
            {
                LockSupport.parkNanos(this, IDLE_NS);
            }
        }
        for (final LiveQuery<?> query : queries)
        {
            query.close();
            query.serve();
        }
    }

    @Override
    public void close()
    {
        final Thread served;
        synchronized (this)
        {
            closed = true;
            served = thread;
        }
        if (null != served)
        {
            LockSupport.unpark(served);
            ThreadJoin.await(served);
        }
    }
}
