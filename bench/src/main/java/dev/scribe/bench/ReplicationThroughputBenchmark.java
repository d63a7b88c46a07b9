package dev.scribe.bench;

import dev.scribe.engine.Durability;
import dev.scribe.engine.Outcome;
import dev.scribe.engine.SendOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Throughput of a primary with a live standby, a whole command at a time, at {@code JOURNALED} and at
 * {@code REPLICATED}. Each trial starts a {@link ReplicatedPair} in the fork: a primary and a standby
 * {@link dev.scribe.replication.ReplicationNode}, both running the benchmarks' bank with its projection, linked
 * over TCP on 127.0.0.1. One producer thread sends the bank's commands to the primary with a bounded window of
 * outstanding outcomes ({@link SendWindow}), as {@link EngineThroughputBenchmark} does. One op is one command whose
 * outcome the producer has seen accepted.
 *
 * <p>The standby streams and journals every record at either durability; what {@code durability} changes is when
 * the producer's outcome completes: at {@code JOURNALED} when the primary has journaled the record, at
 * {@code REPLICATED} when the standby has acknowledged journaling it. So the ratio of the two, in the same run,
 * is the cost of waiting for the standby, with the work of replicating in both.
 *
 * <p>The trial's accounts are opened and funded at {@code JOURNALED}, then the standby is let catch up before
 * measuring. The trial ends by checking that the standby caught up with everything, that both nodes still hold
 * their roles and that their state hashes are equal; then both nodes are closed and the trial directory (under
 * {@code -Dscribe.bench.dir}, default {@code java.io.tmpdir}) is deleted. Nothing is synced.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ReplicationThroughputBenchmark
{
    /**
     * The primary and standby, started once per trial.
     */
    @State(Scope.Benchmark)
    public static class PairState
    {
        // JMH subclasses @State classes, so they cannot be final; @Param fields are set reflectively.
        @Param({"JOURNALED", "REPLICATED"})
        private Durability durability;

        @Param({"256"})
        private int window;

        private ReplicatedPair pair;
        private SendOptions options;

        /**
         * Start the pair, open and fund the accounts on the primary and let the standby catch up.
         */
        @Setup(Level.Trial)
        public void setupTrial()
        {
            options = SendOptions.defaults().durability(durability);
            pair = ReplicatedPair.start("scribe-replication-", System.err);
            BenchBank.open(pair.primary());
            pair.awaitInStep();
        }

        /**
         * Check the standby is in step with the primary, then stop both and delete their directories.
         */
        @TearDown(Level.Trial)
        public void tearDownTrial()
        {
            try
            {
                if (null != pair)
                {
                    pair.awaitInStep();
                }
            }
            finally
            {
                if (null != pair)
                {
                    pair.close();
                }
            }
        }
    }

    /**
     * The producer: its window of outstanding commands and where it is in the command cycle.
     */
    @State(Scope.Thread)
    public static class Producer
    {
        private final Object[] commands = BenchBank.commandCycle();
        private SendWindow<Outcome> window;
        private int next;

        /**
         * Start with an empty window.
         *
         * @param pair the pair's state.
         */
        @Setup(Level.Iteration)
        public void setupIteration(final PairState pair)
        {
            window = new SendWindow<>(pair.window);
        }

        /**
         * Wait for the commands still outstanding, so the iteration's commands have all completed.
         */
        @TearDown(Level.Iteration)
        public void tearDownIteration()
        {
            window.drain(BenchBank::checkReplicated);
        }

        Outcome send(final PairState state)
        {
            final Outcome oldest = window.awaitOldest();
            if (null != oldest)
            {
                BenchBank.checkReplicated(oldest);
            }
            final Object command = commands[next];
            next = next + 1 == commands.length ? 0 : next + 1;
            window.add(state.pair.primary().send(command, state.options));
            return oldest;
        }
    }

    /**
     * One producer sends a command to the primary.
     *
     * @param pair     the pair.
     * @param producer this thread's producer.
     * @return the outcome of the command that left the window, if one did.
     */
    @Benchmark
    @Threads(1)
    public Outcome oneProducer(final PairState pair, final Producer producer)
    {
        return producer.send(pair);
    }
}
