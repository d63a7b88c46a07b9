package dev.scribe.engine;

import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many producer threads at once: every result completes exactly once with its own command's outcome, each producer's
 * commands are decided in the order it sent them, closing while they send loses no result, and the state reached
 * is the state a fresh replay gives.
 */
class EngineConcurrencyTest
{
    private static final Duration DEADLINE = Deadlines.scaled(Duration.ofSeconds(60));
    private static final int PRODUCERS = 6;
    private static final int COMMANDS = 2_000;
    private static final int SHARED = 3;
    private static final long PRODUCER_UNIT = 1_000_000L;

    @TempDir
    Path dir;

    private final List<Throwable> errors = new CopyOnWriteArrayList<>();

    private static String own(final int producer)
    {
        return "own-" + producer;
    }

    /** Command k of a producer: even ones deposit k/2+1 to its own account, odd ones a coded amount to a shared one. */
    private static Bank.Deposit command(final int producer, final int k)
    {
        return k % 2 == 0 ? new Bank.Deposit(own(producer), k / 2 + 1) :
            new Bank.Deposit("shared-" + (k / 2) % SHARED, producer * PRODUCER_UNIT + k);
    }

    @Test
    void everyResultCompletesOnceInSendOrderAndTheStateReplays() throws Exception
    {
        final int total = PRODUCERS * COMMANDS;
        final AtomicIntegerArray completions = new AtomicIntegerArray(total);
        final AtomicReferenceArray<Outcome> outcomes = new AtomicReferenceArray<>(total);
        final CountDownLatch allCompleted = new CountDownLatch(total);
        final long hash;
        try (Engine engine = Engine.launch(Bank.context(dir).ringSize(64).errorHandler(errors::add)))
        {
            for (int p = 0; p < PRODUCERS; p++)
            {
                assertTrue(EngineBank.await(engine.send(new Bank.Open(own(p)))).accepted());
            }
            for (int s = 0; s < SHARED; s++)
            {
                assertTrue(EngineBank.await(engine.send(new Bank.Open("shared-" + s))).accepted());
            }
            final CountDownLatch start = new CountDownLatch(1);
            final List<Thread> threads = new ArrayList<>();
            final List<Throwable> threadFailures = new CopyOnWriteArrayList<>();
            for (int p = 0; p < PRODUCERS; p++)
            {
                final int producer = p;
                // some producers ask not to wait for room in the ring and resend when pushed back
                final SendOptions options = SendOptions.defaults().waitWhenFull(producer % 3 != 0);
                threads.add(thread("producer-" + p, threadFailures, () ->
                {
                    start.await();
                    for (int k = 0; k < COMMANDS; k++)
                    {
                        final int index = producer * COMMANDS + k;
                        sendUntilTaken(engine, command(producer, k), options).whenComplete((outcome, failure) ->
                        {
                            completions.incrementAndGet(index);
                            outcomes.set(index, outcome);
                            allCompleted.countDown();
                        });
                    }
                }));
            }
            // state hashes asked for in between go through the same ring slots as the commands
            threads.add(thread("hasher", threadFailures, () ->
            {
                start.await();
                for (int i = 0; i < 50; i++)
                {
                    engine.stateHash();
                }
            }));
            start.countDown();
            assertTrue(allCompleted.await(DEADLINE.toNanos(), TimeUnit.NANOSECONDS), allCompleted.getCount() + " of " +
                total + " results did not complete within " + Deadlines.describe(DEADLINE));
            join(threads, threadFailures);
            hash = engine.stateHash();
        }
        // closed: nothing can complete any more
        for (int i = 0; i < total; i++)
        {
            assertEquals(1, completions.get(i), "result " + i + " completed once");
        }
        checkOutcomes(outcomes);
        checkJournal(outcomes);
        try (Engine engine = Engine.launch(Bank.context(dir).errorHandler(errors::add)))
        {
            assertEquals(hash, engine.stateHash(), "the state equals a fresh replay");
            for (int p = 0; p < PRODUCERS; p++)
            {
                final long n = COMMANDS / 2;
                assertEquals(n * (n + 1) / 2, Bank.balance(engine, own(p)));
            }
        }
        assertTrue(errors.isEmpty(), "errors reported: " + errors);
    }

    private static CompletableFuture<Outcome> sendUntilTaken(
        final Engine engine, final Object command, final SendOptions options)
    {
        while (true)
        {
            final CompletableFuture<Outcome> future = engine.send(command, options);
            if (!future.isDone() || future.join().status() != Outcome.Status.BACK_PRESSURE)
            {
                return future;
            }
            Thread.yield();
        }
    }

