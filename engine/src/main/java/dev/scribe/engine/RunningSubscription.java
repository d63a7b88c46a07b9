package dev.scribe.engine;

import dev.scribe.journal.PositionFormat;
import org.slf4j.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A started {@link Subscription}: where it is, what it parked, and the means to retry or skip what it parked. Safe
 * to use from any thread. Closing it stops its threads: a handler call in progress is interrupted and waited for up
 * to {@link EngineContext#handlerStopTimeout(Duration)}; one that does not return by then is left to finish on its
 * own thread (a warning names it), and the checkpoint stays at the last chunk handled wholly. The engine closes it
 * when it closes.
 */
public final class RunningSubscription implements AutoCloseable
{
    private static final Logger LOG = EngineLog.ENGINE;
    /** Ends the reader when it asks for a retry while stopping; not a failure. */
    private static final RuntimeException STOPPED = new Stopped();

    private final String name;
    private final long stopTimeoutNs;
    private final DeadLetters deadLetters;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong parked = new AtomicLong();
    private final ConcurrentLinkedQueue<RetryRequest> retries = new ConcurrentLinkedQueue<>();
    private final Object positionLock = new Object();
    private volatile long position;
    private volatile boolean stopping;
    private volatile boolean stopped;
    private volatile Throwable failure;
    private Thread thread;
    private volatile List<Thread> handlerThreads = List.of();
    private final List<HandlerCall> calls = new CopyOnWriteArrayList<>();
    private volatile boolean awaitingPartitions;
    private Runnable onStopped;

    /** A request to retry a parked event, served on the subscription's thread. */
    record RetryRequest(ParkedEvent parked, CompletableFuture<Boolean> result)
    {
    }

    RunningSubscription(final String name, final DeadLetters deadLetters, final long position,
        final Duration stopTimeout)
    {
        this.name = name;
        this.deadLetters = deadLetters;
        this.position = position;
        this.stopTimeoutNs = stopTimeout.toNanos();
    }

    void start(final Thread reader, final Runnable stoppedAction)
    {
        this.thread = reader;
        this.onStopped = stoppedAction;
        reader.start();
    }

    /**
     * The subscription's name.
     *
     * @return its name.
     */
    public String name()
    {
        return name;
    }

    /**
     * Position of the last record whose events were all handled (or parked): the checkpoint.
     *
     * @return the position, or -1 if none yet.
     */
    public long position()
    {
        return position;
    }

    /**
     * Wait until the subscription has handled every event up to a position (read your writes: pass an
     * {@link Outcome}'s position).
     *
     * @param target  a journal position.
     * @param timeout the longest wait.
     * @return true if it got there; false if the time ran out or the subscription stopped first.
     * @throws InterruptedException if interrupted while waiting.
     */
    public boolean awaitPosition(final long target, final Duration timeout) throws InterruptedException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (positionLock)
        {
            while (position < target)
            {
                final long left = deadline - System.nanoTime();
                if (left <= 0 || stopped)
                {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(positionLock, left);
            }
            return true;
        }
    }

    /**
     * Whether its threads run.
     *
     * @return false once they ended (it was closed, or stopped at a failure); after a close that gave up on a
     *         handler that did not return, true until that handler returns.
     */
    public boolean isRunning()
    {
        return !stopped;
    }

    /**
     * Why it stopped by itself: an event that failed its last attempt (with {@link Subscription#stopWhenExhausted()}),
     * a damaged journal record, a dead-letter store it could not write.
     *
     * @return the failure, or null.
     */
    public Throwable failure()
    {
        return failure;
    }

    /**
     * Events its handler took, since it started.
     *
     * @return the count.
     */
    public long delivered()
    {
        return delivered.get();
    }

    /**
     * Events it parked since it started (whether retried or skipped since or not: {@link #parked()} lists those
     * still parked).
     *
     * @return the count.
     */
    public long parkedCount()
    {
        return parked.get();
    }

    /**
     * The events parked in its dead-letter store, in journal order (those of earlier runs included).
     *
     * @return the parked events.
     * @throws EngineException naming a file of the store that cannot be read.
     */
    public List<ParkedEvent> parked()
    {
        return deadLetters.list();
    }

    /**
     * Hand a parked event to the handler again, on the subscription's thread (its partition's thread), with the
     * subscription's retry policy. On success it leaves the store; on failure it stays, its attempts and error
     * updated.
     *
     * <p>Called from the subscription's own handler, the retry is served once the handler returns: waiting for it
     * there ({@code join()} or {@code get()} on the future, or on one derived from it) would wait for itself, and
     * throws an {@link IllegalStateException} instead.
     *
     * @param event a parked event, as {@link #parked()} lists it.
     * @return completes with whether the handler took it; exceptionally if the event is not parked (any more), the
     *         journal holds another record at its position now, the routing function fails, or the subscription is
     *         not running.
     */
    public CompletableFuture<Boolean> retry(final ParkedEvent event)
    {
        Objects.requireNonNull(event, "event");
        final CompletableFuture<Boolean> result = new RetryFuture<>(this);
        if (stopped || stopping)
        {
            result.completeExceptionally(new IllegalStateException("subscription " + name + " is not running: " +
                "cannot retry the parked event at position " + PositionFormat.position(event.position()) + " index " +
                event.index()));
            return result;
        }
        retries.add(new RetryRequest(event, result));
        if (stopped)
        {
            failRetries();
        }
        return result;
    }

    /**
     * Drop a parked event from the store without handing it over again.
     *
     * @param event a parked event.
     * @return whether it was parked (an event parked at its position and index for another record, a fail-over
     *         having put another there, is not dropped).
     */
    public boolean skip(final ParkedEvent event)
    {
        return deadLetters.remove(event.position(), event.index(), event.recordCrc());
    }

    /** Whether the calling thread is one of the subscription's handler threads (the reader's, or a partition's). */
    boolean onHandlerThread()
    {
        final Thread current = Thread.currentThread();
        return current == thread || handlerThreads.contains(current);
    }

    /** The partitions' threads, which close must not wait for when a handler on one of them closes. */
    void handlerThreads(final List<Thread> threads)
    {
        handlerThreads = List.copyOf(threads);
    }

    /** A handler thread's calls into the handler, which stopping interrupts. */
    void handlerCall(final HandlerCall call)
    {
        calls.add(call);
    }

    /** The reader waits for the partitions' threads to end: it has left the journal for good. */
    void awaitingPartitions()
    {
        awaitingPartitions = true;
    }

    /**
     * Stop its threads and wait for them; the checkpoint stays where the last handled record put it. A handler call
     * in progress is interrupted; one that has not returned within {@link EngineContext#handlerStopTimeout} is left
     * to finish on its own (daemon) thread, named in a warning, and its chunk is committed only if it then returns
     * having handled it. Called by its own handler, it asks the threads to stop and returns without waiting (they
     * stop once the handler returns).
     */
    @Override
    public void close()
    {
        stop();
        awaitStopped(System.nanoTime() + stopTimeoutNs);
    }

    /** Ask its threads to stop and interrupt the handler calls in progress; {@link #awaitStopped} then waits. */
    void stop()
    {
        stopping = true;
        calls.forEach(HandlerCall::interrupt);
    }

    /**
     * Wait until its threads have ended; past the deadline, only until the reader has left the journal for good (it
     * is in its handler, or waits for the partitions), then give up with a warning.
     *
     * @param deadlineNs the {@link System#nanoTime()} to give up at.
     */
    void awaitStopped(final long deadlineNs)
    {
        final Thread current = Thread.currentThread();
        if (null == thread || current == thread || handlerThreads.contains(current))
        {
            return;
        }
        if (!ThreadJoin.awaitOrLeave(thread, deadlineNs, this::leftJournal,
            () -> calls.forEach(HandlerCall::interrupt)))
        {
            giveUp();
        }
    }

    /** Whether the reader has ended, is in its handler or waits for the partitions: it reads the journal no more. */
    private boolean leftJournal()
    {
        if (awaitingPartitions || !thread.isAlive())
        {
            return true;
        }
        for (final HandlerCall call : calls)
        {
            if (call.thread() == thread && call.inside())
            {
                return true;
            }
        }
        return false;
    }

    private void giveUp()
    {
        final List<String> inHandler = new ArrayList<>();
        for (final HandlerCall call : calls)
        {
            if (call.inside())
            {
                inHandler.add(call.thread().getName());
            }
        }
        LOG.warn("subscription {}: the handler on thread {} has not returned {} ms " +
            "after it was asked to stop; closing goes on without it. The thread ends once the handler returns; the " +
            "checkpoint stays at position {}, the last chunk handled wholly", name,
            inHandler.isEmpty() ? thread.getName() : String.join(", ", inHandler),
            Long.toString(TimeUnit.NANOSECONDS.toMillis(stopTimeoutNs)), Long.toString(position));
    }

    boolean stopping()
    {
        return stopping;
    }

    void delivered(final int events)
    {
        delivered.addAndGet(events);
    }

    void parkedOne()
    {
        parked.incrementAndGet();
    }

    void requestStop()
    {
        stopping = true;
    }

    void fail(final Throwable cause)
    {
        if (null == failure && STOPPED != cause)
        {
            failure = cause;
        }
        stopping = true;
    }

    /**
     * The next retry asked for, on the reader's thread, between two retries. Once stopping it throws {@link #STOPPED}
     * instead, which the reader takes as its end: a reader that was in the handler of a retry when the engine closed
     * goes to its end without reading the journal again.
     */
    RetryRequest nextRetry()
    {
        if (stopping)
        {
            throw STOPPED;
        }
        return retries.poll();
    }

    void position(final long handled)
    {
        synchronized (positionLock)
        {
            position = handled;
            positionLock.notifyAll();
        }
    }

    /** Its threads ended: wake waiters, refuse outstanding retries, and tell the engine's subscriptions. */
    void stopped()
    {
        synchronized (positionLock)
        {
            stopped = true;
            positionLock.notifyAll();
        }
        failRetries();
        if (null != onStopped)
        {
            onStopped.run();
        }
    }

    private void failRetries()
    {
        RetryRequest request;
        while (null != (request = retries.poll()))
        {
            request.result().completeExceptionally(new IllegalStateException("subscription " + name +
                " stopped before it could retry the parked event at position " + request.parked().position() +
                " index " + request.parked().index()));
        }
    }

    /**
     * The future of a retry, served on the subscription's handler threads: waiting for it on one of them, before it
     * is done, throws at once rather than waiting for ever.
     */
    private static final class RetryFuture<T> extends CompletableFuture<T>
    {
        private final RunningSubscription owner;

        RetryFuture(final RunningSubscription owner)
        {
            this.owner = owner;
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture()
        {
            return new RetryFuture<>(owner);
        }

        @Override
        public T join()
        {
            refuseOwnThread();
            return super.join();
        }

        @Override
        public T get() throws InterruptedException, ExecutionException
        {
            refuseOwnThread();
            return super.get();
        }

        private void refuseOwnThread()
        {
            if (!isDone() && owner.onHandlerThread())
            {
                throw new IllegalStateException("subscription " + owner.name + ": a retry waited for on the " +
                    "subscription's own handler thread (" + Thread.currentThread().getName() + ") would wait for " +
                    "ever: it is served on that thread once the handler returns. Do not wait for it there, or " +
                    "retry from another thread");
            }
        }
    }

    /** The subscription is stopping: thrown to the reader between retries, preallocated, without a stack trace. */
    private static final class Stopped extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        Stopped()
        {
            super("the subscription is stopping", null, false, false);
        }
    }
}
