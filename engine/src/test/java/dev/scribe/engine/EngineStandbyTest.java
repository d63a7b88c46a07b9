package dev.scribe.engine;

import dev.scribe.engine.testing.ExpectedErrors;
import dev.scribe.journal.Journal;
import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static dev.scribe.test.Deadlines.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine's side of replication, in one JVM: a standby fed the primary's records by hand, promotion, and the
 * gate that holds REPLICATED results until a standby acknowledges.
 */
class EngineStandbyTest
{
    @TempDir
    Path dir;

    private static Engine launch(
        final Path dir, final EngineRole role, final RecordingLink link, final Projection projection)
    {
        final EngineContext context = Bank.context(dir).role(role).replicationLink(link).hashCheckInterval(4);
        if (null != projection)
        {
            context.projection(projection);
        }
        return Engine.launch(context);
    }

    /** Copy the primary's records after a position to the standby; returns the last position copied. */
    private static long copy(final Path primaryDir, final long after, final Engine standby)
    {
        final long[] last = {after};
        try (Journal journal = Journal.openReadOnly(primaryDir.resolve("journal")))
        {
            journal.replay(Journal.NULL_POSITION, (position, record) ->
            {
                if (position > after)
                {
                    standby.replicate(position, record.buffer(), record.offset(), record.length());
                    last[0] = position;
                }
            });
        }
        return last[0];
    }

    private static void closeEngine(final Engine engine)
    {
        try (engine)
        {
            assertEquals(EngineRole.PRIMARY, engine.role());
        }
    }

    private static Outcome join(final CompletableFuture<Outcome> future)
    {
        return EngineBank.await(future);
    }

    @Test
    void standbyJournalsAtTheSamePositionsAppliesAndIsPromoted() throws Exception
    {
        final Path primaryDir = dir.resolve("primary");
        final Path standbyDir = dir.resolve("standby");
        final RecordingLink primaryLink = new RecordingLink();
        final RecordingLink standbyLink = new RecordingLink();
        final EngineBank.Balances balances = new EngineBank.Balances();
        final long primaryHash;
        try (Engine primary = launch(primaryDir, EngineRole.PRIMARY, primaryLink, null);
            Engine standby = launch(standbyDir, EngineRole.STANDBY, standbyLink, balances))
        {
            assertTrue(join(primary.send(new Bank.Open("a"))).accepted());
            assertTrue(join(primary.send(new Bank.Open("b"))).accepted());
            for (int i = 0; i < 40; i++)
            {
                // a transfer of nothing may be rejected: either way it takes a slot between the deposits
                join(primary.send(new Bank.Transfer(i % 2 == 0 ? "a" : "b", i % 2 == 0 ? "b" : "a", 0)));
                assertTrue(join(primary.send(new Bank.Deposit("a", i + 1))).accepted());
            }
            final long last = copy(primaryDir, Journal.NULL_POSITION, standby);
            assertEquals(primary.lastPosition(), last);
            await(() -> standby.lastPosition() == last && standbyLink.journaled == last,
                "the standby to apply every record, and its link to hear of it");
            primaryHash = primary.stateHash();
            assertEquals(primaryHash, standby.stateHash());
            assertEquals(primaryLink.hashes, standbyLink.hashes, "both hash the same states at the same positions");
            assertFalse(primaryLink.hashes.isEmpty());
            assertEquals(Outcome.Status.NOT_PRIMARY, join(standby.send(new Bank.Deposit("a", 1))).status());
            // the projection runs on its own thread behind the business logic, which answers before it catches up
            final Map<String, Long> expected = Map.of("a", 820L, "b", 0L);
            await(() -> expected.equals(standby.query(balances, EngineBank.Balances::copy)),
                () -> "the standby's projection to show " + expected + ": " +
                    standby.query(balances, EngineBank.Balances::copy), Deadlines.standard());
            assertEquals(1, standby.epoch());
            assertThrows(EngineException.class, () -> primary.replicate(last + 1, new org.agrona.concurrent
                .UnsafeBuffer(new byte[64]), 0, 64));

            assertEquals(2, standby.promote());
            assertEquals(EngineRole.PRIMARY, standby.role());
            assertEquals(2, standby.epochHistory().size());
            assertTrue(standby.epochHistory().startOf(2) > last);
            final Outcome after = join(standby.send(new Bank.Deposit("b", 5)));
            assertTrue(after.accepted(), after.toString());
            assertEquals(2, standby.promote(), "promoting a primary changes nothing");
        }
        try (Engine restarted = launch(standbyDir, EngineRole.PRIMARY, new RecordingLink(), null))
        {
            assertEquals(2, restarted.epoch(), "the epoch comes back from the journal");
            assertEquals(5, Bank.balance(restarted, "b"));
        }
    }

