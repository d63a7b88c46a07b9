package dev.scribe.engine;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Waiting for a thread the engine started to end, as a close must: to the end (or to a deadline), even if
 * interrupted meanwhile, with the interrupt kept for the caller.
 */
final class ThreadJoin
{
    private static final long SLICE_NS = TimeUnit.MILLISECONDS.toNanos(10);

    private ThreadJoin()
    {
    }

    /**
     * Wait until a thread has ended; an interrupt while waiting is kept (set again once it has ended).
     *
     * @param thread the thread, or null for none.
     */
    static void await(final Thread thread)
    {
        boolean interrupted = false;
        while (null != thread && thread.isAlive())
        {
            try
            {
                thread.join();
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Wait until a thread has ended or a deadline has passed; an interrupt while waiting is kept.
     *
     * @param thread     the thread, or null for none.
     * @param deadlineNs the {@link System#nanoTime()} to wait until at most.
     * @return whether the thread has ended.
     */
    static boolean await(final Thread thread, final long deadlineNs)
    {
        boolean interrupted = false;
        long left;
        while (null != thread && thread.isAlive() && (left = deadlineNs - System.nanoTime()) > 0)
        {
            try
            {
                TimeUnit.NANOSECONDS.timedJoin(thread, left);
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
        return null == thread || !thread.isAlive();
    }

    /**
     * Wait until a thread has ended; past a deadline, only until it may be left to end on its own (it is in the
     * user's code, say, and touches nothing of the engine's once that returns). Every 10 ms of the wait a nudge runs
     * (interrupting a call into the user's code that began since, say). An interrupt while waiting is kept.
     *
     * @param thread     the thread.
     * @param deadlineNs the {@link System#nanoTime()} after which the thread may be left.
     * @param mayLeave   whether the thread may be left now.
     * @param nudge      run every 10 ms while waiting.
     * @return true if the thread ended; false if it was left running.
     */
    static boolean awaitOrLeave(final Thread thread, final long deadlineNs, final BooleanSupplier mayLeave,
        final Runnable nudge)
    {
        while (true)
        {
            final long now = System.nanoTime();
            if (await(thread, deadlineNs - now > 0 ? Math.min(deadlineNs, now + SLICE_NS) : now + SLICE_NS))
            {
                return true;
            }
            nudge.run();
            if (System.nanoTime() - deadlineNs >= 0 && mayLeave.getAsBoolean())
            {
                return false;
            }
        }
    }
}
