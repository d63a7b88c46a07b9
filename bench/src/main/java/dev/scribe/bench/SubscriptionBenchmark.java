package dev.scribe.bench;

import dev.scribe.codecs.journal.RecordView;
import dev.scribe.engine.Engine;
import dev.scribe.engine.Outcome;
import dev.scribe.engine.RunningSubscription;
import dev.scribe.engine.Subscription;
import dev.scribe.journal.Journal;
import dev.scribe.journal.JournalTailer;
import dev.scribe.journal.RecordHandler;
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
import org.openjdk.jmh.infra.BenchmarkParams;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A subscription catching up with a journal the engine wrote under load (many records a batch document), next to
 * Scribe's own CRC-checked read of the same journal, in the same run.
 *
 * <p>Each trial launches the bench bank ({@link BenchBank}) in a fresh directory and sends it {@link #EVENTS}
 * deposits and withdrawals (one event a record), then each invocation reads all of them from the start:
 * <ul>
 *     <li>{@link #scribeRead}: a {@link JournalTailer} of a read-only journal beside the engine, each record checked
 *     (CRC32C, structure) and its first long read: the limit a subscription is measured against.</li>
 *     <li>{@link #subscriptionCatchUp}: a new subscription (a new name, so no checkpoint) from the beginning, every
 *     event decoded into a {@code JournalEvent} and handed to a handler that counts it, chunks of 256, the
 *     checkpoint moved after each; the invocation ends when the subscription's position reaches the last record.
 *     The subscription is started before the invocation ({@link Started}).</li>
 *     <li>{@link #subscriptionCatchUpFiltered}: the same, wanting only deposits: the withdrawals are passed over
 *     without being decoded.</li>
 *     <li>{@link #projectionRebuild}: the bank's balances projection rebuilt from the journal beside the one in use
 *     and swapped in ({@code Projections.rebuild}): every event decoded and applied.</li>
 * </ul>
 * One invocation is {@link #EVENTS} operations, so each score is events (records) per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class SubscriptionBenchmark
{
    /** Events journaled once per trial and read by every invocation, besides the opening commands. */
    public static final int EVENTS = 500_000;

    private static final int WINDOW = 4096;

    private Path trialDirectory;
    private Engine engine;
    private final Balances balances = new Balances();
    private Journal readOnly;
    private volatile long last;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong counted = new AtomicLong();

    /**
     * Launch the bank and journal the events.
     */
    @Setup(Level.Trial)
    public void setupTrial()
    {
        trialDirectory = BenchFixtures.createTrialDirectory("scribe-subscription-");
        engine = Engine.launch(BenchBank.context(trialDirectory.resolve("engine"), balances));
        BenchBank.open(engine);
        final Object[] commands = BenchBank.commandCycle();
        final List<CompletableFuture<Outcome>> window = new ArrayList<>(WINDOW);
        for (int i = 0; i < EVENTS; i++)
        {
            window.add(engine.send(commands[i % commands.length]));
            if (window.size() == WINDOW || i == EVENTS - 1)
            {
                window.forEach(future -> BenchBank.checkAccepted(future.join()));
                window.clear();
            }
        }
        last = engine.lastPosition();
        readOnly = Journal.openReadOnly(engine.context().journalContext().directory());
    }

    /**
     * Close the engine and delete the trial's directory.
     */
    @TearDown(Level.Trial)
    public void tearDownTrial()
    {
        readOnly.close();
        engine.close();
        BenchFixtures.delete(trialDirectory);
    }

    /**
     * Read every record through a journal tailer.
     *
     * @return the sum of the records' first longs.
     */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long scribeRead()
    {
        final long[] sum = new long[1];
        final RecordHandler handler = (final long position, final RecordView record) ->
            sum[0] += record.buffer().getLong(record.offset());
        long count = 0;
        try (JournalTailer tailer = readOnly.tailer(Journal.NULL_POSITION))
        {
            int read;
            while ((read = tailer.poll(handler, 1024)) > 0)
            {
                count += read;
            }
        }
        if (count < EVENTS)
        {
            throw new IllegalStateException("read " + count + " records, expected at least " + EVENTS);
        }
        return sum[0];
    }

    /**
     * A new subscription catches up with every event.
     *
     * @param started the subscription, started before the invocation and held at its first chunk.
     * @return the events counted.
     */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long subscriptionCatchUp(final Started started)
    {
        return started.release(last);
    }

    /**
     * A new subscription catches up wanting only deposits.
     *
     * @param started the subscription, started before the invocation and held at its first chunk.
     * @return the events counted.
     */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long subscriptionCatchUpFiltered(final Started started)
    {
        return started.release(last);
    }

    /**
     * Rebuild the balances projection from the journal and swap it in.
     *
     * @return the rebuilt projection.
     */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public Object projectionRebuild()
    {
        return engine.projections().rebuild(balances, new Balances()).join();
    }

    /**
     * A new subscription (a new name, so no checkpoint) started before each invocation, outside its timing: starting
     * one writes its checkpoint file anew and forces it to storage, a cost of its own, not of catching up. Its
     * handler holds the first chunk until the invocation begins.
     */
    @State(Scope.Thread)
    public static class Started
    {
        private final AtomicLong counted = new AtomicLong();
        private volatile boolean released;
        private volatile boolean holding;
        private RunningSubscription running;

        /**
         * Start the subscription and wait until its first chunk is held.
         *
         * @param bench  the journal's engine.
         * @param params which benchmark runs: the filtered one wants only deposits.
         */
        @Setup(Level.Invocation)
        public void start(final SubscriptionBenchmark bench, final BenchmarkParams params)
        {
            counted.set(0);
            released = false;
            holding = false;
            final String name = (params.getBenchmark().endsWith("Filtered") ? "deposits-" : "all-") +
                bench.next.getAndIncrement();
            final Subscription subscription = name.startsWith("deposits-") ?
                Subscription.named(name).eventTypes(BenchBank.Deposited.class) : Subscription.named(name);
            running = bench.engine.subscriptions().start(subscription.chunkSize(256).handler(events ->
            {
                while (!released)
                {
                    holding = true;
                    LockSupport.parkNanos(10_000);
                }
                counted.addAndGet(events.size());
            }));
            while (!holding)
            {
                if (!running.isRunning())
                {
                    throw new IllegalStateException("the subscription stopped", running.failure());
                }
                LockSupport.parkNanos(50_000);
            }
        }

        /**
         * Let the subscription go and wait until it has handled the journal's last record.
         *
         * @param last the last record's position.
         * @return the events it counted.
         */
        long release(final long last)
        {
            released = true;
            while (running.position() < last)
            {
                if (!running.isRunning())
                {
                    throw new IllegalStateException("the subscription stopped", running.failure());
                }
                LockSupport.parkNanos(50_000);
            }
            return counted.get();
        }

        /**
         * Close the subscription and check it counted the events.
         */
        @TearDown(Level.Invocation)
        public void close()
        {
            running.close();
            if (counted.get() < EVENTS / 2)
            {
                throw new IllegalStateException("counted only " + counted.get() + " events");
            }
        }
    }
}
