package dev.scribe.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.function.Function;

/**
 * A query over a projection that gives its current result, then each new result as the projection moves on
 * ({@link Projections#live}), as a {@link Flow.Publisher}. The query runs on the engine's live-query thread under the
 * projection's read lock, after each whole batch the projection applied (batches that come faster than the query runs
 * are taken together) and after a rebuilt instance of the projection is swapped in ({@link Projections#rebuild}), and
 * a result is published only when it differs ({@link Object#equals}) from the one before. Every subscriber has a
 * bounded buffer and is signalled on a delivery thread of the engine, one signal at a time: one that does not ask for
 * results fast enough, or whose {@code onNext} is slow or blocks, fills only its own buffer, is then dropped and told
 * with a {@link LiveQueryOverflowException} (once its {@code onNext} in progress returns), and never holds up the
 * projection, the query, other subscribers or other live queries. A query that throws (an {@link Error} too), or whose
 * result's {@code equals} throws, ends every subscription of that query with that error; the engine's other live
 * queries go on. Closing the query completes its subscribers. A subscriber that throws from {@code onNext} is dropped
 * (rule 2.13) and told with that error, without disturbing the others.
 *
 * @param <R> the result type.
 */
public final class LiveQuery<R> implements Flow.Publisher<LiveResult<R>>, AutoCloseable
{
    private final ProjectionHandler projection;
    private final Function<Projection, R> query;
    private final int buffer;
    private final LiveQueries owner;
    private final List<LiveSubscription<R>> subscribers = new CopyOnWriteArrayList<>();
    /** Guards {@link #closed} against subscribers joining: once closed, none joins, and those in are completed. */
    private final Object membership = new Object();
    private LiveResult<R> current;
    private long evaluatedAt = Long.MIN_VALUE;
    /** {@link ProjectionHandler#swaps()} when the query last ran: a rebuild swapped in runs it again. */
    private int evaluatedSwaps;
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
        final LiveSubscription<R> subscription = new LiveSubscription<>(subscriber, buffer, owner);
        subscription.start();
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
            subscription.end(null); // never seen by the live-query thread
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
     * On the live-query thread: run the query if the projection moved, offer a new result to the subscribers.
     *
     * @return true once the query is over (closed, or it threw) and its subscribers were told: serve it no more.
     */
    boolean serve()
    {
        if (closed)
        {
            end(null);
            return true;
        }
        if (projection.progress().applied() != evaluatedAt || projection.swaps() != evaluatedSwaps)
        {
            final LiveResult<R> next;
            final boolean changed;
            try
            {
                next = projection.query(p ->
                {
                    evaluatedSwaps = projection.swaps(); // under the read lock: the instance p is
                    return new LiveResult<>(query.apply(p), projection.progress().applied());
                });
                changed = null == current || !Objects.equals(current.value(), next.value());
            }
            catch (final Throwable t)
            {
                // whatever the user's code threw, an Error too, ends this query alone: the thread serves the others
                end(t);
                if (t instanceof VirtualMachineError)
                {
                    owner.report(new EngineException("a live query over projection " + projection.projection()
                        .getClass().getName() + " threw " + t + "; its subscribers were told, the others go on", t));
                }
                return true;
            }
            evaluatedAt = next.position();
            if (changed)
            {
                current = next;
                subscribers.forEach(s -> s.offer(next));
            }
        }
        for (final LiveSubscription<R> subscriber : subscribers)
        {
            if (!subscriber.started() && null != current)
            {
                subscriber.offer(current);
            }
            if (subscriber.over())
            {
                subscribers.remove(subscriber);
            }
        }
        return false;
    }

    /**
     * End the query and tell every subscriber (once its signal in progress returns); a subscriber joining from now on
     * is told by {@link #subscribe}.
     *
     * @param error the query's error, or null to complete them.
     */
    void end(final Throwable error)
    {
        final List<LiveSubscription<R>> left;
        synchronized (membership)
        {
            closed = true;
            left = new ArrayList<>(subscribers);
            subscribers.clear();
        }
        left.forEach(s -> s.end(error));
    }
}
