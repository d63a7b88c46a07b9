package dev.scribe.engine;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import org.agrona.concurrent.EpochNanoClock;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The thread that wakes the business logic for timers: it sleeps until the next timer is due (as the business logic
 * last said, {@link #nextDue}), then publishes {@link ControlRequest#TICK}s into the ring, each firing one timer:
 * as many as the business logic last counted due (less those already published), at most {@link #MAX_IN_FLIGHT}
 * unhandled; and one when none is in flight and the next timer has come due since, to wake the business logic. It
 * never spins: with nothing due it parks, for at most {@link #IDLE_PARK_NS}; with the ring full, or as many ticks out
 * as there are timers due, it parks {@link #FULL_PARK_NS}. The thread starts the first time a timer is pending, so an
 * engine that never schedules one never runs it.
 */
final class TimerTicker implements Runnable
{
    /** Ticks published and not yet handled, at most. */
    static final int MAX_IN_FLIGHT = 64;
    /** Longest park with nothing due. */
    static final long IDLE_PARK_NS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Park while the ring has no room for a tick or enough ticks are in flight. */
    static final long FULL_PARK_NS = TimeUnit.MICROSECONDS.toNanos(50);

    private final EpochNanoClock clock;
    private final Sequence publishing;
    private final BooleanSupplier closed;
    private RingClaims claims;
    private RingBuffer<CommandSlot> ring;
    private final AtomicLong handled = new AtomicLong();
    private volatile long nextDueNs = Long.MAX_VALUE;
    /** Ticks it may publish in all: those handled when the business logic last counted, plus the timers due then. */
    private volatile long budget;
    private volatile Thread thread;
    private volatile boolean ready;
    private boolean stopped;

    /**
     * A ticker.
     *
     * @param clock      the engine clock.
     * @param publishing the engine's count of threads publishing, which its close waits to fall to zero.
     * @param closed     whether the engine is closed.
     */
    TimerTicker(final EpochNanoClock clock, final Sequence publishing, final BooleanSupplier closed)
    {
        this.clock = clock;
        this.publishing = publishing;
        this.closed = closed;
    }

    /** Tick into a started ring from now on: the thread starts now if a timer is pending, else with the first. */
    void start(final RingClaims claims, final RingBuffer<CommandSlot> ring)
    {
        this.claims = claims;
        this.ring = ring;
        ready = true;
        if (nextDueNs != Long.MAX_VALUE)
        {
            ensureRunning();
        }
    }

    /** Stop the thread, if it runs, and wait for it to end; the engine is closed by then, so it publishes no more. */
    void close()
    {
        final Thread running;
        synchronized (this)
        {
            stopped = true;
            running = thread;
        }
        if (null != running)
        {
            LockSupport.unpark(running);
            ThreadJoin.await(running);
        }
    }

    private synchronized void ensureRunning()
    {
        if (null == thread && ready && !stopped)
        {
            final Thread started = new Thread(this, "scribe-timers");
            started.setDaemon(true);
            thread = started;
            started.start();
        }
    }

    /**
     * When the next timer is due ({@link Long#MAX_VALUE}: none), and how many are due now; wakes the thread if the
     * next is sooner than it was. Business-logic thread.
     */
    void nextDue(final long dueNs, final int dueNow)
    {
        budget = handled.get() + dueNow;
        final long before = nextDueNs;
        if (dueNs != before)
        {
            nextDueNs = dueNs;
            if (dueNs < before && null == thread)
            {
                ensureRunning();
            }
            else if (dueNs < before)
            {
                LockSupport.unpark(thread);
            }
        }
    }

    /** A tick was handled (business-logic thread). */
    void handled()
    {
        handled.lazySet(handled.get() + 1);
    }

    @Override
    public void run()
    {
        long published = 0;
        while (!closed.getAsBoolean())
        {
            final long dueNs = nextDueNs;
            final long nowNs = clock.nanoTime();
            if (dueNs > nowNs)
            {
                LockSupport.parkNanos(this, Math.min(dueNs - nowNs, IDLE_PARK_NS));
            }
            else if (mayTick(published) && tryTick())
            {
                published++;
            }
            else
            {
                LockSupport.parkNanos(this, FULL_PARK_NS);
            }
        }
    }

    private boolean mayTick(final long published)
    {
        final long handledNow = handled.get();
        return published - handledNow < MAX_IN_FLIGHT && (published < budget || published == handledNow);
    }

    private boolean tryTick()
    {
        publishing.incrementAndGet();
        try
        {
            final long sequence = closed.getAsBoolean() ? RingClaims.CLOSED : claims.claim(false);
            if (sequence < 0)
            {
                return false;
            }
            ring.get(sequence).requestControl(ControlRequest.TICK);
            claims.publish(sequence);
            return true;
        }
        finally
        {
            publishing.addAndGet(-1);
        }
    }
}
