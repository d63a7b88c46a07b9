package dev.scribe.bench;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A producer's bounded window of outstanding commands: at most {@code size} futures not yet waited for. Before each
 * send the producer takes the window's oldest slot; when the window is full that means waiting for the oldest
 * command's result, so the producer runs at most {@code size} commands ahead of their results and every command
 * it counts completes. It waits as its {@link ProducerWait} does, yielding unless told otherwise; never parked
 * until woken, since a parked waiter would cost the threads completing the results an unpark per wake-up.
 *
 * <p>Single-threaded: one per producer.
 *
 * @param <T> the result type.
 */
final class SendWindow<T>
{
    private final CompletableFuture<?>[] futures;
    private final int mask;
    private final ProducerWait wait;
    private int next;

    /**
     * A window of {@code size} outstanding commands, a power of two.
     */
    SendWindow(final int size)
    {
        this(size, ProducerWait.named("yielding"));
    }

    /**
     * A window of {@code size} outstanding commands, a power of two, whose producer waits as {@code wait} does.
     */
    SendWindow(final int size, final ProducerWait wait)
    {
        this.wait = wait;
        if (size < 1 || Integer.bitCount(size) != 1)
        {
            throw new IllegalArgumentException("window must be a power of two of at least 1: " + size);
        }
        futures = new CompletableFuture<?>[size];
        mask = size - 1;
    }

    /**
     * Make room for one more command: wait for the result of the command in the oldest slot, if there is one.
     *
     * @return that command's result, or null if the slot was free.
     */
    T awaitOldest()
    {
        final CompletableFuture<?> oldest = futures[next];
        if (null == oldest)
        {
            return null;
        }
        futures[next] = null;
        return await(oldest);
    }

    /**
     * Put the future of a command just sent into the slot {@link #awaitOldest()} freed.
     */
    void add(final CompletableFuture<T> future)
    {
        futures[next] = future;
        next = (next + 1) & mask;
    }

    /**
     * Wait for every outstanding command, oldest first, hand each result to a check, and empty the window.
     */
    void drain(final Consumer<T> check)
    {
        for (int i = 0; i < futures.length; i++)
        {
            if (null != futures[next])
            {
                check.accept(awaitOldest());
            }
            next = (next + 1) & mask;
        }
    }

    @SuppressWarnings("unchecked")
    private T await(final CompletableFuture<?> future)
    {
        int tries = wait.start();
        while (!future.isDone())
        {
            tries = wait.idle(tries);
        }
        return (T)future.join();
    }
}