    @ExpectedErrors("refused: cannot append")
    @Test
    void standbyRefusesGapsAndOlderEpochs() throws Exception
    {
        final Path primaryDir = dir.resolve("primary");
        final RecordingLink standbyLink = new RecordingLink();
        try (Engine primary = launch(primaryDir, EngineRole.PRIMARY, new RecordingLink(), null);
            Engine standby = launch(dir.resolve("standby"), EngineRole.STANDBY, standbyLink, null))
        {
            assertTrue(join(primary.send(new Bank.Open("a"))).accepted());
            assertTrue(join(primary.send(new Bank.Deposit("a", 7))).accepted());
            try (Journal journal = Journal.openReadOnly(primaryDir.resolve("journal")))
            {
                final long[] second = {Journal.NULL_POSITION};
                journal.replay(Journal.NULL_POSITION, (position, record) ->
                {
                    if (record.eventCount() > 0 && record.event(0, primary.context().registry().codecs())
                        instanceof Bank.Deposited)
                    {
                        second[0] = position;
                        standby.replicate(position, record.buffer(), record.offset(), record.length());
                    }
                });
                assertTrue(second[0] > 0);
            }
            await(() -> !standbyLink.refused.isEmpty(), "the gap to be refused");
            assertEquals(-1, standby.lastPosition(), "nothing was journaled");
            final long hash = standby.stateHash();
            copy(primaryDir, Journal.NULL_POSITION, standby);
            await(() -> standby.lastPosition() == primary.lastPosition(), "the standby to catch up");
            assertTrue(hash != standby.stateHash());
            assertEquals(primary.stateHash(), standby.stateHash(), "the refused record did not leave a trace");
        }
    }

    @Test
    void replicatedResultsWaitForTheStandbysAcknowledgementInTheCurrentEpoch()
    {
        try (Engine primary = launch(dir, EngineRole.PRIMARY, new RecordingLink(), null))
        {
            primary.standbyConnected(true);
            final SendOptions replicated = SendOptions.defaults().durability(Durability.REPLICATED);
            assertTrue(join(primary.send(new Bank.Open("a"))).accepted(), "JOURNALED needs no standby");
            final CompletableFuture<Outcome> first = primary.send(new Bank.Deposit("a", 1), replicated);
            final CompletableFuture<Outcome> second = primary.send(new Bank.Deposit("a", 2), replicated);
            final Outcome journaled = join(primary.send(new Bank.Deposit("a", 3)));
            assertTrue(journaled.accepted(), "a JOURNALED command behind held ones completes");
            assertFalse(first.isDone() || second.isDone());
            final long firstPosition = primary.lastPosition() - 2;
            assertFalse(primary.acknowledged(primary.epoch() - 1, journaled.position()), "an older epoch's ack");
            assertFalse(first.isDone());
            assertTrue(primary.acknowledged(primary.epoch(), firstPosition));
            assertEquals(firstPosition, join(first).position());
            assertFalse(second.isDone());
            assertTrue(primary.acknowledged(primary.epoch(), journaled.position()));
            assertTrue(join(second).accepted());
            assertFalse(join(second).degraded());
            final CompletableFuture<Outcome> late = primary.send(new Bank.Deposit("a", 4), replicated);
            final Outcome barrier = join(primary.send(new Bank.Deposit("a", 5)));
            assertFalse(late.isDone(), "a record after the acknowledged position waits");
            assertTrue(primary.acknowledged(primary.epoch(), barrier.position()));
            assertTrue(join(late).position() < barrier.position());
        }
    }

