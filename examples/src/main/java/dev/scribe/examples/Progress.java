package dev.scribe.examples;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The progress of a demo's long step, for a person watching: a line at most once a second, such as
 * {@code   sending: 120,000 of 400,000 commands, 85,000/s} (the rate since the line before), and none for a step that
 * is done within its first second. Updated from one thread.
 */
public final class Progress
{
    private static final long INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);

    private final PrintStream out;
    private final String label;
    private final long total;
    private final String unit;
    private final boolean rate;
    private long lastNs;
    private long lastDone;

    /**
     * Start a step's progress now.
     *
     * @param out   where to print.
     * @param label what the step does, with its indent, such as {@code "  sending"}.
     * @param total how many units the step has.
     * @param unit  what a unit is, plural, such as {@code "commands"}.
     */
    public Progress(final PrintStream out, final String label, final long total, final String unit)
    {
        this(out, label, total, unit, true);
    }

    private Progress(final PrintStream out, final String label, final long total, final String unit,
        final boolean rate)
    {
        this.out = out;
        this.label = label;
        this.total = total;
        this.unit = unit;
        this.rate = rate;
        this.lastNs = System.nanoTime();
    }

    /**
     * Start the progress of a step of few units, whose rate says nothing, such as {@code   ended: 3 of 5 sagas}: a
     * line at most once a second, and only when the count has changed since the last.
     *
     * @param out   where to print.
     * @param label what the step does, with its indent.
     * @param total how many units the step has.
     * @param unit  what a unit is, plural.
     * @return the progress, printed without a rate.
     */
    public static Progress withoutRate(final PrintStream out, final String label, final long total, final String unit)
    {
        return new Progress(out, label, total, unit, false);
    }

    /**
     * Say how far the step is, if a second has passed since the last line (or the start).
     *
     * @param done units done so far.
     */
    public void update(final long done)
    {
        final long nowNs = System.nanoTime();
        final long elapsedNs = nowNs - lastNs;
        if (elapsedNs < INTERVAL_NS || (!rate && done == lastDone))
        {
            return;
        }
        if (rate)
        {
            out.printf(Locale.ROOT, "%s: %,d of %,d %s, %,.0f/s%n", label, done, total, unit,
                (done - lastDone) * 1e9 / elapsedNs);
        }
        else
        {
            out.printf(Locale.ROOT, "%s: %,d of %,d %s%n", label, done, total, unit);
        }
        lastNs = nowNs;
        lastDone = done;
    }
}
