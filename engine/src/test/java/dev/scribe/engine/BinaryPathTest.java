package dev.scribe.engine;

import com.sun.management.ThreadMXBean;
import dev.scribe.codecs.CodecException;
import dev.scribe.codecs.payload.PayloadCodec;
import dev.scribe.engine.testing.ExpectedErrors;
import dev.scribe.test.Deadlines;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The allocation-free path: binary commands claimed and published into the ring, numeric aggregate ids, events
 * filled in place with emitNew, outcomes through a response listener.
 */
class BinaryPathTest
{
    static final int DEPOSIT = 1;

    /** A view of a binary deposit command: account id then amount, little-endian longs. */
    static final class DepositView
    {
        DirectBuffer buffer;
        int offset;

        long account()
        {
            return buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN);
        }

        long amount()
        {
            return buffer.getLong(offset + 8, ByteOrder.LITTLE_ENDIAN);
        }
    }

    /** Views deposit commands in place; the view is reused. */
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
            return 900;
        }

        @Override
        public int version()
        {
            return 1;
        }

        @Override
        public int encode(final DepositView value, final MutableDirectBuffer buffer, final int offset)
        {
            throw new UnsupportedOperationException("commands are encoded by the publisher");
        }

        @Override
        public DepositView decode(final DirectBuffer buffer, final int offset, final int length)
        {
            if (length != 16)
            {
                throw new CodecException("deposit", offset, "length " + length + " is not 16");
            }
            view.buffer = buffer;
            view.offset = offset;
            return view;
        }
    }

    /** A mutable event, filled in place. */
    static final class Credited
    {
        long amount;

        @Override
        public boolean equals(final Object other)
        {
            return other instanceof Credited c && c.amount == amount;
        }

        @Override
        public int hashCode()
        {
            return Long.hashCode(amount);
        }
    }

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
            return 901;
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
            return 8;
        }

        @Override
        public Credited decode(final DirectBuffer buffer, final int offset, final int length)
        {
            if (length != 8)
            {
                throw new CodecException("Credited", offset, "length " + length + " is not 8");
            }
            final Credited credited = new Credited();
            credited.amount = buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN);
            return credited;
        }
    }

    static final class Ledger implements Aggregate
    {
        long balance;

        void apply(final Credited event)
        {
            balance += event.amount;
        }
    }

    /** Counts responses without allocating. */
    static class Responses implements ResponseListener
    {
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong rejected = new AtomicLong();
        volatile long lastCorrelationId = -1;
        volatile long lastVersion;
        volatile String lastReason;

        @Override
        public void onResponse(final long correlationId, final Outcome.Status status, final long position,
            final long version, final CharSequence reason)
        {
            if (status == Outcome.Status.ACCEPTED)
            {
                accepted.incrementAndGet();
            }
            else
            {
                lastReason = String.valueOf(reason);
                rejected.incrementAndGet();
            }
            lastVersion = version;
            lastCorrelationId = correlationId;
        }
    }

    @TempDir
    Path dir;

    private EngineContext context(final Responses responses)
    {
        return new EngineContext()
            .directory(dir)
            .ringSize(1024)
            .codec(new CreditedCodec())
            .aggregate(Ledger.class, Ledger::new)
            .responseListener(responses)
            .command(DEPOSIT, new DepositCodec(), Ledger.class, DepositView::account,
                (DepositView cmd, Ledger ledger, Decision out) ->
                {
                    if (cmd.amount() <= 0)
                    {
                        out.reject("amount must be positive");
                        return;
                    }
                    out.emitNew(Credited.class).amount = cmd.amount();
                });
    }

    private static void deposit(final CommandPublisher publisher, final long account, final long amount,
        final long correlationId)
    {
        final MutableDirectBuffer buffer = publisher.claim(DEPOSIT);
        buffer.putLong(0, account, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(8, amount, ByteOrder.LITTLE_ENDIAN);
        publisher.publish(16, correlationId);
    }

    @ExpectedErrors("the application's listener failed")
    @Test
    void aListenerThatThrowsOnAReplicatedResultDoesNotStopTheOthers()
    {
        final Responses responses = new Responses()
        {
            @Override
            public void onResponse(final long correlationId, final Outcome.Status status, final long position,
                final long version, final CharSequence reason)
            {
                super.onResponse(correlationId, status, position, version, reason);
                if (1 == correlationId)
                {
                    throw new IllegalStateException("the application's listener failed");
                }
            }
        };
        try (Engine engine = Engine.launch(context(responses).durability(Durability.REPLICATED)
            .replicationLink(new RecordingLink())))
        {
            engine.standbyConnected(true);
            final CommandPublisher publisher = engine.publisher();
            deposit(publisher, 7, 100, 1);
            deposit(publisher, 7, 5, 2);
            final long both = engine.barrier(); // both deposits journaled
            assertEquals(-1, responses.lastCorrelationId, "REPLICATED results wait for the standby");
            engine.acknowledged(engine.epoch(), both);
            Deadlines.await(() -> responses.lastCorrelationId == 2, "the response to command 2");
            assertEquals(2, responses.accepted.get());
            deposit(publisher, 7, 1, 3);
            engine.acknowledged(engine.epoch(), engine.barrier());
            Deadlines.await(() -> responses.lastCorrelationId == 3, "the response to command 3");
        }
    }

    @Test
    void binaryCommandsAreDecidedJournaledAndReplayed()
    {
        final Responses responses = new Responses();
        final long hash;
        try (Engine engine = Engine.launch(context(responses)))
        {
            final CommandPublisher publisher = engine.publisher();
            deposit(publisher, 7, 100, 1);
            deposit(publisher, 7, -5, 2);
            deposit(publisher, 8, 40, 3);
            Deadlines.await(() -> responses.lastCorrelationId == 3, "the response to command 3");
            assertEquals(2, responses.accepted.get());
            assertEquals(1, responses.rejected.get());
            assertEquals("amount must be positive", responses.lastReason);
            final Outcome viaString = engine.send(new Object()).join();
            assertTrue(viaString.reason().startsWith("unknown command type"));
            hash = engine.stateHash();

            assertThrows(IllegalArgumentException.class, () -> publisher.claim(99));
            publisher.claim(DEPOSIT);
            assertThrows(IllegalArgumentException.class, () -> publisher.publish(17_000, 4));
            publisher.claim(DEPOSIT);
            publisher.abort();
            deposit(publisher, 7, 1, 5);
            Deadlines.await(() -> responses.lastCorrelationId == 5, "the response to command 5");
            assertEquals(2, responses.lastVersion);
        }
        try (Engine engine = Engine.launch(context(new Responses())))
        {
            assertEquals(3, engine.replayedRecords());
            assertTrue(hash != engine.stateHash(), "the later deposit changed the state");
        }
    }

    @Test
    void steadyStateAllocatesNothingPerCommand() throws Exception
    {
        final Responses responses = new Responses();
        try (Engine engine = Engine.launch(context(responses)))
        {
            final CommandPublisher publisher = engine.publisher();
            long correlationId = 0;
            for (int i = 0; i < 200_000; i++)
            {
                deposit(publisher, i % 64, 1 + (i & 7), ++correlationId);
            }
            final long warmedUp = correlationId;
            Deadlines.await(() -> responses.lastCorrelationId == warmedUp, "the response to the last warm-up command");
            final ThreadMXBean threads =
                (ThreadMXBean)ManagementFactory.getThreadMXBean();
            final long[] ids = engineThreadIds();
            final long before = sum(threads.getThreadAllocatedBytes(ids));
            final int commands = 200_000;
            for (int i = 0; i < commands; i++)
            {
                deposit(publisher, i % 64, 1 + (i & 7), ++correlationId);
            }
            final long last = correlationId;
            Deadlines.await(() -> responses.lastCorrelationId == last, "the response to the last measured command");
            final long allocated = sum(threads.getThreadAllocatedBytes(ids)) - before;

            assertTrue(allocated < 64 * 1024,
                "the ring, business logic, journal and response listener allocated " + allocated + " bytes for " +
                commands + " commands (" + (allocated / (double)commands) + " per command)");
        }
    }

    @Test
    void aFreshEnginesFirstCommandsAllocateNothing() throws Exception
    {
        // a first engine runs the path until it is compiled, so what the second allocates is its own, not the JIT's
        // (rounds until one allocates nothing, as compilation comes later on a busy machine)
        final Responses warmUpResponses = new Responses();
        try (Engine warmUp = Engine.launch(context(warmUpResponses)))
        {
            final CommandPublisher publisher = warmUp.publisher();
            final ThreadMXBean threads = (ThreadMXBean)ManagementFactory.getThreadMXBean();
            final long[] ids = engineThreadIds();
            final long deadline = System.nanoTime() + Deadlines.standard().toNanos();
            long sent = 0;
            long roundAllocated = Long.MAX_VALUE;
            while (roundAllocated > 1024 && System.nanoTime() < deadline)
            {
                final long before = sum(threads.getThreadAllocatedBytes(ids));
                for (int i = 0; i < 50_000; i++)
                {
                    deposit(publisher, sent % 64, 1 + (sent & 7), ++sent);
                }
                final long round = sent;
                Deadlines.await(() -> warmUpResponses.lastCorrelationId == round, "the last warm-up response");
                roundAllocated = sum(threads.getThreadAllocatedBytes(ids)) - before;
            }
            assertTrue(roundAllocated <= 1024, "the warmed-up path still allocated " + roundAllocated +
                " bytes in 50,000 commands after " + Deadlines.standard());
        }
        final Responses responses = new Responses();
        try (Engine engine = Engine.launch(context(responses).directory(dir.resolve("fresh"))))
        {
            final CommandPublisher publisher = engine.publisher();
            // the ledgers made first: making an aggregate allocates it, and that is not a command's cost
            final int ledgers = 64;
            for (int i = 1; i <= ledgers; i++)
            {
                deposit(publisher, i % 64, 1 + (i & 7), i);
            }
            Deadlines.await(() -> responses.lastCorrelationId == ledgers, "the response that made the last ledger");
            final ThreadMXBean threads = (ThreadMXBean)ManagementFactory.getThreadMXBean();
            final long[] ids = engineThreadIds();
            final long before = sum(threads.getThreadAllocatedBytes(ids));
            // every other slot of the fresh ring used for the first time, each command emitting a pooled event
            final int last = engine.context().ringSize();
            for (int i = ledgers + 1; i <= last; i++)
            {
                deposit(publisher, i % 64, 1 + (i & 7), i);
            }
            final long deadline = System.nanoTime() + Deadlines.standard().toNanos();
            while (responses.lastCorrelationId != last && System.nanoTime() < deadline)
            {
                Thread.onSpinWait(); // a lambda-free wait: this thread is measured too
            }
            final long allocated = sum(threads.getThreadAllocatedBytes(ids)) - before;
            assertEquals(last, responses.lastCorrelationId, "the response to the last command, within " +
                Deadlines.standard());
            assertTrue(allocated < 4 * 1024, "the first " + (last - ledgers) + " commands of a fresh engine to " +
                "existing ledgers, each through a slot used for the first time, allocated " + allocated + " bytes (" +
                (allocated / (double)(last - ledgers)) + " per command)");
        }
    }

    private static long[] engineThreadIds()
    {
        final long[] ids = Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith("scribe-ring-") || t == Thread.currentThread())
            .mapToLong(Thread::getId)
            .toArray();
        // the business-logic thread, which completes the results too, and this one
        assertTrue(ids.length >= 2, "threads found: " + Arrays.toString(ids));
        return ids;
    }

    private static long sum(final long[] values)
    {
        long total = 0;
        for (final long value : values)
        {
            total += Math.max(0, value);
        }
        return total;
    }
}