    @Test
    void codeAttachedToAReplicatedResultRunsOffTheAcknowledgingThread() throws Exception
    {
        try (Engine primary = launch(dir, EngineRole.PRIMARY, new RecordingLink(), null))
        {
            primary.standbyConnected(true);
            assertTrue(join(primary.send(new Bank.Open("a"))).accepted());
            final CountDownLatch release = new CountDownLatch(1);
            final AtomicReference<Thread> ranOn =
                new AtomicReference<>();
            final CompletableFuture<Outcome> held = primary.send(new Bank.Deposit("a", 1),
                SendOptions.defaults().durability(Durability.REPLICATED));
            final CompletableFuture<Void> blocking = held.thenRun(() ->
            {
                ranOn.set(Thread.currentThread());
                try
                {
                    release.await();
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            });
            final Outcome behind = join(primary.send(new Bank.Deposit("a", 2)));
            assertFalse(held.isDone());
            // the later JOURNALED result completes on the business logic, before the responder offers the first
            await(() -> primary.heldForReplication() == 1, "the gate to hold the REPLICATED result");
            // returns although the attached code blocks until released below
            assertTrue(primary.acknowledged(primary.epoch(), behind.position()));
            await(() -> null != ranOn.get(), "the attached code to run");
            assertFalse(Thread.currentThread() == ranOn.get(), "ran on the thread that acknowledged");
            assertFalse(ranOn.get().getName().startsWith("scribe-ring"), "ran on a ring thread: " + ranOn.get());
            release.countDown();
            await(blocking::isDone, "the attached code to finish once released");
            blocking.join();
        }
    }

    @Test
    void closeCompletesHeldResultsInDoubt()
    {
        final CompletableFuture<Outcome> held;
        try (Engine primary = launch(dir, EngineRole.PRIMARY, new RecordingLink(), null))
        {
            primary.standbyConnected(true);
            assertTrue(join(primary.send(new Bank.Open("a"))).accepted());
            held = primary.send(new Bank.Deposit("a", 1), SendOptions.defaults().durability(Durability.REPLICATED));
            assertFalse(held.isDone());
        }
        final Outcome outcome = join(held);
        assertEquals(Outcome.Status.IN_DOUBT, outcome.status());
        assertTrue(outcome.reason().contains("same idempotency key"), outcome.reason());
    }

    /** Send REPLICATED deposits without waiting for room until the ring has taken a number of them. */
    private static void sendUntilTaken(final Engine engine, final List<CompletableFuture<Outcome>> taken,
        final int count)
    {
        final SendOptions replicated = SendOptions.defaults().durability(Durability.REPLICATED).waitWhenFull(false);
        // not a bare wait: each pass sends another command, until the ring has room for none
        final Duration deadline = Deadlines.standard();
        final long deadlineNs = System.nanoTime() + deadline.toNanos();
        while (taken.size() < count)
        {
            final CompletableFuture<Outcome> result = engine.send(new Bank.Deposit("a", 1), replicated);
            if (!result.isDone() || result.join().status() != Outcome.Status.BACK_PRESSURE)
            {
                taken.add(result);
            }
            assertTrue(System.nanoTime() - deadlineNs < 0, () -> "the ring to take " + count + " results within " +
                Deadlines.describe(deadline) + ": it took " + taken.size());
            Thread.yield();
        }
    }

    @Test
    void closeFinishesWithTheGateFullAndSendersWaitingForRoom() throws Exception
    {
        final Engine primary = Engine.launch(Bank.context(dir).ringSize(4).replicationLink(new RecordingLink()));
        assertTrue(join(primary.send(new Bank.Open("a"))).accepted());
        final SendOptions replicated = SendOptions.defaults().durability(Durability.REPLICATED);
        final List<CompletableFuture<Outcome>> held = new CopyOnWriteArrayList<>();
        // no standby acknowledges: four results fill the gate, then commands find no room
        sendUntilTaken(primary, held, 4);
        await(() -> primary.heldForReplication() == 4, "the gate to be full");
        assertEquals(Outcome.Status.BACK_PRESSURE, join(primary.send(new Bank.Deposit("a", 1),
            replicated.waitWhenFull(false))).status(), "no room for commands behind the full gate");
        final List<CompletableFuture<Outcome>> blocked = new CopyOnWriteArrayList<>();
        final List<Thread> senders = new ArrayList<>();
        for (int i = 0; i < 2; i++)
        {
            final Thread sender = new Thread(() -> blocked.add(primary.send(new Bank.Deposit("a", 1), replicated)),
                "blocked-sender-" + i);
            sender.setDaemon(true);
            sender.start();
            senders.add(sender);
        }
        for (final Thread sender : senders)
        {
            await(() -> sender.getState() == Thread.State.TIMED_WAITING || sender.getState() == Thread.State.WAITING,
                sender.getName() + " to wait for room in the ring");
        }
        final Thread closer = new Thread(primary::close, "closer");
        closer.setDaemon(true);
        closer.start();
        await(() -> !closer.isAlive(), "close() to finish with the gate full and senders waiting for room");
        for (final Thread sender : senders)
        {
            await(() -> !sender.isAlive(), sender.getName() + " to return");
        }
        assertEquals(2, blocked.size());
        for (final CompletableFuture<Outcome> result : blocked)
        {
            assertEquals(Outcome.Status.CLOSED, join(result).status(), "a sender that waited for room: " + result);
        }
        for (final CompletableFuture<Outcome> result : held)
        {
            final Outcome outcome = join(result);
            assertEquals(Outcome.Status.IN_DOUBT, outcome.status(), outcome.toString());
        }
    }

    @Test
    void degradePolicyAcknowledgesJournaledAndCounts()
    {
        final EngineContext context = Bank.context(dir).replicationLink(new RecordingLink())
            .noStandbyPolicy(NoStandbyPolicy.DEGRADE).durability(Durability.REPLICATED);
        try (Engine primary = Engine.launch(context))
        {
            assertTrue(join(primary.send(new Bank.Open("a"))).accepted());
            primary.standbyConnected(true);
            final CompletableFuture<Outcome> held = primary.send(new Bank.Deposit("a", 1));
            assertFalse(held.isDone());
            primary.standbyConnected(false);
            assertTrue(join(held).accepted());
            assertTrue(join(held).degraded(), "released degraded when the standby went away");
            assertEquals(2, primary.counters().degradedCount());
        }
    }

    @Test
    void repeatOfACommandFromAnEarlierEpochWaitsForAnAcknowledgementInTheCurrentEpoch() throws Exception
    {
        final Path primaryDir = dir.resolve("primary");
        final Path standbyDir = dir.resolve("standby");
        final SendOptions keyed = SendOptions.defaults().durability(Durability.REPLICATED).idempotencyKey("k-1");
        final Outcome original;
        final Engine primary = launch(primaryDir, EngineRole.PRIMARY, new RecordingLink(), null);
        try (Engine standby = launch(standbyDir, EngineRole.STANDBY, new RecordingLink(), null))
        {
            primary.standbyConnected(true);
            final Outcome opened = join(primary.send(new Bank.Open("a")));
            assertTrue(opened.accepted());
            final CompletableFuture<Outcome> sent = primary.send(new Bank.Deposit("a", 10), keyed);
            await(() -> primary.lastPosition() > opened.position(), "the primary to journal the deposit");
            final long last = copy(primaryDir, Journal.NULL_POSITION, standby);
            await(() -> standby.lastPosition() == last, "the standby to apply");
            primary.acknowledged(primary.epoch(), last);
            original = join(sent);
            assertTrue(original.accepted());
            closeEngine(primary);
            standby.promote();
            standby.standbyConnected(true);
            final CompletableFuture<Outcome> repeat = standby.send(new Bank.Deposit("a", 10), keyed);
            final Outcome behind = join(standby.send(new Bank.Deposit("a", 1)));
            assertTrue(behind.accepted(), "a JOURNALED command behind the repeat completes");
            assertFalse(repeat.isDone(), "the old primary's copy is no acknowledgement in this epoch");
            assertFalse(standby.acknowledged(standby.epoch() - 1, behind.position()), "an older epoch's ack");
            assertFalse(repeat.isDone());
            assertTrue(standby.acknowledged(standby.epoch(), original.position()));
            final Outcome repeated = join(repeat);
            assertTrue(repeated.accepted() && repeated.duplicate(), repeated.toString());
            assertEquals(original.position(), repeated.position());
            final Outcome again = join(standby.send(new Bank.Deposit("a", 10), keyed));
            assertTrue(again.duplicate(), "acknowledged already: completes at once " + again);
            assertEquals(11, Bank.balance(standby, "a"), "applied once");
        }
    }
}
