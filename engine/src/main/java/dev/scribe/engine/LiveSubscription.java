package dev.scribe.engine;

import org.slf4j.Logger;

import java.util.ArrayDeque;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One subscriber of a {@link LiveQuery}: its demand, its bounded buffer of results and its signals. The live-query
 * thread offers results into the buffer; the subscriber is signalled on one of the engine's delivery threads
 * ({@link LiveQueries}), one signal at a time (rule 1.3), so that a subscriber whose {@code onNext} is slow or blocks
 * fills only its own buffer. Once that is full the subscriber is dropped: its buffered results are let go, and it is
 * told with a {@link LiveQueryOverflowException} as soon as its {@code onNext} in progress returns.
 *
 * <p>Signals are drained by whoever moves {@link #wip} from 0: a delivery task that loops until no signal was asked
 * for meanwhile.
 *
 * @param <R> the result type.
 */
final class LiveSubscription<R> implements Flow.Subscription, Runnable
{
    private static final Logger LOG = EngineLog.ENGINE;

    private final Flow.Subscriber<? super LiveResult<R>> downstream;
    private final int buffer;
    private final LiveQueries owner;
    /** Results offered and not yet delivered; guarded by itself. */
    private final ArrayDeque<LiveResult<R>> pending = new ArrayDeque<>();
    private final AtomicLong demand = new AtomicLong();
    /** Drains asked for; the one that moves it from 0 runs the drain. */
    private final AtomicInteger wip = new AtomicInteger();
    private final HandlerCall call = new HandlerCall();
    private volatile boolean cancelled;
    private volatile Throwable badRequest;
    private volatile boolean overflowed;
    private volatile boolean ending;
    private volatile Throwable endError;
    private volatile boolean done;
    /** Whether it was offered a result: on the live-query thread only. */
    private volatile boolean started;
    /** Position of the last result delivered: on the draining thread only. */
    private long lastPosition = -1;

    LiveSubscription(final Flow.Subscriber<? super LiveResult<R>> downstream, final int buffer,
        final LiveQueries owner)
    {
        this.downstream = downstream;
        this.buffer = buffer;
        this.owner = owner;
    }

    /** Call {@code onSubscribe}, on the subscribing thread; no other signal runs meanwhile. */
    void start()
    {
        owner.opened(this);
        wip.incrementAndGet();
        boolean subscribed = false;
        try
        {
            downstream.onSubscribe(this);
            subscribed = true;
        }
        finally
        {
            if (!subscribed)
            {
                cancelled = true; // it threw: the caller of subscribe is told, and it is signalled no more
            }
            if (0 != wip.decrementAndGet())
            {
                owner.deliver(this); // asked for while onSubscribe ran: wip is still held for this drain
            }
            else if (cancelled)
            {
                owner.ended(this);
            }
        }
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
        schedule();
    }

    @Override
    public void cancel()
    {
        cancelled = true;
        schedule();
        owner.wake();
    }

    /**
     * Offer a result, on the live-query thread: buffered, or the subscriber overflows.
     *
     * @param result the result.
     */
    void offer(final LiveResult<R> result)
    {
        started = true;
        synchronized (pending)
        {
            if (overflowed || ending || done || cancelled)
            {
                return;
            }
            if (pending.size() >= buffer)
            {
                overflowed = true;
                pending.clear();
            }
            else
            {
                pending.add(result);
            }
        }
        schedule();
    }

    /**
     * The query is over: the subscriber completes (or fails with the error) once its signal in progress returns.
     *
     * @param error the query's error, or null to complete.
     */
    void end(final Throwable error)
    {
        synchronized (pending)
        {
            if (ending)
            {
                return;
            }
            endError = error;
            ending = true;
        }
        schedule();
    }

    /**
     * Whether it was offered a result yet; on the live-query thread.
     *
     * @return true once offered one.
     */
    boolean started()
    {
        return started;
    }

    /**
     * Whether the query should offer it nothing more.
     *
     * @return true once it is over, or about to be told so.
     */
    boolean over()
    {
        return done || cancelled || overflowed || ending || null != badRequest;
    }

    /**
     * Interrupt a signal in progress, as the engine closes.
     *
     * @return whether a signal is in progress.
     */
    boolean interrupt()
    {
        return call.interrupt();
    }

    /**
     * Whether a signal is in progress.
     *
     * @return true while the subscriber's code runs.
     */
    boolean signalling()
    {
        return call.inside();
    }

    /**
     * Whether a signal is in progress on a thread: the subscriber's own code runs there.
     *
     * @param thread the thread.
     * @return true while the subscriber's code runs on that thread.
     */
    boolean signalledOn(final Thread thread)
    {
        return call.inside() && call.thread() == thread;
    }

    /**
     * The thread of the signal in progress, or of the last one.
     *
     * @return the thread, or null if none was signalled on a delivery thread.
     */
    Thread signalThread()
    {
        return call.thread();
    }

    @Override
    public String toString()
    {
        return "live query subscriber " + downstream;
    }

    private void schedule()
    {
        if (0 == wip.getAndIncrement())
        {
            owner.deliver(this);
        }
    }

    /** Deliver the signals asked for, one at a time, until none was asked for meanwhile. */
    @Override
    public void run()
    {
        int missed = 1;
        do
        {
            drain();
            missed = wip.addAndGet(-missed);
        }
        while (0 != missed);
    }

    private void drain()
    {
        while (!done)
        {
            if (cancelled)
            {
                finished();
                owner.ended(this);
                return;
            }
            final boolean end = ending; // read before endError, which end() writes first
            final Throwable error = null != badRequest ? badRequest :
                overflowed ? new LiveQueryOverflowException(buffer, lastPosition) : end ? endError : null;
            if (null != error || end)
            {
                finish(error);
                return;
            }
            final LiveResult<R> next;
            synchronized (pending)
            {
                next = demand.get() > 0 ? pending.poll() : null;
            }
            if (null == next)
            {
                return;
            }
            demand.decrementAndGet();
            lastPosition = next.position();
            final Throwable thrown = signal(() -> downstream.onNext(next));
            if (null != thrown)
            {
                finish(thrown); // rule 2.13: the subscription is over, and the subscriber is told why
                return;
            }
        }
    }

    private void finish(final Throwable error)
    {
        finished();
        final Throwable thrown = signal(null == error ? downstream::onComplete : () -> downstream.onError(error));
        if (null != thrown)
        {
            LOG.warn("a live query subscriber threw from " +
                (null == error ? "onComplete" : "onError") + ": " + thrown, thrown);
        }
        owner.ended(this);
    }

    private void finished()
    {
        done = true;
        synchronized (pending)
        {
            pending.clear();
        }
    }

    /** Call the subscriber; what it throws, if anything (rule 2.13), so that it holds up no one else. */
    private Throwable signal(final Runnable signal)
    {
        call.enter();
        try
        {
            signal.run();
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
        finally
        {
            call.exit();
        }
    }
}
