package dev.scribe.engine;

import org.agrona.concurrent.EpochNanoClock;

import java.util.concurrent.TimeUnit;

/**
 * An engine clock that moves only when told to, for tests of handlers that read {@link Decision#timestampNs()}.
 */
public final class TestClock implements EpochNanoClock
{
    private volatile long nanos;

    /**
     * A clock at a given time.
     *
     * @param nanos nanoseconds since 1970.
     */
    public TestClock(final long nanos)
    {
        this.nanos = nanos;
    }

    @Override
    public long nanoTime()
    {
        return nanos;
    }

    /**
     * Set the time.
     *
     * @param nanos nanoseconds since 1970.
     * @return this clock.
     */
    public TestClock set(final long nanos)
    {
        this.nanos = nanos;
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
        nanos += unit.toNanos(amount);
        return this;
    }
}