    /** Each result is its own command's: versions follow send order per account, positions per producer. */
    private static void checkOutcomes(final AtomicReferenceArray<Outcome> outcomes)
    {
        final Map<String, Set<Long>> sharedVersions = new HashMap<>();
        for (int p = 0; p < PRODUCERS; p++)
        {
            long lastPosition = Long.MIN_VALUE;
            final Map<String, Long> lastSharedVersion = new HashMap<>();
            for (int k = 0; k < COMMANDS; k++)
            {
                final Outcome outcome = outcomes.get(p * COMMANDS + k);
                final Bank.Deposit command = command(p, k);
                final String where = "producer " + p + " command " + k + ": " + outcome;
                assertTrue(outcome.accepted() && !outcome.duplicate(), where);
                assertTrue(outcome.position() > lastPosition, "positions follow send order; " + where);
                lastPosition = outcome.position();
                if (k % 2 == 0)
                {
                    assertEquals(k / 2 + 2, outcome.version(), "own account version (opened, then k/2+1 deposits)");
                }
                else
                {
                    final Long previous = lastSharedVersion.put(command.account(), outcome.version());
                    assertTrue(null == previous || outcome.version() > previous, "shared versions follow send " +
                        "order; " + where);
                    assertTrue(sharedVersions.computeIfAbsent(command.account(), a -> new HashSet<>())
                        .add(outcome.version()), "no two commands got the same version; " + where);
                }
            }
        }
        sharedVersions.forEach((account, versions) ->
        {
            for (long v = 2; v < 2 + versions.size(); v++)
            {
                assertTrue(versions.contains(v), account + " has a gap at version " + v);
            }
        });
    }

    /** The journal holds each command once, at the position its result gave, with the version its result gave. */
    private void checkJournal(final AtomicReferenceArray<Outcome> outcomes)
    {
        final List<JournalRecords.Entry> entries = JournalRecords.read(Bank.context(dir));
        assertEquals(PRODUCERS + SHARED + PRODUCERS * COMMANDS, entries.size());
        final Map<Long, JournalRecords.Entry> byPosition = new HashMap<>();
        entries.forEach(entry -> byPosition.put(entry.position(), entry));
        for (int p = 0; p < PRODUCERS; p++)
        {
            for (int k = 0; k < COMMANDS; k++)
            {
                final Outcome outcome = outcomes.get(p * COMMANDS + k);
                final Bank.Deposit command = command(p, k);
                final JournalRecords.Entry entry = byPosition.get(outcome.position());
                assertTrue(null != entry, "no record at the position of producer " + p + " command " + k);
                assertEquals(List.of(command.account()), entry.aggregateIds());
                assertEquals(List.of(outcome.version()), entry.versions());
                assertEquals(List.of(new Bank.Deposited(command.amount())), entry.events());
            }
        }
    }

    @Test
    void closingWhileProducersSendCompletesEveryResult() throws Exception
    {
        final int producers = 4;
        final List<List<CompletableFuture<Outcome>>> sent = new ArrayList<>();
        final CountDownLatch someCompleted = new CountDownLatch(2_000);
        final Engine engine = Engine.launch(Bank.context(dir).ringSize(256).errorHandler(errors::add));
        try
        {
            final List<Thread> threads = new ArrayList<>();
            final List<Throwable> threadFailures = new CopyOnWriteArrayList<>();
            for (int p = 0; p < producers; p++)
            {
                assertTrue(EngineBank.await(engine.send(new Bank.Open(own(p)))).accepted());
                final List<CompletableFuture<Outcome>> futures = new ArrayList<>();
                sent.add(futures);
                final int producer = p;
                threads.add(thread("producer-" + p, threadFailures, () ->
                {
                    final long deadline = System.nanoTime() + DEADLINE.toNanos();
                    CompletableFuture<Outcome> future;
                    do
                    {
                        assertTrue(System.nanoTime() - deadline < 0,
                            "the engine did not close within " + Deadlines.describe(DEADLINE));
                        future = engine.send(new Bank.Deposit(own(producer), 1));
                        future.thenRun(someCompleted::countDown);
                        futures.add(future);
                    }
                    while (!future.isDone() || future.join().status() != Outcome.Status.CLOSED);
                }));
            }
            assertTrue(someCompleted.await(DEADLINE.toNanos(), TimeUnit.NANOSECONDS), someCompleted.getCount() +
                " of 2000 results before closing did not complete within " + Deadlines.describe(DEADLINE));
            engine.close();
            join(threads, threadFailures);
        }
        finally
        {
            engine.close();
        }
        final long[] accepted = new long[producers];
        for (int p = 0; p < producers; p++)
        {
            boolean closed = false;
            for (final CompletableFuture<Outcome> future : sent.get(p))
            {
                final Outcome outcome = EngineBank.await(future);
                if (outcome.status() == Outcome.Status.CLOSED)
                {
                    closed = true;
                    continue;
                }
                assertFalse(closed, "producer " + p + " had a command accepted after one was refused as closed");
                assertTrue(outcome.accepted(), outcome.toString());
                accepted[p]++;
                assertEquals(1 + accepted[p], outcome.version(), "versions follow send order");
            }
            assertTrue(closed, "producer " + p + " saw the engine closed");
        }
        final List<JournalRecords.Entry> entries = JournalRecords.read(Bank.context(dir));
        long journaled = producers;
        for (final long count : accepted)
        {
            journaled += count;
        }
        assertEquals(journaled, entries.size(), "every accepted command is journaled, nothing else");
        try (Engine relaunched = Engine.launch(Bank.context(dir).errorHandler(errors::add)))
        {
            for (int p = 0; p < producers; p++)
            {
                assertEquals(accepted[p], Bank.balance(relaunched, own(p)));
            }
        }
        assertTrue(errors.isEmpty(), "errors reported: " + errors);
    }

