package dev.scribe.engine;

import org.agrona.concurrent.EpochNanoClock;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An engine clock that moves only when told to, for tests of handlers that read {@link Decision#timestampNs()}.
 */
public final class TestClock implements EpochNanoClock
{
    private final AtomicLong nanos = new AtomicLong();

    /**
     * A clock at a given time.
     *
     * @param nanos nanoseconds since 1970.
     */
    public TestClock(final long nanos)
    {
        this.nanos.set(nanos);
    }

    @Override
    public long nanoTime()
    {
        return nanos.get();
    }

    /**
     * Set the time.
     *
     * @param nanos nanoseconds since 1970.
     * @return this clock.
     */
    public TestClock set(final long nanos)
    {
        this.nanos.set(nanos);
        return this;
    }

    /**
     * Move the time forward.
     *
     * @param amount how much.
     * @param unit   of the amount.
     * @return this clock.
     */
    public TestClock advance(final long amount, final TimeUnit unit)
    {
        nanos.addAndGet(unit.toNanos(amount));
        return this;
    }
}
