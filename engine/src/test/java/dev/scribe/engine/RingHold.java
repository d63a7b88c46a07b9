package dev.scribe.engine;

import dev.scribe.test.Deadlines;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An interceptor that holds the business-logic thread on the first command it picks until the test releases it, so
 * that a test can fill the ring, or have results pile up behind a command, without sleeping. If never released, it
 * lets go after the standard deadline, rejecting the command it held.
 */
final class RingHold implements Interceptor
{
    private final Predicate<Object> picks;
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile boolean holding;

    RingHold(final Predicate<Object> picks)
    {
        this.picks = picks;
    }

    @Override
    public void intercept(final Object command, final String aggregateId, final Decision decision)
    {
        if (released.getCount() == 0 || !picks.test(command))
        {
            return;
        }
        holding = true;
        try
        {
            final Duration deadline = Deadlines.standard();
            if (!released.await(deadline.toNanos(), TimeUnit.NANOSECONDS))
            {
                decision.reject("held for longer than " + Deadlines.describe(deadline));
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            decision.reject("interrupted while held");
        }
    }

    /** Wait until the business logic is held. */
    void awaitHolding()
    {
        Deadlines.await(() -> holding, "the business logic to reach the held command");
    }

    /** Let the business logic go on. */
    void release()
    {
        released.countDown();
    }
}
