package dev.scribe.bench;

import dev.scribe.engine.EngineConfiguration;
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
import org.openjdk.jmh.infra.ThreadParams;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Throughput of the {@link PlainBankBaseline}, measured exactly as {@link EngineThroughputBenchmark} measures the
 * engine, so their ratio compares like with like: the same bank workload and commands, the same producers with the
 * same {@link SendWindow}, one op per command whose result is known to be accepted, the same records' worth of bytes
 * written per command, a queue as deep as the engine's default ring (16384), one instance per trial in a fresh
 * directory deleted at its end.
 * <ul>
 *     <li>{@link #oneProducer}: one producer thread.</li>
 *     <li>{@link #twoProducers}: two producer threads.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PlainBankBenchmark
{
    /**
     * The plain bank all producers share, started once per trial.
     */
    @State(Scope.Benchmark)
    public static class BankState
    {
        // JMH subclasses @State classes, so they cannot be final; @Param fields are set reflectively.
        @Param({"256"})
        private int window;

        /** How a producer waits for results when its window is full: a {@link ProducerWait} by name. */
        @Param({"yielding"})
        private String producerWait;

        private Path trialDirectory;
        private PlainBankBaseline bank;

        /**
         * Start the plain bank in a fresh directory and open and fund the accounts.
         */
        @Setup(Level.Trial)
        public void setupTrial()
        {
            trialDirectory = BenchFixtures.createTrialDirectory("scribe-plain-");
            bank = new PlainBankBaseline(trialDirectory.resolve("bank.dat"),
                EngineConfiguration.RING_SIZE_DEFAULT, BenchBank.recordLength());
            final List<CompletableFuture<PlainBankBaseline.Result>> futures = new ArrayList<>();
            for (final Object command : BenchBank.openingCommands())
            {
                futures.add(bank.send(command));
            }
            for (final CompletableFuture<PlainBankBaseline.Result> future : futures)
            {
                checkAccepted(future.join());
            }
        }

        /**
         * Finish the queued commands, stop the consumer and delete the directory.
         */
        @TearDown(Level.Trial)
        public void tearDownTrial()
        {
            try
            {
                if (null != bank)
                {
                    bank.close();
                }
            }
            finally
            {
                BenchFixtures.delete(trialDirectory);
            }
        }
    }

    /**
     * One producer: its window of outstanding commands and where it is in the command cycle.
     */
    @State(Scope.Thread)
    public static class Producer
    {
        private final Object[] commands = BenchBank.commandCycle();
        private SendWindow<PlainBankBaseline.Result> window;
        private int next;

        /**
         * Start with an empty window; each producer starts at its own place in the cycle.
         *
         * @param bank    the shared bank state.
         * @param threads which producer this is.
         */
        @Setup(Level.Iteration)
        public void setupIteration(final BankState bank, final ThreadParams threads)
        {
            window = new SendWindow<>(bank.window, ProducerWait.named(bank.producerWait));
            next = (threads.getThreadIndex() * BenchBank.ACCOUNTS / 2) % commands.length;
        }

        /**
         * Wait for the commands still outstanding, so the iteration's commands have all completed.
         */
        @TearDown(Level.Iteration)
        public void tearDownIteration()
        {
            window.drain(PlainBankBenchmark::checkAccepted);
        }

        PlainBankBaseline.Result send(final BankState state)
        {
            final PlainBankBaseline.Result oldest = window.awaitOldest();
            if (null != oldest)
            {
                checkAccepted(oldest);
            }
            final Object command = commands[next];
            next = next + 1 == commands.length ? 0 : next + 1;
            window.add(state.bank.send(command));
            return oldest;
        }
    }

    private static void checkAccepted(final PlainBankBaseline.Result result)
    {
        if (!result.accepted())
        {
            throw new IllegalStateException("a benchmark command was not accepted: " + result);
        }
    }

    /**
     * One producer sends a command.
     *
     * @param bank     the plain bank.
     * @param producer this thread's producer.
     * @return the result of the command that left the window, if one did.
     */
    @Benchmark
    @Threads(1)
    public PlainBankBaseline.Result oneProducer(final BankState bank, final Producer producer)
    {
        return producer.send(bank);
    }

    /**
     * Each of two producers sends a command.
     *
     * @param bank     the plain bank.
     * @param producer this thread's producer.
     * @return the result of the command that left the window, if one did.
     */
    @Benchmark
    @Threads(2)
    public PlainBankBaseline.Result twoProducers(final BankState bank, final Producer producer)
    {
        return producer.send(bank);
    }
}