    @Test
    void oneKeySentFromManyThreadsAtOnceIsAcceptedOnce() throws Exception
    {
        final int threadCount = 8;
        final int keys = 300;
        final List<List<CompletableFuture<Outcome>>> sent = new ArrayList<>();
        try (Engine engine = Engine.launch(Bank.context(dir).ringSize(64).errorHandler(errors::add)))
        {
            assertTrue(EngineBank.await(engine.send(new Bank.Open("a"))).accepted());
            final CountDownLatch start = new CountDownLatch(1);
            final List<Thread> threads = new ArrayList<>();
            final List<Throwable> threadFailures = new CopyOnWriteArrayList<>();
            for (int t = 0; t < threadCount; t++)
            {
                final List<CompletableFuture<Outcome>> futures = new ArrayList<>();
                sent.add(futures);
                threads.add(thread("sender-" + t, threadFailures, () ->
                {
                    start.await();
                    for (int key = 0; key < keys; key++)
                    {
                        futures.add(engine.send(new Bank.Deposit("a", 1),
                            SendOptions.defaults().idempotencyKey("key-" + key)));
                    }
                }));
            }
            start.countDown();
            join(threads, threadFailures);
            for (int key = 0; key < keys; key++)
            {
                Outcome first = null;
                int firsts = 0;
                for (int t = 0; t < threadCount; t++)
                {
                    final Outcome outcome = EngineBank.await(sent.get(t).get(key));
                    assertTrue(outcome.accepted(), outcome.toString());
                    if (!outcome.duplicate())
                    {
                        firsts++;
                        first = outcome;
                    }
                }
                assertEquals(1, firsts, "key-" + key + " was accepted once");
                for (int t = 0; t < threadCount; t++)
                {
                    final Outcome outcome = sent.get(t).get(key).join();
                    assertEquals(first.position(), outcome.position());
                    assertEquals(first.version(), outcome.version());
                }
            }
            assertEquals(keys, Bank.balance(engine, "a"));
        }
        assertTrue(errors.isEmpty(), "errors reported: " + errors);
    }

    /** A step of a thread that may throw; what it throws fails the test. */
    @FunctionalInterface
    private interface Body
    {
        void run() throws Exception;
    }

    private static Thread thread(final String name, final List<Throwable> failures, final Body body)
    {
        final Thread thread = new Thread(() ->
        {
            try
            {
                body.run();
            }
            catch (final Throwable t)
            {
                failures.add(t);
            }
        }, name);
        thread.start();
        return thread;
    }

    private static void join(final List<Thread> threads, final List<Throwable> failures) throws InterruptedException
    {
        final long deadline = System.nanoTime() + DEADLINE.toNanos();
        for (final Thread thread : threads)
        {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            assertFalse(thread.isAlive(), thread.getName() + " did not finish within " + Deadlines.describe(DEADLINE));
        }
        if (!failures.isEmpty())
        {
            final AssertionError failure = new AssertionError(failures.size() + " threads failed");
            failures.forEach(failure::addSuppressed);
            throw failure;
        }
    }
}
