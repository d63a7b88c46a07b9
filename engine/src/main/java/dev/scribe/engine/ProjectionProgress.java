package dev.scribe.engine;

import java.util.concurrent.TimeUnit;

/**
 * How far a projection has applied the journal: the position of the last record of its last whole batch, set while
 * its write lock is held (so a query under the read lock sees state and position together), announced after. Waiters
 * (read your writes) and a listener (the live queries) are told of each new position.
 */
final class ProjectionProgress
{
    private final Object lock = new Object();
    private volatile long applied = -1;
    private volatile int waiters;
    private volatile Runnable listener;

    /** The projection has applied every record up to this position (on its thread, under its write lock). */
    void applied(final long position)
    {
        applied = position;
    }

    /** Tell waiters and the listener of the position set last; on the projection's thread, after its lock. */
    void announce()
    {
        if (waiters > 0)
        {
            synchronized (lock)
            {
                lock.notifyAll();
            }
        }
        final Runnable told = listener;
        if (null != told)
        {
            told.run();
        }
    }

    long applied()
    {
        return applied;
    }

    void listener(final Runnable listener)
    {
        this.listener = listener;
    }

    /**
     * Wait until the projection has applied a position.
     *
     * @return whether it did before the deadline.
     */
    boolean await(final long position, final long timeoutNanos) throws InterruptedException
    {
        if (applied >= position)
        {
            return true;
        }
        final long deadline = System.nanoTime() + timeoutNanos;
        synchronized (lock)
        {
            waiters++;
            try
            {
                while (applied < position)
                {
                    final long left = deadline - System.nanoTime();
                    if (left <= 0)
                    {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                }
                return true;
            }
            finally
            {
                waiters--;
            }
        }
    }
}
