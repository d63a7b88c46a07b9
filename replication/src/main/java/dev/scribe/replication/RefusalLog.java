package dev.scribe.replication;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Logs refused connections without letting a flood of them flood the log: at most one line per interval. The first
 * refusal after a quiet interval is logged at once, in full; those that follow within the interval are only counted,
 * and the count, with the last of them, goes into the next line: the next refusal's, or the summary {@link #flush}
 * writes once the interval has passed. An interval of zero logs every refusal.
 *
 * <p>The reasons given must already be safe to log (peer-chosen text escaped with
 * {@link dev.scribe.replication.protocol.LogSafe}). Thread-safe: handshakes on several threads report here.
 */
final class RefusalLog
{
    private final Consumer<String> log;
    private final long intervalNs;
    private final LongSupplier nanoClock;
    private boolean logged;
    private long lastLineNs;
    private long suppressed;
    private String lastSuppressed;

    /**
     * A refusal log.
     *
     * @param log       receives the lines.
     * @param interval  shortest time between two lines; zero for a line per refusal.
     * @param nanoClock monotonic nanoseconds, such as {@code System::nanoTime}.
     */
    RefusalLog(final Consumer<String> log, final Duration interval, final LongSupplier nanoClock)
    {
        this.log = Objects.requireNonNull(log, "log");
        this.intervalNs = interval.toNanos();
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /**
     * A connection was refused.
     *
     * @param source the peer's address.
     * @param reason why, safe to log.
     */
    void refused(final Object source, final String reason)
    {
        final String line;
        synchronized (this)
        {
            final long nowNs = nanoClock.getAsLong();
            final String refusal = "from " + source + ": " + reason;
            if (logged && nowNs - lastLineNs < intervalNs)
            {
                suppressed++;
                lastSuppressed = refusal;
                return;
            }
            line = "refused a peer " + refusal + (suppressed == 0 ? "" : " (and " + suppressed + " more since the " +
                "last line, " + elapsedMs(nowNs) + " ms ago, not logged one by one)");
            startInterval(nowNs);
        }
        log.accept(line);
    }

    /**
     * Sum up the refusals not yet logged, if the interval has passed since the last line; called now and then by
     * the accepting thread, so a count is not held back until the next refusal.
     */
    void flush()
    {
        final String line;
        synchronized (this)
        {
            final long nowNs = nanoClock.getAsLong();
            if (suppressed == 0 || nowNs - lastLineNs < intervalNs)
            {
                return;
            }
            line = "refused " + suppressed + " more peers in the " + elapsedMs(nowNs) + " ms since the last line; " +
                "the last " + lastSuppressed;
            startInterval(nowNs);
        }
        log.accept(line);
    }

    private long elapsedMs(final long nowNs)
    {
        return (nowNs - lastLineNs) / 1_000_000;
    }

    private void startInterval(final long nowNs)
    {
        logged = true;
        lastLineNs = nowNs;
        suppressed = 0;
        lastSuppressed = null;
    }
}
