package dev.scribe.engine;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.LiteBlockingWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;

import java.util.function.Supplier;

/**
 * How the threads behind the command ring (the business logic, the responder, each projection) wait for work.
 * Each is one of the Disruptor's wait strategies, named here so that a user never imports the Disruptor.
 */
public enum RingWait
{
    /**
     * The default: spin a little, then yield, then sleep briefly. An idle engine costs little CPU and behaves on a
     * machine with fewer cores than ring threads.
     */
    SLEEPING(SleepingWaitStrategy::new),
    /** Spin a little, then yield: lower latency than {@link #SLEEPING}, a busy core per ring thread while idle. */
    YIELDING(YieldingWaitStrategy::new),
    /** Park on a lock until signalled: the least CPU when idle, a system call per signal when busy. */
    BLOCKING(BlockingWaitStrategy::new),
    /** As {@link #BLOCKING}, signalling only when a thread waits. */
    LITE_BLOCKING(LiteBlockingWaitStrategy::new),
    /** Spin without pause: the lowest latency, a whole core per ring thread at all times. */
    BUSY_SPIN(BusySpinWaitStrategy::new),
    /** As {@link #SLEEPING}, but parking after 20 tries instead of 200. */
    SLEEPING_BRIEFLY(() -> new SleepingWaitStrategy(20, 100));

    private final Supplier<WaitStrategy> factory;

    RingWait(final Supplier<WaitStrategy> factory)
    {
        this.factory = factory;
    }

    /** A new strategy for one ring: the engine's own use. */
    WaitStrategy newStrategy()
    {
        return factory.get();
    }
}
