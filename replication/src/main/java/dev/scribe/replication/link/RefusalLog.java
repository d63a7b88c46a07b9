package dev.scribe.replication.link;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Logs refused connections (or failed dials, or closed connections) without letting a flood of them flood the log:
 * at most one line per interval. The first after a quiet interval is logged at once, in full; those that follow
 * within the interval are only counted, and the count, with the last of them, goes into the next line: the next
 * one's, or the summary {@link #flush} writes once the interval has passed. An interval of zero logs every one.
 *
 * <p>Lines read {@code <what> <source>: <reason>}, for example {@code refused a peer from /10.0.0.7:41234: ...}.
 * The reasons given must already be safe to log (peer-chosen text escaped with
 * {@link dev.scribe.replication.protocol.LogSafe}). Thread-safe: handshakes on several threads report here.
 */
public final class RefusalLog
{
    private final Consumer<String> log;
    private final long intervalNs;
    private final LongSupplier nanoClock;
    private final String what;
    private boolean logged;
    private long lastLineNs;
    private long suppressed;
    private String lastSuppressed;

    /**
     * A log of refused peers: its lines begin {@code refused a peer from}.
     *
     * @param log       receives the lines.
     * @param interval  shortest time between two lines; zero for a line per refusal.
     * @param nanoClock monotonic nanoseconds, such as {@code System::nanoTime}.
     */
    public RefusalLog(final Consumer<String> log, final Duration interval, final LongSupplier nanoClock)
    {
        this(log, interval, nanoClock, "refused a peer from");
    }

    /**
     * A log whose lines begin with the words given.
     *
     * @param log       receives the lines.
     * @param interval  shortest time between two lines; zero for a line per report.
     * @param nanoClock monotonic nanoseconds, such as {@code System::nanoTime}.
     * @param what      the words before the source, such as {@code could not connect to the peer at}.
     */
    public RefusalLog(
        final Consumer<String> log, final Duration interval, final LongSupplier nanoClock, final String what)
    {
        this.log = Objects.requireNonNull(log, "log");
        this.intervalNs = interval.toNanos();
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.what = Objects.requireNonNull(what, "what");
    }

    /**
     * A connection was refused (or failed, or was closed).
     *
     * @param source the peer's address.
     * @param reason why, safe to log.
     */
    public void refused(final Object source, final String reason)
    {
        final String line;
        synchronized (this)
        {
            final long nowNs = nanoClock.getAsLong();
            final String refusal = what + " " + source + ": " + reason;
            if (logged && nowNs - lastLineNs < intervalNs)
            {
                suppressed++;
                lastSuppressed = refusal;
                return;
            }
            line = refusal + (suppressed == 0 ? "" : " (and " + suppressed + " more since the last line, " +
                elapsedMs(nowNs) + " ms ago, not logged one by one)");
            startInterval(nowNs);
        }
        log.accept(line);
    }

    /**
     * Sum up what was not yet logged, if the interval has passed since the last line; called now and then by
     * the accepting thread, so a count is not held back until the next report.
     */
    public void flush()
    {
        final String line;
        synchronized (this)
        {
            final long nowNs = nanoClock.getAsLong();
            if (suppressed == 0 || nowNs - lastLineNs < intervalNs)
            {
                return;
            }
            line = lastSuppressed + " (the last of " + suppressed + " more in the " + elapsedMs(nowNs) +
                " ms since the last line, not logged one by one)";
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
