package dev.scribe.engine;

import dev.scribe.test.Deadlines;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The binary path's batches (many slots claimed and published at once) and its per-publisher response listeners.
 */
class BatchPublishTest
{
    private static final long HOLD = 999;

    @TempDir
    Path dir;

    private final List<Throwable> errors = new CopyOnWriteArrayList<>();

    /** What a listener heard, in the order it heard it. */
    static final class Heard implements ResponseListener
    {
        final List<Long> ids = new CopyOnWriteArrayList<>();
        final List<Outcome.Status> statuses = new CopyOnWriteArrayList<>();
        final List<Long> versions = new CopyOnWriteArrayList<>();
        final Set<String> threads = ConcurrentHashMap.newKeySet();

        @Override
        public void onResponse(final long correlationId, final Outcome.Status status, final long position,
            final long version, final CharSequence reason)
        {
            threads.add(Thread.currentThread().getName());
            statuses.add(status);
            versions.add(version);
            ids.add(correlationId); // last: a test that sees the id sees the rest
        }
    }

    /** The binary ledger of {@link BinaryPathTest}: deposits of positive amounts into numbered accounts. */
    static EngineContext ledger(final Path dir)
    {
        return new EngineContext()
            .directory(dir)
            .ringSize(64)
            .codec(new BinaryPathTest.CreditedCodec())
            .aggregate(BinaryPathTest.Ledger.class, BinaryPathTest.Ledger::new)
            .command(BinaryPathTest.DEPOSIT, new BinaryPathTest.DepositCodec(), BinaryPathTest.Ledger.class,
                BinaryPathTest.DepositView::account,
                (BinaryPathTest.DepositView cmd, BinaryPathTest.Ledger ledger, Decision out) ->
                {
                    if (cmd.amount() <= 0)
                    {
                        out.reject("amount must be positive");
                        return;
                    }
                    out.emitNew(BinaryPathTest.Credited.class).amount = cmd.amount();
                });
    }

    static void deposit(final MutableDirectBuffer buffer, final long account, final long amount)
    {
        buffer.putLong(0, account, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(8, amount, ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void aBatchIsPublishedAtOnceAndAnsweredInOrderPassingOverTheSlotsNotFilled()
    {
        final Heard engineWide = new Heard();
        try (Engine engine = Engine.launch(ledger(dir).errorHandler(errors::add).responseListener(engineWide)))
        {
            final CommandPublisher publisher = engine.publisher();
            assertEquals(10, publisher.claimBatch(10));
            assertThrows(IllegalStateException.class, () -> publisher.claim(BinaryPathTest.DEPOSIT),
                "a batch is claimed");
            assertThrows(IllegalStateException.class, () -> publisher.publish(16, 1), "a batch is claimed");
            for (int i = 0; i < 10; i++)
            {
                if (i == 3)
                {
                    continue; // left unfilled: passed over
                }
                deposit(publisher.buffer(i), 7, i == 8 ? -1 : 10);
                if (i == 5)
                {
                    final IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                        () -> publisher.command(5, BinaryPathTest.DEPOSIT, 100_000, 6));
                    assertTrue(tooLong.getMessage().contains("command length 100000"), tooLong.getMessage());
                    continue;
                }
                publisher.command(i, BinaryPathTest.DEPOSIT, 16, i + 1);
            }
            assertThrows(IndexOutOfBoundsException.class, () -> publisher.buffer(10));
            assertThrows(IllegalArgumentException.class, () -> publisher.command(0, 99, 16, 1), "unknown type");
            publisher.command(0, BinaryPathTest.DEPOSIT, 16, 1); // filled again after the failed attempt
            publisher.publishBatch();
            Deadlines.await(() -> engineWide.ids.size() == 8, "eight responses");
            assertEquals(List.of(1L, 2L, 3L, 5L, 7L, 8L, 9L, 10L), engineWide.ids, "in ring order");
            assertEquals(Outcome.Status.REJECTED, engineWide.statuses.get(6), "the negative deposit");
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, -1L, 7L), engineWide.versions, "-1: rejected");
            assertEquals(Set.of("scribe-ring-0"), engineWide.threads);

            assertThrows(IllegalArgumentException.class, () -> publisher.claimBatch(65), "more than the ring");
            assertThrows(IllegalArgumentException.class, () -> publisher.tryClaimBatch(0));
            assertThrows(IllegalStateException.class, publisher::publishBatch, "nothing claimed");
            publisher.claimBatch(5);
            publisher.command(0, BinaryPathTest.DEPOSIT, 16, 100);
            publisher.abort();
            final MutableDirectBuffer buffer = publisher.claim(BinaryPathTest.DEPOSIT);
            deposit(buffer, 7, 1);
            publisher.publish(16, 11);
            Deadlines.await(() -> engineWide.ids.size() == 9, "the response after the aborted batch");
            assertEquals(11L, engineWide.ids.get(8), "nothing of the aborted batch was decided");
            assertEquals(8L, engineWide.versions.get(8));
        }
        assertEquals(List.of(), errors);
    }

