package dev.scribe.journal;

import net.openhft.chronicle.core.time.TimeProvider;
import org.agrona.concurrent.EpochClock;

/**
 * The journal's clock as Chronicle sees it; decides which cycle file a record goes into.
 *
 * <p>The journal's writer can {@link #pin} it, for its own thread only, to a time in the cycle of the document it is
 * about to write, so that Chronicle's appender, which asks the time as it writes, cannot roll to the next cycle
 * under a document whose positions were handed out in this one. Every other thread reads the clock as it is.
 */
final class ChronicleClock implements TimeProvider
{
    private final EpochClock clock;
    /** The thread the clock is pinned for, or null; read only to compare with the reader's own thread. */
    private Thread pinnedFor;
    private long pinnedMillis;

    ChronicleClock(final EpochClock clock)
    {
        this.clock = clock;
    }

    /**
     * Pin the time for the calling thread until {@link #unpin}.
     *
     * @param millis the time it reads meanwhile.
     */
    void pin(final long millis)
    {
        pinnedMillis = millis;
        pinnedFor = Thread.currentThread();
    }

    /** The calling thread reads the clock again. */
    void unpin()
    {
        pinnedFor = null;
    }

    @Override
    public long currentTimeMillis()
    {
        return pinnedFor == Thread.currentThread() ? pinnedMillis : clock.time();
    }

    @Override
    public long currentTimeMicros()
    {
        return currentTimeMillis() * 1000L;
    }

    @Override
    public long currentTimeNanos()
    {
        return currentTimeMillis() * 1_000_000L;
    }
}
