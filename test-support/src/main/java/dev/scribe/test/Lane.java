package dev.scribe.test;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What one direction of every proxied connection shares: the fault in force, the cut that connections opened from now
 * on start with, and the counts of bytes forwarded and dropped.
 */
final class Lane
{
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile Fault fault = Fault.PASS;
    private volatile long cutAfter = Pump.NO_CUT;

    Fault fault()
    {
        return fault;
    }

    void fault(final Fault fault)
    {
        this.fault = fault;
    }

    long cutAfter()
    {
        return cutAfter;
    }

    void cutAfter(final long bytes)
    {
        cutAfter = bytes;
    }

    long forwarded()
    {
        return forwarded.get();
    }

    void onForwarded(final int bytes)
    {
        forwarded.addAndGet(bytes);
    }

    long dropped()
    {
        return dropped.get();
    }

    void onDropped(final int bytes)
    {
        dropped.addAndGet(bytes);
    }
}
