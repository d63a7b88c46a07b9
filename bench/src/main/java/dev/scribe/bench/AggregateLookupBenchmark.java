package dev.scribe.bench;

import dev.scribe.engine.CommandFixture;
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
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Finding an aggregate by its id among many, in a random order: the engine's store (through
 * {@link CommandFixture#aggregate}, the same lookup a command's aggregate goes through) next to a
 * {@code java.util.HashMap<String, Object>} over the same ids, which is how the store kept them before. Ids are
 * {@code acc-0000000}-style, the shape that clusters in a table with a weak hash.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AggregateLookupBenchmark
{
    /** The aggregates, the ids in a random order, and where the walk through them is. */
    @State(Scope.Thread)
    public static class Aggregates
    {
        /** How many aggregates exist. */
        @Param({"10000", "1000000"})
        int aggregates;

        private Path trialDirectory;
        private CommandFixture fixture;
        private final HashMap<String, Object> hashMap = new HashMap<>();
        private String[] walk;
        private int next;

        /** Make the aggregates, each with one event, and the random walk over their ids. */
        @Setup(Level.Trial)
        public void setupTrial()
        {
            trialDirectory = BenchFixtures.createTrialDirectory("scribe-lookup-");
            fixture = CommandFixture.launch(BenchBank.context(trialDirectory.resolve("engine"), null));
            final String[] ids = new String[aggregates];
            for (int i = 0; i < aggregates; i++)
            {
                ids[i] = String.format(Locale.ROOT, "acc-%07d", i);
                fixture.given(ids[i], new BenchBank.Opened(ids[i]));
                hashMap.put(ids[i], fixture.aggregate(BenchBank.Account.class, ids[i]));
            }
            walk = new String[1 << 22];
            final SplittableRandom random = new SplittableRandom(42);
            for (int i = 0; i < walk.length; i++)
            {
                walk[i] = ids[random.nextInt(aggregates)];
            }
        }

        /** Close the fixture and delete its directory. */
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

        String nextId()
        {
            final String id = walk[next];
            next = (next + 1) & (walk.length - 1);
            return id;
        }
    }

    /**
     * The engine's store.
     *
     * @param state the aggregates.
     * @return the aggregate found.
     */
    @Benchmark
    public Object engineStore(final Aggregates state)
    {
        return state.fixture.aggregate(BenchBank.Account.class, state.nextId());
    }

    /**
     * A {@code HashMap} over the same ids.
     *
     * @param state the aggregates.
     * @return the aggregate found.
     */
    @Benchmark
    public Object stringHashMap(final Aggregates state)
    {
        return state.hashMap.get(state.nextId());
    }
}
