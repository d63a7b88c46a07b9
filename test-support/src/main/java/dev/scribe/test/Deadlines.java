package dev.scribe.test;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Every test's deadlines, from one setting that scales them all: a test names the time it would need on a quiet
 * machine, and a loaded one (CI beside other jobs, a reviewer's laptop running the suite twice) raises the factor
 * instead of each test guessing its own margin. The factor is the environment variable
 * {@value #FACTOR_VARIABLE}, or the system property {@value #FACTOR_PROPERTY} (which wins), a positive decimal;
 * unset, it is 1.
 *
 * <p>{@link #await} waits for a condition with the default deadline and, if it does not hold in time, fails naming
 * what was awaited and the deadline, factor included, so a timeout says what the test was waiting for.
 */
public final class Deadlines
{
    /** The environment variable that scales every deadline. */
    public static final String FACTOR_VARIABLE = "SCRIBE_TEST_TIMEOUT_FACTOR";
    /** The system property that scales every deadline; it wins over the environment variable. */
    public static final String FACTOR_PROPERTY = "scribe.test.timeout.factor";
    /** A test's deadline for anything that should take at most a second or two on a quiet machine. */
    public static final Duration DEFAULT = Duration.ofSeconds(30);

    private static final double FACTOR = factor(System.getProperty(FACTOR_PROPERTY), System.getenv(FACTOR_VARIABLE));
    private static final long POLL_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private Deadlines()
    {
    }

    /**
     * The factor every deadline is multiplied by.
     *
     * @return at least some positive number; 1 unless set.
     */
    public static double factor()
    {
        return FACTOR;
    }

    /**
     * A deadline, scaled.
     *
     * @param quiet what the wait needs on a quiet machine, with the margin the test wants.
     * @return {@code quiet} times {@link #factor()}.
     */
    public static Duration scaled(final Duration quiet)
    {
        return Duration.ofNanos((long)(quiet.toNanos() * FACTOR));
    }

    /**
     * The default deadline, scaled.
     *
     * @return {@link #DEFAULT} times {@link #factor()}.
     */
    public static Duration standard()
    {
        return scaled(DEFAULT);
    }

    /**
     * Wait until a condition holds, at most the {@link #standard()} deadline.
     *
     * @param condition what is awaited, polled about every millisecond.
     * @param what      names it, for the failure.
     * @throws AssertionError naming {@code what} and the deadline if it does not hold in time.
     */
    public static void await(final BooleanSupplier condition, final String what)
    {
        await(condition, () -> what, standard());
    }

    /**
     * Wait until a condition holds, at most a deadline.
     *
     * @param condition what is awaited, polled about every millisecond.
     * @param what      names it (and can say what was seen last), for the failure.
     * @param deadline  the longest wait, already scaled.
     * @throws AssertionError naming what was awaited and the deadline if it does not hold in time.
     */
    public static void await(final BooleanSupplier condition, final Supplier<String> what, final Duration deadline)
    {
        final long startNs = System.nanoTime();
        final long deadlineNs = startNs + deadline.toNanos();
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new AssertionError("timed out after " + describe(deadline) + " waiting for " + what.get());
            }
            if (Thread.currentThread().isInterrupted())
            {
                throw new AssertionError("interrupted while waiting for " + what.get());
            }
            LockSupport.parkNanos(POLL_NS);
        }
    }

    /**
     * A deadline as a failure states it: the time, and the factor if it is not 1.
     *
     * @param deadline the scaled deadline.
     * @return for example {@code "30.0 s"} or {@code "90.0 s (3.0 x the quiet-machine deadline)"}.
     */
    public static String describe(final Duration deadline)
    {
        final String time = String.format(Locale.ROOT, "%.1f s", deadline.toMillis() / 1000.0);
        return FACTOR == 1.0 ? time : time + String.format(Locale.ROOT, " (%.1f x the quiet-machine deadline, %s)",
            FACTOR, FACTOR_VARIABLE);
    }

    static double factor(final String property, final String variable)
    {
        final String text = null != property && !property.isBlank() ? property :
            null != variable && !variable.isBlank() ? variable : null;
        if (null == text)
        {
            return 1.0;
        }
        final double value;
        try
        {
            value = Double.parseDouble(text.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(FACTOR_PROPERTY + " / " + FACTOR_VARIABLE + " must be a positive " +
                "number, not '" + text + "'", ex);
        }
        if (!(value > 0) || Double.isInfinite(value))
        {
            throw new IllegalArgumentException(FACTOR_PROPERTY + " / " + FACTOR_VARIABLE + " must be a positive " +
                "number, not '" + text + "'");
        }
        return value;
    }
}
