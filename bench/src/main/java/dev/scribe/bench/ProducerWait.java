package dev.scribe.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * How a benchmark's producer waits for the results it needs before it sends more:
 * <ul>
 *     <li>{@code yielding}: yield the core at every try, so the producer stays runnable while it waits;</li>
 *     <li>{@code sleeping}: 100 busy tries, 100 yields, then parking 100 ns at a time (the kernel's timer slack
 *     makes each park tens of microseconds), as the engine's {@code RingWait.SLEEPING} does;</li>
 *     <li>{@code sleepingShort}: 20 yields, then parking as {@code sleeping} does ({@code RingWait.SLEEPING_BRIEFLY}).
 *     </li>
 * </ul>
 * No waiter is ever woken by the engine: a parked producer wakes when its park ends, so the threads completing
 * results pay for no wake-ups. A yielding producer on a machine with as many busy threads as cores keeps a share of
 * the cores while it waits; a sleeping one gives them up, and sends again some time after its result arrived.
 */
final class ProducerWait
{
    private static final long PARK_NANOS = 100;

    private final int tries;

    private ProducerWait(final int tries)
    {
        this.tries = tries;
    }

    /**
     * The wait by name.
     *
     * @param name {@code yielding}, {@code sleeping} or {@code sleepingShort}.
     * @return the wait.
     */
    static ProducerWait named(final String name)
    {
        return switch (name)
        {
            case "yielding" -> new ProducerWait(-1);
            case "sleeping" -> new ProducerWait(200);
            case "sleepingShort" -> new ProducerWait(20);
            default -> throw new IllegalArgumentException("unknown producer wait " + name +
                ": yielding, sleeping or sleepingShort");
        };
    }

    /**
     * Tries left when a wait begins: pass it to the first {@link #idle(int)}.
     */
    int start()
    {
        return tries;
    }

    /**
     * Wait once, the result not being there yet.
     *
     * @param triesLeft what {@link #start()} or the last call returned.
     * @return the tries left for the next call.
     */
    int idle(final int triesLeft)
    {
        if (triesLeft < 0)
        {
            Thread.yield();
            return triesLeft;
        }
        if (triesLeft > 100)
        {
            Thread.onSpinWait();
            return triesLeft - 1;
        }
        if (triesLeft > 0)
        {
            Thread.yield();
            return triesLeft - 1;
        }
        LockSupport.parkNanos(PARK_NANOS);
        return 0;
    }
}
