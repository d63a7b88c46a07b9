package dev.scribe.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The proxy's threads: named daemons, remembered until they have ended so they can be joined, and whatever one of them
 * threw kept so that {@link #joinAll} reports it instead of it being lost on a console.
 */
final class Workers
{
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();

    void start(final String name, final Runnable task)
    {
        // a thread is forgotten only once it is dead, which is after its uncaught exception, if any, was kept
        threads.removeIf(thread -> !thread.isAlive());
        final Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.setUncaughtExceptionHandler((dead, failure) -> failures.add(failure));
        threads.add(thread);
        thread.start();
    }

    /**
     * Wait for every thread started to end.
     *
     * @param deadline how long to wait for all of them, already scaled.
     * @throws AssertionError naming the threads still running, or carrying what any thread threw.
     */
    void joinAll(final Duration deadline)
    {
        final long end = System.nanoTime() + deadline.toNanos();
        try
        {
            for (final Thread thread : threads)
            {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        final List<String> running = new ArrayList<>();
        for (final Thread thread : threads)
        {
            if (thread.isAlive())
            {
                running.add(thread.getName());
            }
        }
        if (!running.isEmpty() || !failures.isEmpty())
        {
            final AssertionError error = new AssertionError("threads still running after " +
                Deadlines.describe(deadline) + ": " + running + "; failures: " + failures.size());
            failures.forEach(error::addSuppressed);
            throw error;
        }
    }
}
