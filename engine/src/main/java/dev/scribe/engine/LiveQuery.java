package dev.scribe.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A query over a projection that gives its current result, then each new result as the projection moves on
 * ({@link Projections#live}), as a {@link Flow.Publisher}. The query runs on the engine's live-query thread under the
 * projection's read lock, after each whole batch the projection applied (batches that come faster than the query runs
 * are taken together), and a result is published only when it differs ({@link Object#equals}) from the one before.
 * Every subscriber has a bounded buffer: one that does not ask for results fast enough is told with a
 * {@link LiveQueryOverflowException} and dropped, and never holds up the projection, the query or other subscribers.
 * A query that throws ends every subscription with that error. Closing the query completes its subscribers. A
 * subscriber that throws from {@code onNext} is dropped (rule 2.13) and told with that error, without disturbing the
 * others.
 *
 * @param <R> the result type.
 */
public final class LiveQuery<R> implements Flow.Publisher<LiveResult<R>>, AutoCloseable
{
    private static final System.Logger LOG = EngineLog.ENGINE;

    private final ProjectionHandler projection;
    private final Function<Projection, R> query;
    private final int buffer;
    private final LiveQueries owner;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    /** Guards {@link #closed} against subscribers joining: once closed, none joins, and those in are completed. */
    private final Object membership = new Object();
    private LiveResult<R> current;
    private long evaluatedAt = Long.MIN_VALUE;
    private volatile boolean closed;

    LiveQuery(final ProjectionHandler projection, final Function<Projection, R> query, final int buffer,
        final LiveQueries owner)
    {
        this.projection = projection;
        this.query = query;
        this.buffer = buffer;
        this.owner = owner;
    }

    @Override
    public void subscribe(final Flow.Subscriber<? super LiveResult<R>> subscriber)
    {
        Objects.requireNonNull(subscriber, "subscriber");
        final Subscriber subscription = new Subscriber(subscriber);
        subscriber.onSubscribe(subscription);
        final boolean joined;
        synchronized (membership)
        {
            joined = !closed;
            if (joined)
            {
                subscribers.add(subscription);
            }
        }
        if (!joined)
        {
            subscription.finish(null); // never seen by the live-query thread
            return;
        }
        owner.wake();
    }

    /**
     * Stop the query: its subscribers complete.
     */
    @Override
    public void close()
    {
        synchronized (membership)
        {
            closed = true;
        }
        owner.wake();
    }

    /**
     * On the live-query thread: run the query if the projection moved, publish a new result, feed subscribers.
     *
     * @return true once the query is over (closed, or it threw) and its subscribers were told: serve it no more.
     */
    boolean serve()
    {
        if (closed)
        {
            finishAll(null);
            return true;
        }
        if (projection.progress().applied() != evaluatedAt)
        {
            final LiveResult<R> next;
            try
            {
                next = projection.query(p -> new LiveResult<>(query.apply(p), projection.progress().applied()));
            }
            catch (final RuntimeException ex)
            {
                synchronized (membership)
                {
                    closed = true;
                }
                finishAll(ex);
                return true;
            }
            evaluatedAt = next.position();
            if (null == current || !Objects.equals(current.value(), next.value()))
            {
                current = next;
                subscribers.forEach(s -> s.offer(next));
            }
        }
        for (final Subscriber subscriber : subscribers)
        {
            if (!subscriber.started && null != current)
            {
                subscriber.offer(current);
            }
            if (!subscriber.drain())
            {
                subscribers.remove(subscriber);
            }
        }
        return false;
    }

    /** Tell every subscriber the query is over; a subscriber joining now is told by {@link #subscribe}. */
    private void finishAll(final Throwable error)
    {
        final List<Subscriber> left;
        synchronized (membership)
        {
            left = new ArrayList<>(subscribers);
            subscribers.clear();
        }
        left.forEach(s -> s.finish(error));
    }

    /** One subscriber: its demand and its bounded buffer; signalled only from the live-query thread. */
    private final class Subscriber implements Flow.Subscription
    {
        private final Flow.Subscriber<? super LiveResult<R>> downstream;
        private final ArrayDeque<LiveResult<R>> pending = new ArrayDeque<>();
        private final AtomicLong demand = new AtomicLong();
        private volatile boolean cancelled;
        private volatile Throwable badRequest;
        private boolean started;
        private boolean overflowed;
        private volatile boolean done;
        private long lastPosition = -1;

        Subscriber(final Flow.Subscriber<? super LiveResult<R>> downstream)
        {
            this.downstream = downstream;
        }

        @Override
        public void request(final long n)
        {
            if (n <= 0)
            {
                badRequest = new IllegalArgumentException("a live query subscriber must request a positive number " +
                    "of results (rule 3.9), not " + n);
            }
            else
            {
                demand.getAndAccumulate(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
            }
            owner.wake();
        }

        @Override
        public void cancel()
        {
            cancelled = true;
            owner.wake();
        }

        void offer(final LiveResult<R> result)
        {
            started = true;
            if (pending.size() >= buffer)
            {
                overflowed = true;
                return;
            }
            pending.add(result);
        }

        /** Deliver what was asked for; false once the subscriber is done. */
        boolean drain()
        {
            if (cancelled || done)
            {
                return false;
            }
            if (null != badRequest)
            {
                finish(badRequest);
                return false;
            }
            while (!pending.isEmpty() && demand.get() > 0)
            {
                final LiveResult<R> result = pending.poll();
                demand.decrementAndGet();
                lastPosition = result.position();
                final Throwable thrown = signal(() -> downstream.onNext(result));
                if (null != thrown)
                {
                    finish(thrown); // rule 2.13: the subscription is over, and the subscriber is told why
                    return false;
                }
                if (cancelled)
                {
                    return false;
                }
            }
            if (overflowed)
            {
                finish(new LiveQueryOverflowException(buffer, lastPosition));
                return false;
            }
            return true;
        }

        void finish(final Throwable error)
        {
            if (done || cancelled)
            {
                return;
            }
            done = true;
            final Throwable thrown = signal(null == error ? downstream::onComplete : () -> downstream.onError(error));
            if (null != thrown)
            {
                LOG.log(System.Logger.Level.WARNING, "a live query subscriber threw from " +
                    (null == error ? "onComplete" : "onError") + ": " + thrown, thrown);
            }
        }

        /** Call the subscriber; what it throws, if anything (rule 2.13), so that it holds up no one else. */
        private Throwable signal(final Runnable call)
        {
            try
            {
                call.run();
                return null;
            }
            catch (final VirtualMachineError error)
            {
                throw error;
            }
            catch (final Throwable t)
            {
                return t;
            }
        }
    }
}
