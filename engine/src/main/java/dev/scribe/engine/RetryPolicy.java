package dev.scribe.engine;

import java.time.Duration;

/**
 * How often and how patiently a {@link Subscription} retries a handler that throws: {@code attempts} tries in all,
 * the first retry after {@code firstBackoff}, each later one after twice the wait before it, at most
 * {@code maxBackoff}.
 *
 * @param attempts     tries in all, at least 1.
 * @param firstBackoff the wait before the first retry, zero or more.
 * @param maxBackoff   the longest wait between tries, at least {@code firstBackoff}.
 */
public record RetryPolicy(int attempts, Duration firstBackoff, Duration maxBackoff)
{
    /**
     * A policy, checked.
     *
     * @throws IllegalArgumentException naming what is wrong.
     */
    public RetryPolicy
    {
        if (attempts < 1)
        {
            throw new IllegalArgumentException("a retry policy needs at least 1 attempt: " + attempts);
        }
        if (null == firstBackoff || null == maxBackoff || firstBackoff.isNegative() ||
            maxBackoff.compareTo(firstBackoff) < 0)
        {
            throw new IllegalArgumentException("a retry policy's backoffs must be 0 <= first <= max: first " +
                firstBackoff + ", max " + maxBackoff);
        }
    }

    /**
     * One try, no retry.
     *
     * @return the policy.
     */
    public static RetryPolicy none()
    {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
    }

    /**
     * Retries with exponential backoff.
     *
     * @param attempts     tries in all.
     * @param firstBackoff the wait before the first retry.
     * @param maxBackoff   the longest wait.
     * @return the policy.
     */
    public static RetryPolicy backoff(final int attempts, final Duration firstBackoff, final Duration maxBackoff)
    {
        return new RetryPolicy(attempts, firstBackoff, maxBackoff);
    }

    /**
     * The wait before a retry.
     *
     * @param retry the retry's number, from 1.
     * @return nanoseconds to wait.
     */
    long backoffNanos(final int retry)
    {
        final long first = firstBackoff.toNanos();
        final long max = maxBackoff.toNanos();
        final int doublings = Math.min(retry - 1, 62);
        return first > (max >> doublings) ? max : Math.min(max, first << doublings);
    }
}
