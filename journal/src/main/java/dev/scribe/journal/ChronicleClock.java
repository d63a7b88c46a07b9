package dev.scribe.journal;

import net.openhft.chronicle.core.time.TimeProvider;
import org.agrona.concurrent.EpochClock;

/**
 * The journal's clock as Chronicle sees it; decides which cycle file a record goes into.
 */
final class ChronicleClock implements TimeProvider
{
    private final EpochClock clock;

    ChronicleClock(final EpochClock clock)
    {
        this.clock = clock;
    }

    @Override
    public long currentTimeMillis()
    {
        return clock.time();
    }

    @Override
    public long currentTimeMicros()
    {
        return clock.time() * 1000L;
    }

    @Override
    public long currentTimeNanos()
    {
        return clock.time() * 1_000_000L;
    }
}