    @Test
    void aBatchThatFindsNoRoomIsRefusedOrWaitsForIt() throws InterruptedException
    {
        final RingHold hold = new RingHold(c -> c instanceof BinaryPathTest.DepositView v && v.amount() == HOLD);
        final Heard heard = new Heard();
        try (Engine engine = Engine.launch(ledger(dir).errorHandler(errors::add).interceptor(hold)))
        {
            final CommandPublisher publisher = engine.publisher(heard);
            deposit(publisher.claim(BinaryPathTest.DEPOSIT), 1, HOLD);
            publisher.publish(16, 0);
            hold.awaitHolding();
            assertEquals(63, publisher.claimBatch(63), "the rest of the ring");
            for (int i = 0; i < 63; i++)
            {
                deposit(publisher.buffer(i), 1, 1);
                publisher.command(i, BinaryPathTest.DEPOSIT, 16, i + 1);
            }
            publisher.publishBatch();
            assertEquals(0, publisher.tryClaimBatch(1), "the ring is full");
            assertEquals(null, publisher.tryClaim(BinaryPathTest.DEPOSIT), "the ring is full");

            final AtomicInteger claimed = new AtomicInteger(-1);
            final Thread waiting = new Thread(() ->
            {
                final CommandPublisher second = engine.publisher(heard);
                claimed.set(second.claimBatch(16));
                for (int i = 0; i < 16; i++)
                {
                    deposit(second.buffer(i), 1, 1);
                    second.command(i, BinaryPathTest.DEPOSIT, 16, 100 + i);
                }
                second.publishBatch();
            }, "batch-sender");
            waiting.start();
            hold.release();
            waiting.join(Deadlines.standard().toMillis());
            assertEquals(16, claimed.get(), "the waiting batch got its room");
            Deadlines.await(() -> heard.ids.size() == 80, "every response");
            assertEquals(LongStream.range(0, 64).boxed().toList(), heard.ids.subList(0, 64));
            assertEquals(LongStream.range(100, 116).boxed().toList(), heard.ids.subList(64, 80));
            assertEquals(80L, heard.versions.get(79));
        }
        assertEquals(List.of(), errors);
    }

    @Test
    void eachPublisherHearsOfItsOwnCommandsOnly() throws InterruptedException
    {
        final Heard engineWide = new Heard();
        final Heard first = new Heard();
        final Heard second = new Heard();
        try (Engine engine = Engine.launch(ledger(dir).errorHandler(errors::add).responseListener(engineWide)))
        {
            final Thread[] senders = new Thread[2];
            for (int t = 0; t < 2; t++)
            {
                final Heard own = t == 0 ? first : second;
                final long account = t;
                senders[t] = new Thread(() ->
                {
                    final CommandPublisher publisher = engine.publisher(own);
                    for (int i = 0; i < 500; i++)
                    {
                        deposit(publisher.claim(BinaryPathTest.DEPOSIT), account, 1);
                        publisher.publish(16, i);
                    }
                }, "sender-" + t);
                senders[t].start();
            }
            for (final Thread sender : senders)
            {
                sender.join(Deadlines.standard().toMillis());
            }
            Deadlines.await(() -> first.ids.size() == 500 && second.ids.size() == 500, "every response");
            assertEquals(LongStream.range(0, 500).boxed().toList(), first.ids, "the first publisher's, in order");
            assertEquals(LongStream.range(0, 500).boxed().toList(), second.ids, "the second publisher's, in order");
            assertEquals(LongStream.range(1, 501).boxed().toList(), first.versions);
            final CommandPublisher shared = engine.publisher();
            deposit(shared.claim(BinaryPathTest.DEPOSIT), 5, 1);
            shared.publish(16, 77);
            Deadlines.await(() -> engineWide.ids.size() == 1, "the engine-wide listener");
            assertEquals(List.of(77L), engineWide.ids, "only what a publisher without a listener published");
            assertThrows(IllegalArgumentException.class, () -> engine.publisher(null));
        }
        assertEquals(List.of(), errors);
    }

    @Test
    void aReplicatedResultGoesToItsPublishersListenerOnceAcknowledged()
    {
        final Heard engineWide = new Heard();
        final Heard own = new Heard();
        try (Engine engine = Engine.launch(ledger(dir).errorHandler(errors::add).responseListener(engineWide)
            .replicationLink(new RecordingLink())))
        {
            engine.standbyConnected(true);
            final CommandPublisher publisher = engine.publisher(own);
            publisher.claimBatch(3);
            for (int i = 0; i < 3; i++)
            {
                deposit(publisher.buffer(i), 7, i == 1 ? -1 : 5);
                publisher.command(i, BinaryPathTest.DEPOSIT, 16, i + 1, SendOptions.ANY_VERSION,
                    Durability.REPLICATED);
            }
            publisher.publishBatch();
            final long journaled = engine.barrier();
            Deadlines.await(() -> own.ids.size() == 1, "the rejection, which waits for nothing");
            assertEquals(List.of(2L), own.ids);
            Deadlines.await(() -> engine.heldForReplication() == 2, "the gate to hold the accepted two");
            engine.acknowledged(engine.epoch(), journaled);
            Deadlines.await(() -> own.ids.size() == 3, "the acknowledged results");
            assertEquals(List.of(2L, 1L, 3L), own.ids);
            assertEquals(List.of(Outcome.Status.REJECTED, Outcome.Status.ACCEPTED, Outcome.Status.ACCEPTED),
                own.statuses);
            assertEquals(Set.of("scribe-ring-0", "scribe-replicated"), own.threads);
            assertEquals(List.of(), engineWide.ids, "nothing for the engine-wide listener");
        }
        assertEquals(List.of(), errors);
    }
}
