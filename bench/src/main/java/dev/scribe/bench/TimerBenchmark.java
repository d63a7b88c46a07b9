package dev.scribe.bench;

import dev.scribe.engine.Aggregate;
import dev.scribe.engine.Decision;
import dev.scribe.engine.Engine;
import dev.scribe.engine.EngineContext;
import dev.scribe.engine.Outcome;
import dev.scribe.engine.Projection;
import dev.scribe.engine.SendOptions;
import dev.scribe.engine.TestClock;
import dev.scribe.engine.TimerFired;
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
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Durable timers, one producer at {@code JOURNALED}, on an engine whose clock stands still (a {@link TestClock}), so
 * only the timers a benchmark makes due fire:
 * <ul>
 *     <li>{@link #touch}: the baseline, a command that emits one event and schedules nothing; with {@code pending}
 *     timers scheduled far in the future at launch, it is the business logic's cost of holding them.</li>
 *     <li>{@link #schedule}: a command that emits one event and schedules a timer an hour ahead (never fired).</li>
 *     <li>{@link #scheduleAndFire}: a command that schedules a timer due at once, which the engine fires (a tick
 *     through the ring, then the timer's command decided and journaled with its {@code TimerFired}); one op is one
 *     timer scheduled and fired: the producer stays at most {@value #MAX_UNFIRED} timers ahead of the firing, and
 *     each iteration ends once every timer it scheduled has fired.</li>
 * </ul>
 * The engine is launched for each iteration, in a fresh directory, so pending timers do not pile up across
 * iterations; with {@code pending} set, that many timers are scheduled before the iteration (a thousand a command).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TimerBenchmark
{
    static final int MAX_UNFIRED = 4_096;
    private static final long START_NS = 1_800_000_000_000_000_000L;
    private static final int JOBS = 1_024;
    private static final int PRIME_BATCH = 1_000;

    /** A command for a job. */
    record Touch(String job) {}

    /** Schedule a timer sending {@link Touch} after a delay. */
    record Later(String job, long delayNs) {}

    /** Schedule {@code count} timers an hour ahead. */
    record Prime(String job, int count) {}

    /** The job's only event. */
    record Touched() {}

    /** A job: counts its touches. */
    static final class Job implements Aggregate
    {
        long touches;

        void apply(final Touched event)
        {
            touches++;
        }
    }

    /** Counts the timers that fired. */
    static final class FiredCount implements Projection
    {
        final AtomicLong fired = new AtomicLong();

        @Override
        public void onEvent(final long position, final String aggregateId, final long version, final Object event)
        {
            if (event instanceof TimerFired)
            {
                fired.lazySet(fired.get() + 1);
            }
        }
    }

    /**
     * The engine of an iteration, with its pending timers.
     */
    @State(Scope.Benchmark)
    public static class TimerState
    {
        @Param({"0", "1000000"})
        private int pending;

        private final Object[] touches = new Object[JOBS];
        private final Object[] laters = new Object[JOBS];
        private final Object[] nows = new Object[JOBS];
        private final SendOptions options = SendOptions.defaults();
        private Path directory;
        private Engine engine;
        private FiredCount fired;
        private SendWindow<Outcome> window;
        private long scheduled;
        private int next;

        /**
         * Launch the engine and schedule the pending timers.
         */
        @Setup(Level.Iteration)
        public void setup()
        {
            directory = BenchFixtures.createTrialDirectory("scribe-timers-");
            fired = new FiredCount();
            engine = Engine.launch(context(directory.resolve("engine"), fired));
            for (int i = 0; i < JOBS; i++)
            {
                touches[i] = new Touch("job-" + i);
                laters[i] = new Later("job-" + i, Duration.ofHours(1).toNanos());
                nows[i] = new Later("job-" + i, 0);
            }
            for (int i = 0; i < pending; i += PRIME_BATCH)
            {
                BenchBank.checkAccepted(engine.send(new Prime("job-" + i % JOBS,
                    Math.min(PRIME_BATCH, pending - i))).join());
            }
            window = new SendWindow<>(256);
            scheduled = 0;
        }

        /**
         * Wait for every command sent and every timer scheduled to fire, then close the engine.
         */
        @TearDown(Level.Iteration)
        public void tearDown()
        {
            try
            {
                window.drain(BenchBank::checkAccepted);
                while (fired.fired.get() < scheduled)
                {
                    Thread.yield();
                }
                engine.close();
            }
            finally
            {
                BenchFixtures.delete(directory);
            }
        }

        private Object next(final Object[] commands)
        {
            final Object command = commands[next];
            next = (next + 1) % JOBS;
            return command;
        }
    }

    static EngineContext context(final Path directory, final FiredCount fired)
    {
        return new EngineContext()
            .directory(directory)
            .epochNanoClock(new TestClock(START_NS))
            .aggregate(Job.class, Job::new)
            .projection(fired)
            .command(Touch.class, Touch::job, (final Touch cmd, final Job job, final Decision out) ->
                out.emit(new Touched()))
            .command(Later.class, Later::job, (final Later cmd, final Job job, final Decision out) ->
            {
                out.emit(new Touched());
                out.schedule(new Touch(cmd.job()), Duration.ofNanos(cmd.delayNs()));
            })
            .command(Prime.class, Prime::job, (final Prime cmd, final Job job, final Decision out) ->
            {
                for (int i = 0; i < cmd.count(); i++)
                {
                    out.schedule(new Touch(cmd.job()), Duration.ofHours(1));
                }
            });
    }

    private static void send(final TimerState state, final Object command)
    {
        final Outcome oldest = state.window.awaitOldest();
        if (null != oldest)
        {
            BenchBank.checkAccepted(oldest);
        }
        state.window.add(state.engine.send(command, state.options));
    }

    /**
     * A command that schedules nothing.
     *
     * @param state the engine.
     */
    @Benchmark
    public void touch(final TimerState state)
    {
        send(state, state.next(state.touches));
    }

    /**
     * A command that schedules a timer an hour ahead.
     *
     * @param state the engine.
     */
    @Benchmark
    public void schedule(final TimerState state)
    {
        send(state, state.next(state.laters));
    }

    /**
     * A command that schedules a timer due at once, which fires.
     *
     * @param state the engine.
     */
    @Benchmark
    public void scheduleAndFire(final TimerState state)
    {
        while (state.scheduled - state.fired.fired.get() >= MAX_UNFIRED)
        {
            Thread.yield();
        }
        state.scheduled++;
        send(state, state.next(state.nows));
    }
}
