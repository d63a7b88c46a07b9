package dev.scribe.metrics;

import dev.scribe.engine.LatencyHistogram;
import io.micrometer.core.instrument.Clock;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The latencies of about the last minute of one histogram, for percentile gauges: the engine's
 * {@link LatencyHistogram} only grows, so the window is its snapshot now minus a snapshot kept from a minute or so
 * ago (one is kept every {@link #STEP_NS}; before the first minute has passed, everything since launch). What a
 * scrape asks for several gauges is computed once ({@link #FRESH_NS}). When the histogram is replaced (a replication
 * node relaunched its engine) the window starts again.
 */
final class LatencyWindow
{
    /** The window's nominal length: it covers from this to this plus {@link #STEP_NS}. */
    static final long WINDOW_NS = TimeUnit.MINUTES.toNanos(1);
    /** How often a snapshot is kept. */
    static final long STEP_NS = TimeUnit.SECONDS.toNanos(15);
    /** How long a computed window serves before it is computed again. */
    static final long FRESH_NS = TimeUnit.SECONDS.toNanos(1);

    private final Supplier<LatencyHistogram> histogram;
    private final Clock clock;
    private final ArrayDeque<Kept> kept = new ArrayDeque<>();
    private LatencyHistogram source;
    private LatencyHistogram.Snapshot window;
    private long computedNs;

    private record Kept(long timeNs, LatencyHistogram.Snapshot snapshot)
    {
    }

    LatencyWindow(final Supplier<LatencyHistogram> histogram, final Clock clock)
    {
        this.histogram = histogram;
        this.clock = clock;
    }

    /**
     * The latencies of the window.
     *
     * @return a snapshot of them.
     */
    synchronized LatencyHistogram.Snapshot snapshot()
    {
        final long nowNs = clock.monotonicTime();
        final LatencyHistogram current = histogram.get();
        if (current != source)
        {
            source = current;
            kept.clear();
            window = null;
        }
        if (null != window && nowNs - computedNs < FRESH_NS)
        {
            return window;
        }
        final LatencyHistogram.Snapshot now = current.snapshot();
        if (kept.isEmpty() || nowNs - kept.peekLast().timeNs() >= STEP_NS)
        {
            kept.addLast(new Kept(nowNs, now));
        }
        // the base: the newest snapshot kept at least a window ago; those older are not needed again
        Kept base = null;
        while (!kept.isEmpty() && nowNs - kept.peekFirst().timeNs() >= WINDOW_NS)
        {
            base = kept.pollFirst();
        }
        if (null != base)
        {
            kept.addFirst(base);
        }
        window = null == base ? now : now.minus(base.snapshot());
        computedNs = nowNs;
        return window;
    }
}
