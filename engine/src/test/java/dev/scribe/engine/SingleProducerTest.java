package dev.scribe.engine;

import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static dev.scribe.engine.EngineBank.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A single-producer ring: commands come from the first thread that sends one, any other is refused naming both
 * threads, and control requests from other threads still take their turns in the ring.
 */
class SingleProducerTest
{
    @TempDir
    Path dir;

    private final List<Throwable> errors = new CopyOnWriteArrayList<>();

    /** Run on a new thread named {@code name} and return what it threw, or null. */
    private static Throwable onThread(final String name, final Runnable action) throws InterruptedException
    {
        final AtomicReference<Throwable> thrown = new AtomicReference<>();
        final Thread thread = new Thread(() ->
        {
            try
            {
                action.run();
            }
            catch (final RuntimeException ex)
            {
                thrown.set(ex);
            }
        }, name);
        thread.start();
        thread.join(Deadlines.standard().toMillis());
        assertTrue(!thread.isAlive(), name + " finished");
        return thrown.get();
    }

    @Test
    void aSecondThreadIsRefusedCommandsButNotTheStateHashOrASnapshot() throws InterruptedException
    {
        final String producer = Thread.currentThread().getName();
        try (Engine engine = Engine.launch(Bank.context(dir).errorHandler(errors::add).singleProducer(true)))
        {
            assertTrue(engine.context().singleProducer());
            assertTrue(await(engine.send(new Bank.Open("a"))).accepted());
            final Throwable refused = onThread("second-sender", () -> engine.send(new Bank.Deposit("a", 1)));
            assertTrue(refused instanceof IllegalStateException, String.valueOf(refused));
            assertTrue(refused.getMessage().contains("commands come from thread '" + producer + "'") &&
                refused.getMessage().contains("so thread 'second-sender' may not send any"), refused.getMessage());
            final Throwable publisher = onThread("second-publisher",
                () -> engine.publisher().claim(BinaryPathTest.DEPOSIT));
            assertTrue(publisher instanceof IllegalStateException && publisher.getMessage().contains(
                "thread 'second-publisher' may not"), String.valueOf(publisher));

            assertTrue(await(engine.send(new Bank.Deposit("a", 5))).accepted());
            final long hash = engine.stateHash();
            final AtomicReference<Long> hashElsewhere = new AtomicReference<>();
            final AtomicReference<SnapshotInfo> snapshot = new AtomicReference<>();
            assertEquals(null, onThread("control", () ->
            {
                hashElsewhere.set(engine.stateHash());
                snapshot.set(await(engine.snapshot()));
            }));
            assertEquals(hash, hashElsewhere.get());
            assertEquals(hash, snapshot.get().stateHash());
            assertEquals(5, Bank.balance(engine, "a"), "the refused deposit was not sent");
        }
        assertEquals(List.of(), errors);
    }

    @Test
    void controlRequestsFromOtherThreadsTakeTurnsWithTheProducer() throws InterruptedException
    {
        final int commands = 20_000;
        final List<Long> hashes = new CopyOnWriteArrayList<>();
        try (Engine engine = Engine.launch(Bank.context(dir).errorHandler(errors::add).singleProducer(true)
            .ringSize(256)))
        {
            assertTrue(await(engine.send(new Bank.Open("a"))).accepted());
            final Thread control = new Thread(() ->
            {
                for (int i = 0; i < 200; i++)
                {
                    hashes.add(engine.stateHash());
                }
            }, "control");
            control.start();
            final List<CompletableFuture<Outcome>> results = new ArrayList<>(commands);
            for (int i = 0; i < commands; i++)
            {
                results.add(engine.send(new Bank.Deposit("a", 1)));
            }
            for (final CompletableFuture<Outcome> result : results)
            {
                assertTrue(await(result).accepted());
            }
            control.join(Deadlines.standard().toMillis());
            assertEquals(200, hashes.size());
            assertEquals(commands, Bank.balance(engine, "a"));
        }
        try (Engine engine = Engine.launch(Bank.context(dir).errorHandler(errors::add).singleProducer(true)))
        {
            assertEquals(commands + 1, engine.replayedRecords(), "every record replays");
            assertEquals(commands, Bank.balance(engine, "a"));
        }
        assertEquals(List.of(), errors);
    }

    @Test
    void theProducerPublishesBatchesAndAnotherThreadIsRefusedThem() throws InterruptedException
    {
        final BatchPublishTest.Heard heard = new BatchPublishTest.Heard();
        try (Engine engine = Engine.launch(BatchPublishTest.ledger(dir).errorHandler(errors::add)
            .singleProducer(true)))
        {
            final CommandPublisher publisher = engine.publisher(heard);
            for (int round = 0; round < 50; round++)
            {
                final int count = publisher.claimBatch(32);
                for (int i = 0; i < count; i++)
                {
                    BatchPublishTest.deposit(publisher.buffer(i), i % 4, 1);
                    publisher.command(i, BinaryPathTest.DEPOSIT, 16, round * 32L + i);
                }
                publisher.publishBatch();
            }
            final Throwable refused = onThread("other", () -> engine.publisher(heard).claimBatch(2));
            assertTrue(refused instanceof IllegalStateException, String.valueOf(refused));
            Deadlines.await(() -> heard.ids.size() == 1600, "every response");
            for (int i = 0; i < 1600; i++)
            {
                assertEquals((long)i, (long)heard.ids.get(i), "in order");
            }
            assertEquals(400L, heard.versions.get(1599));
        }
        assertEquals(List.of(), errors);
    }
}
