package dev.scribe.bench;

import dev.scribe.engine.CommandFixture;
import dev.scribe.engine.Outcome;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The business logic alone, without the ring or any thread hand-off: the bank workload's commands decided,
 * journaled (one record each, at JOURNALED) and applied one after another on the benchmark thread, through the
 * same {@code CommandProcessor} the engine runs (driven by {@link CommandFixture}). Next to the raw Chronicle append
 * of the same record, this is the engine's ceiling on one core.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ProcessorBenchmark
{
    static final int BATCH = 16;

    /**
     * A fixture over the bank, its accounts opened and funded, and where the cycle of commands is.
     */
    @State(Scope.Thread)
    public static class ProcessorState
    {
        private Path trialDirectory;
        private CommandFixture fixture;
        private Object[] commands;
        private List<List<Object>> batches;
        private int next;
        private int nextBatch;

        /**
         * Start the fixture on a fresh directory and open and fund every account.
         */
        @Setup(Level.Trial)
        public void setupTrial()
        {
            trialDirectory = BenchFixtures.createTrialDirectory("scribe-processor-");
            fixture = CommandFixture.launch(BenchBank.context(trialDirectory.resolve("engine"), null));
            for (final Object command : BenchBank.openingCommands())
            {
                BenchBank.checkAccepted(fixture.when(command).outcome());
            }
            commands = BenchBank.commandCycle();
            batches = new ArrayList<>();
            for (int i = 0; i < commands.length; i += BATCH)
            {
                final List<Object> batch = new ArrayList<>(BATCH);
                for (int j = 0; j < BATCH; j++)
                {
                    batch.add(commands[(i + j) % commands.length]);
                }
                batches.add(batch);
            }
        }

        /**
         * Close the fixture and delete its directory.
         */
        @TearDown(Level.Trial)
        public void tearDownTrial()
        {
            try
            {
                fixture.close();
            }
            finally
            {
                BenchFixtures.delete(trialDirectory);
            }
        }
    }

    /**
     * Decide, journal and apply one command.
     *
     * @param state the fixture and the command cycle.
     * @return the outcome.
     */
    @Benchmark
    public Outcome decideJournalApply(final ProcessorState state)
    {
        final Object command = state.commands[state.next];
        state.next = (state.next + 1) % state.commands.length;
        return state.fixture.when(command).outcome();
    }

    /**
     * Decide, journal and apply {@value #BATCH} commands as one ring batch: their records go to the journal as one
     * document, as the engine writes the commands it finds in its ring at once.
     *
     * @param state the fixture and the command cycle.
     * @return the outcomes.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public List<CommandFixture.Result> decideJournalApplyBatch(final ProcessorState state)
    {
        final List<Object> batch = state.batches.get(state.nextBatch);
        state.nextBatch = (state.nextBatch + 1) % state.batches.size();
        return state.fixture.whenBatch(batch);
    }
}
