package dev.scribe.bench;

import dev.scribe.codecs.CodecException;
import dev.scribe.codecs.payload.PayloadCodec;
import dev.scribe.engine.Aggregate;
import dev.scribe.engine.CommandPublisher;
import dev.scribe.engine.Decision;
import dev.scribe.engine.Durability;
import dev.scribe.engine.Engine;
import dev.scribe.engine.EngineContext;
import dev.scribe.engine.Outcome;
import dev.scribe.engine.ResponseListener;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine's allocation-free path: one producer claims ring slots with a {@link CommandPublisher}, writes binary
 * deposit commands (account number, amount) into them and publishes; the handler views each command in place, fills
 * a slot-owned event with {@link Decision#emitNew}, and a {@link ResponseListener} counts the outcomes. One op is one
 * command whose outcome has arrived (a window of {@code window} commands in flight). Run with {@code -prof gc}:
 * {@code gc.alloc.rate.norm} is the bytes allocated per command by every thread, the engine's included.
 * <ul>
 *     <li>{@link #deposit}: one command claimed and published at a time.</li>
 *     <li>{@link #depositBatch}: {@value #BATCH} commands claimed and published at once
 *     ({@link CommandPublisher#claimBatch(int)}); an op is still one command.</li>
 * </ul>
 * {@code singleProducer} launches the engine with a single-producer ring
 * ({@link EngineContext#singleProducer(boolean)}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BinaryEngineBenchmark
{
    static final int DEPOSIT = 1;
    static final int BATCH = 16;

    /** A view of a binary deposit: account number then amount, little-endian longs. */
    static final class DepositView
    {
        private DirectBuffer buffer;
        private int offset;

        long account()
        {
            return buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN);
        }

        long amount()
        {
            return buffer.getLong(offset + Long.BYTES, ByteOrder.LITTLE_ENDIAN);
        }
    }

    /** Views deposits in place, reusing one view. */
    static final class DepositCodec implements PayloadCodec<DepositView>
    {
        private final DepositView view = new DepositView();

        @Override
        public Class<DepositView> type()
        {
            return DepositView.class;
        }

        @Override
        public int typeId()
        {
            return 1001;
        }

        @Override
        public int version()
        {
            return 1;
        }

        @Override
        public int encode(final DepositView value, final MutableDirectBuffer buffer, final int offset)
        {
            throw new UnsupportedOperationException("the publisher writes deposits");
        }

        @Override
        public DepositView decode(final DirectBuffer buffer, final int offset, final int length)
        {
            if (length != 2 * Long.BYTES)
            {
                throw new CodecException("deposit", offset, "length " + length + " is not 16");
            }
            view.buffer = buffer;
            view.offset = offset;
            return view;
        }
    }

    /** A mutable event, filled in place by the handler. */
    static final class Credited
    {
        private long amount;
    }

    /** Codec of the mutable event. */
    static final class CreditedCodec implements PayloadCodec<Credited>
    {
        @Override
        public Class<Credited> type()
        {
            return Credited.class;
        }

        @Override
        public int typeId()
        {
            return 1002;
        }

        @Override
        public int version()
        {
            return 1;
        }

        @Override
        public int encode(final Credited value, final MutableDirectBuffer buffer, final int offset)
        {
            buffer.putLong(offset, value.amount, ByteOrder.LITTLE_ENDIAN);
            return Long.BYTES;
        }

        @Override
        public Credited decode(final DirectBuffer buffer, final int offset, final int length)
        {
            if (length != Long.BYTES)
            {
                throw new CodecException("Credited", offset, "length " + length + " is not 8");
            }
            final Credited credited = new Credited();
            credited.amount = buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN);
            return credited;
        }
    }

    /** A ledger with a numeric id. */
    static final class Ledger implements Aggregate
    {
        private long balance;

        void apply(final Credited event)
        {
            balance += event.amount;
        }
    }

    /** Counts outcomes without allocating. */
    static final class Completions implements ResponseListener
    {
        private final AtomicLong completed = new AtomicLong();
        private final AtomicLong rejected = new AtomicLong();

        @Override
        public void onResponse(final long correlationId, final Outcome.Status status, final long position,
            final long version, final CharSequence reason)
        {
            if (status != Outcome.Status.ACCEPTED)
            {
                rejected.incrementAndGet();
            }
            completed.lazySet(correlationId);
        }
    }

    /**
     * The engine, its publisher and the window of commands in flight.
     */
    @State(Scope.Thread)
    public static class EngineState
    {
        // JMH subclasses @State classes, so they cannot be final; @Param fields are set reflectively.
        @Param({"JOURNALED"})
        private Durability durability;

        @Param({"256"})
        private int window;

        @Param({"false"})
        private boolean singleProducer;

        /** How the producer waits for results when its window is full: a {@link ProducerWait} by name. */
        @Param({"yielding"})
        private String producerWait;

        private ProducerWait wait;

        private Path trialDirectory;
        private Engine engine;
        private CommandPublisher publisher;
        private final Completions completions = new Completions();
        private long sent;

        /**
         * Launch the engine in a fresh directory.
         */
        @Setup(Level.Trial)
        public void setupTrial()
        {
            wait = ProducerWait.named(producerWait);
            trialDirectory = BenchFixtures.createTrialDirectory("scribe-binary-");
            engine = Engine.launch(new EngineContext()
                .directory(trialDirectory.resolve("engine"))
                .durability(durability)
                .singleProducer(singleProducer)
                .codec(new CreditedCodec())
                .aggregate(Ledger.class, Ledger::new)
                .responseListener(completions)
                .command(DEPOSIT, new DepositCodec(), Ledger.class, DepositView::account,
                    (DepositView cmd, Ledger ledger, Decision out) -> out.emitNew(Credited.class).amount =
                        cmd.amount()));
            publisher = engine.publisher();
        }

        /**
         * Wait for every command in flight, check none was rejected, close the engine and delete its directory.
         */
        @TearDown(Level.Trial)
        public void tearDownTrial()
        {
            try
            {
                awaitCompleted(sent);
                if (completions.rejected.get() != 0)
                {
                    throw new IllegalStateException(completions.rejected.get() + " deposits were rejected");
                }
                engine.close();
            }
            finally
            {
                BenchFixtures.delete(trialDirectory);
            }
        }

        private void awaitCompleted(final long correlationId)
        {
            int tries = wait.start();
            while (completions.completed.get() < correlationId)
            {
                tries = wait.idle(tries);
            }
        }
    }

    /**
     * Send one binary deposit, first waiting until at most {@code window} are in flight.
     *
     * @param state the engine and window.
     * @return the correlation id sent.
     */
    @Benchmark
    @Threads(1)
    public long deposit(final EngineState state)
    {
        final long correlationId = ++state.sent;
        state.awaitCompleted(correlationId - state.window);
        final MutableDirectBuffer buffer = state.publisher.claim(DEPOSIT);
        buffer.putLong(0, correlationId & 1023, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(Long.BYTES, 100, ByteOrder.LITTLE_ENDIAN);
        state.publisher.publish(2 * Long.BYTES, correlationId);
        return correlationId;
    }

    /**
     * Send {@value #BATCH} binary deposits claimed and published at once, first waiting until at most {@code window}
     * are in flight.
     *
     * @param state the engine and window.
     * @return the last correlation id sent.
     */
    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(BATCH)
    public long depositBatch(final EngineState state)
    {
        final long first = state.sent + 1;
        state.sent += BATCH;
        state.awaitCompleted(state.sent - state.window);
        final CommandPublisher publisher = state.publisher;
        publisher.claimBatch(BATCH);
        for (int i = 0; i < BATCH; i++)
        {
            final long correlationId = first + i;
            final MutableDirectBuffer buffer = publisher.buffer(i);
            buffer.putLong(0, correlationId & 1023, ByteOrder.LITTLE_ENDIAN);
            buffer.putLong(Long.BYTES, 100, ByteOrder.LITTLE_ENDIAN);
            publisher.command(i, DEPOSIT, 2 * Long.BYTES, correlationId);
        }
        publisher.publishBatch();
        return state.sent;
    }
}
