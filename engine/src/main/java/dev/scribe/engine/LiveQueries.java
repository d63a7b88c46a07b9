package dev.scribe.engine;

import org.agrona.ErrorHandler;
import org.slf4j.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The engine's live queries. One live-query thread, started with the first live query, sleeps until a projection
 * announces a new position or a subscriber joins, then runs every query and offers new results to the subscribers'
 * buffers. Subscribers are signalled on delivery threads, one signal at a time each: a thread is taken from a pool
 * for as long as a subscriber has signals waiting, so a subscriber whose {@code onNext} blocks holds one delivery
 * thread and no one else. Idle delivery threads park and end after a few seconds.
 *
 * <p>Whatever a query throws (an {@link Error} too) ends that query alone. Should the live-query thread die all the
 * same, its queries end with the error and the next live query starts a new thread.
 */
final class LiveQueries implements Runnable
{
    private static final Logger LOG = EngineLog.ENGINE;
    private static final long IDLE_NS = 100_000_000L;
    private static final long DELIVERY_KEEP_ALIVE_S = 5;
    private static final long WAIT_SLICE_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private final List<LiveQuery<?>> queries = new CopyOnWriteArrayList<>();
    /** Subscriptions not yet over: told their last signal, or cancelled. */
    private final Set<LiveSubscription<?>> open = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean awake = new AtomicBoolean();
    private final AtomicInteger deliveryThreads = new AtomicInteger();
    private final ThreadPoolExecutor deliveries = new ThreadPoolExecutor(0, Integer.MAX_VALUE, DELIVERY_KEEP_ALIVE_S,
        TimeUnit.SECONDS, new SynchronousQueue<>(), task ->
        {
            final Thread thread = new Thread(task, "scribe-live-delivery-" + deliveryThreads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    private final Supplier<ErrorHandler> errors;
    private volatile boolean closed;
    /** The live-query thread; null before the first live query, and once it died. */
    private volatile Thread thread;

    LiveQueries(final Supplier<ErrorHandler> errors)
    {
        this.errors = errors;
    }

    synchronized void add(final LiveQuery<?> query)
    {
        if (closed)
        {
            throw new IllegalStateException("the engine is closed: no live query can start");
        }
        queries.add(query);
        if (null == thread)
        {
            // the first live query, or the thread died (see run): a new one serves the queries from now on
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

    /** A subscription began: until it is over, closing waits for it. */
    void opened(final LiveSubscription<?> subscription)
    {
        open.add(subscription);
    }

    /** A subscription is over. */
    void ended(final LiveSubscription<?> subscription)
    {
        open.remove(subscription);
    }

    /** Run a subscription's signals on a delivery thread; once closed, on the caller's (only last signals are left). */
    void deliver(final LiveSubscription<?> subscription)
    {
        try
        {
            deliveries.execute(subscription);
        }
        catch (final RejectedExecutionException ex)
        {
            subscription.run();
        }
    }

    @Override
    public void run()
    {
        try
        {
            while (!closed)
            {
                awake.set(false);
                for (final LiveQuery<?> query : queries)
                {
                    serve(query);
                }
                if (!awake.get())
                {
                    LockSupport.parkNanos(this, IDLE_NS);
                }
            }
            for (final LiveQuery<?> query : queries)
            {
                query.end(null);
            }
        }
        catch (final Throwable t)
        {
            died(t);
            if (t instanceof VirtualMachineError error)
            {
                throw error;
            }
        }
    }

    /** Serve one query; whatever its serving throws ends that query alone, with the error, and the others go on. */
    private void serve(final LiveQuery<?> query)
    {
        boolean over;
        try
        {
            // a query closed meanwhile is served once more, so that its subscribers complete
            over = query.serve();
        }
        catch (final Throwable t)
        {
            query.end(t);
            over = true;
            report(new EngineException("serving a live query failed: " + t + "; its subscribers were told, the " +
                "others go on", t));
        }
        if (over)
        {
            queries.remove(query);
        }
    }

    /**
     * The live-query thread dies of an error outside any query: its queries end with the error, so that no subscriber
     * waits for it, and the next live query starts a new thread.
     */
    private void died(final Throwable error)
    {
        final List<LiveQuery<?>> served;
        synchronized (this)
        {
            thread = null;
            served = new ArrayList<>(queries);
            queries.removeAll(served);
        }
        served.forEach(query -> query.end(error));
        report(new EngineException("the live-query thread stopped: " + Throwables.describe(error) +
            "; the subscribers of its " + served.size() + " live queries were told, and the next live query starts " +
            "a new thread", error));
    }

    /**
     * An error the live queries survive goes to the engine's error handler; once the engine closes (its error log may
     * be gone), to the log.
     */
    void report(final Throwable error)
    {
        if (closed)
        {
            LOG.error("a live query failed as the engine closed: " + Throwables.describe(error),
                Throwables.printable(error));
        }
        else
        {
            errors.get().onError(error);
        }
    }

    /**
     * Stop the live-query thread and complete every subscriber: those in {@code onNext} are interrupted, and each is
     * completed once its signal in progress returns. Past the deadline, closing goes on without a subscriber still in
     * its code (or a query still running), with a warning naming it and its thread. Called from a subscriber's own
     * signal (its {@code onNext} closes the engine), closing neither waits for nor interrupts that subscriber, which
     * is completed once its signal returns, nor waits for the delivery thread it runs on.
     *
     * @param deadlineNs the {@link System#nanoTime()} to give up at.
     */
    void close(final long deadlineNs)
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
            if (!ThreadJoin.await(served, deadlineNs))
            {
                LOG.warn("the live-query thread {} is still running a query; closing " +
                    "goes on without it, and completes the subscribers", served.getName());
                queries.forEach(query -> query.end(null));
            }
        }
        final Thread caller = Thread.currentThread();
        open.forEach(LiveSubscription::interrupt); // never the caller's own signal
        while (open.stream().anyMatch(s -> !s.signalledOn(caller)) && deadlineNs - System.nanoTime() > 0)
        {
            LockSupport.parkNanos(this, WAIT_SLICE_NS);
        }
        boolean delivering = false;
        for (final LiveSubscription<?> subscription : open)
        {
            if (subscription.signalledOn(caller))
            {
                delivering = true;
            }
            else if (subscription.signalling())
            {
                LOG.warn("{} has not returned on thread {} since the engine began to " +
                    "close; closing goes on without it, and it is completed once it returns", subscription,
                    subscription.signalThread().getName());
            }
        }
        deliveries.shutdown(); // idle delivery threads end now; one still in a subscriber's code, once that returns
        if (!delivering)
        {
            awaitDeliveryThreads(deadlineNs); // the caller's own would end only once the caller returns
        }
    }

    private void awaitDeliveryThreads(final long deadlineNs)
    {
        try
        {
            deliveries.awaitTermination(Math.max(0, deadlineNs - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
