package dev.scribe.engine;

/**
 * Waiting for a thread the engine started to end, as a close must: to the end, even if interrupted meanwhile, with
 * the interrupt kept for the caller.
 */
final class ThreadJoin
{
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
}
