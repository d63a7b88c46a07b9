package dev.scribe.bench;

import dev.scribe.engine.Aggregate;
import dev.scribe.engine.Decision;
import dev.scribe.engine.EffectResult;
import dev.scribe.engine.EffectRunner;
import dev.scribe.engine.Engine;
import dev.scribe.engine.EngineContext;
import dev.scribe.engine.Outcome;
import dev.scribe.engine.Projection;
import dev.scribe.engine.Saga;
import dev.scribe.engine.SagaEnded;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Sagas completed per second: a three-step saga (reserve: a command; pay: an effect run in process by an
 * {@link EffectRunner} whose handler answers at once; ship: a command), started by a {@code Place} command from one
 * producer at {@code JOURNALED}. One op is one saga run started and completed: the producer stays at most
 * {@value #MAX_RUNNING} runs ahead of the completed ones, and each iteration ends once every run it started has
 * ended. A run is six records: the order with the saga's start, the reservation, the payment's result, the tick that
 * sends the shipping, the shipping, and the end.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SagaBenchmark
{
    static final int MAX_RUNNING = 1_024;
    private static final int ITEMS = 64;
    private static final long WAIT_NS = 20_000;

    /** Place an order: starts its saga. */
    record Place(String order, String sku) {}

    /** Reserve a unit. */
    record Reserve(String sku, String order) {}

    /** Ship an order. */
    record Ship(String order) {}

    /** The in-process payment. */
    record Pay(String order) {}

    /** The saga's data. */
    record Run(String order, String sku) {}

    /** An order was placed. */
    record Placed() {}

    /** A unit was reserved. */
    record Reserved() {}

    /** An order was shipped. */
    record Shipped() {}

    /** An order or an item: counts its events. */
    static final class Thing implements Aggregate
    {
        long events;

        void apply(final Placed event)
        {
            events++;
        }

        void apply(final Reserved event)
        {
            events++;
        }

        void apply(final Shipped event)
        {
            events++;
        }
    }

    /** Counts the runs that ended. */
    static final class Ended implements Projection
    {
        final AtomicLong ended = new AtomicLong();

        @Override
        public void onEvent(final long position, final String aggregateId, final long version, final Object event)
        {
            if (event instanceof SagaEnded done)
            {
                if (!"COMPLETED".equals(done.status()))
                {
                    throw new IllegalStateException("a benchmark saga ended " + done);
                }
                ended.lazySet(ended.get() + 1);
            }
        }
    }

    static final Saga<Run> ORDER = Saga.named("order", Run.class)
        .step("reserve", Saga.command(r -> new Reserve(r.sku(), r.order())))
        .step("pay", Saga.effect(r -> new Pay(r.order())))
        .step("ship", Saga.command(r -> new Ship(r.order())));

    /**
     * The engine and the effect runner of an iteration.
     */
    @State(Scope.Benchmark)
    public static class SagaState
    {
        private Path directory;
        private Engine engine;
        private EffectRunner runner;
        private Ended ended;
        private SendWindow<Outcome> window;
        private long started;

        /**
         * Launch the engine and its effect runner.
         */
        @Setup(Level.Iteration)
        public void setup()
        {
            directory = BenchFixtures.createTrialDirectory("scribe-sagas-");
            ended = new Ended();
            engine = Engine.launch(context(directory.resolve("engine"), ended));
            runner = EffectRunner.on(engine, "in-process")
                .handle(Pay.class, (pay, key) -> EffectResult.done("paid"))
                .start();
            window = new SendWindow<>(256);
            started = 0;
        }

        /**
         * Wait for every run started to end, then close.
         */
        @TearDown(Level.Iteration)
        public void tearDown()
        {
            try
            {
                window.drain(BenchBank::checkAccepted);
                while (ended.ended.get() < started)
                {
                    Thread.yield();
                }
                runner.close();
                engine.close();
            }
            finally
            {
                BenchFixtures.delete(directory);
            }
        }
    }

    static EngineContext context(final Path directory, final Ended ended)
    {
        return new EngineContext()
            .directory(directory)
            .aggregate(Thing.class, Thing::new)
            .projection(ended)
            .saga(ORDER)
            .command(Place.class, Place::order, (final Place cmd, final Thing order, final Decision out) ->
            {
                out.emit(new Placed());
                out.startSaga(ORDER, cmd.order(), new Run(cmd.order(), cmd.sku()));
            })
            .command(Reserve.class, Reserve::sku, (final Reserve cmd, final Thing item, final Decision out) ->
                out.emit(new Reserved()))
            .command(Ship.class, Ship::order, (final Ship cmd, final Thing order, final Decision out) ->
                out.emit(new Shipped()));
    }

    /**
     * Start one saga run, keeping at most {@value #MAX_RUNNING} running.
     *
     * @param state the engine.
     */
    @Benchmark
    public void threeStepSaga(final SagaState state)
    {
        while (state.started - state.ended.ended.get() >= MAX_RUNNING)
        {
            LockSupport.parkNanos(WAIT_NS); // leaves the cores to the engine's threads
        }
        final long n = state.started++;
        final Outcome oldest = state.window.awaitOldest();
        if (null != oldest)
        {
            BenchBank.checkAccepted(oldest);
        }
        state.window.add(state.engine.send(new Place("o" + n, "sku-" + (n % ITEMS))));
    }
}
