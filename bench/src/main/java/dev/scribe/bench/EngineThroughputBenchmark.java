package dev.scribe.bench;

import dev.scribe.engine.Durability;
import dev.scribe.engine.Engine;
import dev.scribe.engine.LiveQuery;
import dev.scribe.engine.LiveResult;
import dev.scribe.engine.Outcome;
import dev.scribe.engine.RingWait;
import dev.scribe.engine.SendOptions;
import dev.scribe.engine.Subscription;
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

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Flow;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Engine throughput, a whole command at a time: {@code send} from a producer thread, through the ring to the
 * business-logic thread (decide, journal one record, apply, and at the end of its batch complete the caller's
 * future), with the {@link Balances} projection updating on its own thread. One op is one command whose outcome is
 * known: the producer checks that every command was accepted.
 *
 * <p>Producers send with a bounded window ({@link SendWindow}, {@code window} commands outstanding at most): before
 * each send a producer waits for the oldest outstanding outcome if the window is full, as {@code producerWait} says
 * ({@link ProducerWait}: by default it yields until the outcome is there; {@code sleepingShort} parks after 20
 * yields). So the engine always has work queued, as under load, while no producer runs away from its results. Each
 * iteration ends by waiting for the rest of the window, so every command an iteration counts has completed.
 * <ul>
 *     <li>{@link #oneProducer}: one producer thread.</li>
 *     <li>{@link #twoProducers}: two producer threads sharing the engine (the ring's multi-producer path); at most
 *     two, since the machine this was written for has two cores and the engine's own threads need them too.</li>
 * </ul>
 * {@code durability} is the level each command asks for: {@code APPLIED} or {@code JOURNALED}; {@code singleProducer}
 * launches the engine with a single-producer ring (then only {@link #oneProducer} can run).
 *
 * <p>The workload is {@link BenchBank}'s: 1024 accounts opened and funded when the trial starts, then deposits into
 * and withdrawals from every account in turn, each journaling one record of {@link BenchBank#recordLength()} bytes.
 * Commands are built once; what a send allocates is the engine's. The engine is launched once per trial, in a
 * fresh directory (under {@code -Dscribe.bench.dir}, default {@code java.io.tmpdir}), with its default settings (a
 * 16384-slot ring, sleeping wait strategy); it is closed and its directory deleted when the trial ends. The journal
 * grows through the trial, as a real one does: about 1.5 GB at a million commands per second. Appends are not
 * synced.
 *
 * <p>Run with {@code -prof gc}, {@code gc.alloc.rate.norm} is the bytes allocated per command by every thread of the
 * fork: producers, business logic and projection.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EngineThroughputBenchmark
{
    private static final PrintStream OUT = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
        StandardCharsets.UTF_8);

    /**
     * The engine all producers share, launched once per trial.
     */
    @State(Scope.Benchmark)
    public static class EngineState
    {
        // JMH subclasses @State classes, so they cannot be final; @Param fields are set reflectively.
        @Param({"APPLIED", "JOURNALED"})
        private Durability durability;

        @Param({"256"})
        private int window;

        @Param({"sleeping"})
        private String waitStrategy;

        /** How a producer waits for results when its window is full: a {@link ProducerWait} by name. */
        @Param({"yielding"})
        private String producerWait;

        @Param({"true"})
        private boolean projection;

        /** A single-producer ring ({@code EngineContext.singleProducer}): for {@link #oneProducer} only. */
        @Param({"false"})
        private boolean singleProducer;

        /** Subscriptions following the journal live, each with a handler that counts the events. */
        @Param({"0"})
        private int subscriptions;

        /** Subscriptions whose handler blocks at its first chunk until the trial ends: stuck subscribers. */
        @Param({"0"})
        private int stuckSubscriptions;

        private final CountDownLatch unstick = new CountDownLatch(1);

        /** Subscribers to one live query over the projection (its event count), each counting its results. */
        @Param({"0"})
        private int liveSubscribers;

        private final AtomicLong liveResults = new AtomicLong();
        private volatile long liveStartNs;

        private Path trialDirectory;
        private Engine engine;
        private SendOptions options;

        /**
         * Launch the engine in a fresh directory and open and fund the accounts.
         */
        @Setup(Level.Trial)
        public void setupTrial()
        {
            trialDirectory = BenchFixtures.createTrialDirectory("scribe-engine-");
            options = SendOptions.defaults().durability(durability);
            final Balances balances = projection ? new Balances() : null;
            engine = Engine.launch(BenchBank.context(trialDirectory.resolve("engine"), balances)
                .ringWait(ringWait(waitStrategy)).singleProducer(singleProducer));
            BenchBank.open(engine);
            if (liveSubscribers > 0 && null != balances)
            {
                final LiveQuery<Long> live = engine.projections().live(balances, Balances::events);
                for (int i = 0; i < liveSubscribers; i++)
                {
                    live.subscribe(new LiveCounter(liveResults));
                }
                liveStartNs = System.nanoTime();
            }
            for (int i = 0; i < stuckSubscriptions; i++)
            {
                engine.subscriptions().start(Subscription.named("stuck-" + i).handler(events -> unstick.await()));
            }
            for (int i = 0; i < subscriptions; i++)
            {
                final AtomicLong seen = new AtomicLong();
                engine.subscriptions().start(Subscription.named("follower-" + i).fromNow()
                    .handler(events -> seen.addAndGet(events.size())));
            }
        }

        /**
         * Close the engine, which finishes every command still in its ring, and delete its directory.
         */
        @TearDown(Level.Trial)
        public void tearDownTrial()
        {
            try
            {
                unstick.countDown();
                if (null != engine)
                {
                    engine.close();
                }
                if (liveSubscribers > 0)
                {
                    final double seconds = (System.nanoTime() - liveStartNs) / 1e9;
                    OUT.printf(Locale.ROOT, "%nlive query: %d subscribers took %,d results in %.1f s: " +
                        "%,.0f results/s in all%n", liveSubscribers, liveResults.get(), seconds,
                        liveResults.get() / seconds);
                }
            }
            finally
            {
                BenchFixtures.delete(trialDirectory);
            }
        }
    }

    /** A live query's subscriber that asks for everything and counts what it gets. */
    private static final class LiveCounter implements Flow.Subscriber<LiveResult<Long>>
    {
        private final AtomicLong results;

        LiveCounter(final AtomicLong results)
        {
            this.results = results;
        }

        @Override
        public void onSubscribe(final Flow.Subscription subscription)
        {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(final LiveResult<Long> item)
        {
            results.incrementAndGet();
        }

        @Override
        public void onError(final Throwable throwable)
        {
            throw new IllegalStateException("a live query subscriber failed", throwable);
        }

        @Override
        public void onComplete()
        {
            // the engine closed
        }
    }

    /**
     * The ring threads' wait by name: the engine's default ({@code sleeping}), {@code sleepingShort} (the same with 20
     * tries before parking instead of 200), {@code yielding}, {@code blocking} or {@code liteBlocking}.
     *
     * @param name the strategy's name.
     * @return the choice.
     */
    static RingWait ringWait(final String name)
    {
        return switch (name)
        {
            case "sleeping" -> RingWait.SLEEPING;
            case "sleepingShort" -> RingWait.SLEEPING_BRIEFLY;
            case "yielding" -> RingWait.YIELDING;
            case "blocking" -> RingWait.BLOCKING;
            case "liteBlocking" -> RingWait.LITE_BLOCKING;
            default -> throw new IllegalArgumentException("unknown wait strategy " + name);
        };
    }

    /**
     * One producer: its window of outstanding commands and where it is in the command cycle.
     */
    @State(Scope.Thread)
    public static class Producer
    {
        private final Object[] commands = BenchBank.commandCycle();
        private SendWindow<Outcome> window;
        private int next;

        /**
         * Start with an empty window; each producer starts at its own place in the cycle.
         *
         * @param engine  the shared engine state.
         * @param threads which producer this is.
         */
        @Setup(Level.Iteration)
        public void setupIteration(final EngineState engine, final ThreadParams threads)
        {
            window = new SendWindow<>(engine.window, ProducerWait.named(engine.producerWait));
            next = (threads.getThreadIndex() * BenchBank.ACCOUNTS / 2) % commands.length;
        }

        /**
         * Wait for the commands still outstanding, so the iteration's commands have all completed.
         */
        @TearDown(Level.Iteration)
        public void tearDownIteration()
        {
            window.drain(BenchBank::checkAccepted);
        }

        Outcome send(final EngineState state)
        {
            final Outcome oldest = window.awaitOldest();
            if (null != oldest)
            {
                BenchBank.checkAccepted(oldest);
            }
            final Object command = commands[next];
            next = next + 1 == commands.length ? 0 : next + 1;
            window.add(state.engine.send(command, state.options));
            return oldest;
        }
    }

    /**
     * One producer sends a command.
     *
     * @param engine   the engine.
     * @param producer this thread's producer.
     * @return the outcome of the command that left the window, if one did.
     */
    @Benchmark
    @Threads(1)
    public Outcome oneProducer(final EngineState engine, final Producer producer)
    {
        return producer.send(engine);
    }

    /**
     * Each of two producers sends a command.
     *
     * @param engine   the engine.
     * @param producer this thread's producer.
     * @return the outcome of the command that left the window, if one did.
     */
    @Benchmark
    @Threads(2)
    public Outcome twoProducers(final EngineState engine, final Producer producer)
    {
        return producer.send(engine);
    }
}
