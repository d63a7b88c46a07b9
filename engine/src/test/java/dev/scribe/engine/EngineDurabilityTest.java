package dev.scribe.engine;

import dev.scribe.engine.testing.ExpectedErrors;
import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each durability level completes its results: SYNCED only once its batch's sync has run, APPLIED and JOURNALED as
 * soon as the record is processed; REPLICATED is refused while no standby is configured.
 */
class EngineDurabilityTest
{
    @TempDir
    Path dir;

    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final Set<Long> journaled = ConcurrentHashMap.newKeySet();

    private EngineContext bank()
    {
        return Bank.context(dir)
            .errorHandler(errors::add)
            .journalListener((position, record) -> journaled.add(position));
    }

    @Test
    void syncedResultsCompleteAfterTheSyncOfTheirBatch() throws InterruptedException
    {
        final int threads = 3;
        final int commands = 200;
        final List<String> tooEarly = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<Outcome>> results = new CopyOnWriteArrayList<>();
        try (Engine engine = Engine.launch(bank()))
        {
            final SendOptions synced = SendOptions.defaults().durability(Durability.SYNCED);
            final List<Thread> senders = new ArrayList<>();
            for (int t = 0; t < threads; t++)
            {
                final String account = "s-" + t;
                assertTrue(EngineBank.await(engine.send(new Bank.Open(account), synced)).accepted());
                final Thread sender = new Thread(() ->
                {
                    for (int i = 0; i < commands; i++)
                    {
                        results.add(engine.send(new Bank.Deposit(account, 1), synced).whenComplete((outcome, ex) ->
                        {
                            // the engine's journal position moves at the end of a batch, after the batch's sync
                            final long syncedUpTo = engine.counters().journalPosition();
                            if (null == outcome || outcome.position() > syncedUpTo)
                            {
                                tooEarly.add(outcome + " completed with the journal synced up to " + syncedUpTo);
                            }
                        }));
                    }
                }, "sender-" + t);
                sender.start();
                senders.add(sender);
            }
            for (final Thread sender : senders)
            {
                Deadlines.await(() -> !sender.isAlive(), sender.getName() + " to finish sending");
            }
            for (final CompletableFuture<Outcome> result : results)
            {
                final Outcome outcome = EngineBank.await(result);
                assertTrue(outcome.accepted(), outcome.toString());
                assertTrue(journaled.contains(outcome.position()), "journaled before it completed: " + outcome);
            }
            assertEquals(threads * commands, results.size());
            assertTrue(tooEarly.isEmpty(), tooEarly.toString());
            for (int t = 0; t < threads; t++)
            {
                assertEquals(commands, Bank.balance(engine, "s-" + t));
            }
        }
        assertTrue(errors.isEmpty(), "errors reported: " + errors);
    }

    @ExpectedErrors("cannot sync journal")
    @Test
    void aRepeatAtSyncedWaitsForASyncThatCoversTheOriginalRecord() throws Exception
    {
        final SendOptions keyed = SendOptions.defaults().idempotencyKey("k-1");
        try (Engine engine = Engine.launch(bank()))
        {
            assertTrue(EngineBank.await(engine.send(new Bank.Open("a"))).accepted());
            final Outcome original = EngineBank.await(engine.send(new Bank.Deposit("a", 5), keyed));
            assertTrue(original.accepted(), "journaled, not synced: " + original);

            // the journal's cycle file is moved away, so the next sync fails and says so
            final Path cycleFile;
            try (Stream<Path> files = Files.list(dir.resolve("journal")))
            {
                cycleFile = files.filter(f -> f.toString().endsWith(".cq4")).findFirst().orElseThrow();
            }
            final Path away = cycleFile.resolveSibling("moved-away");
            Files.move(cycleFile, away);
            final Outcome unsynced;
            try
            {
                unsynced = EngineBank.await(engine.send(new Bank.Deposit("a", 5), keyed.durability(Durability.SYNCED)));
            }
            finally
            {
                Files.move(away, cycleFile);
            }
            assertEquals(Outcome.Status.SYNC_FAILED, unsynced.status(),
                "the repeat took part in a sync of the original record: " + unsynced);
            assertEquals(original.position(), unsynced.position());

            final Outcome synced = EngineBank.await(engine.send(new Bank.Deposit("a", 5),
                keyed.durability(Durability.SYNCED)));
            assertTrue(synced.accepted() && synced.duplicate(), synced.toString());
            assertEquals(original.position(), synced.position());
            assertEquals(original.version(), synced.version());
            assertEquals(5, Bank.balance(engine, "a"), "applied once");
        }
        assertEquals(1, errors.size(), "the failed sync is reported: " + errors);
        errors.clear();
    }

    @Test
    void appliedAndJournaledResultsComplete()
    {
        try (Engine engine = Engine.launch(bank()))
        {
            assertEquals(Durability.JOURNALED, engine.context().durability(), "the default");
            assertTrue(EngineBank.await(engine.send(new Bank.Open("a"))).accepted());
            long version = 1;
            for (final Durability durability : List.of(Durability.APPLIED, Durability.JOURNALED, Durability.SYNCED))
            {
                final Outcome outcome = EngineBank.await(engine.send(new Bank.Deposit("a", 1),
                    SendOptions.defaults().durability(durability)));
                assertTrue(outcome.accepted(), durability + ": " + outcome);
                assertEquals(++version, outcome.version(), durability.toString());
                assertTrue(journaled.contains(outcome.position()), durability + " journaled");
            }
        }
        assertTrue(errors.isEmpty(), "errors reported: " + errors);
    }

    @Test
    void theEngineDefaultDurabilityApplies()
    {
        try (Engine engine = Engine.launch(bank().durability(Durability.SYNCED)))
        {
            assertEquals(Durability.SYNCED, engine.context().durability());
            final Outcome outcome = EngineBank.await(engine.send(new Bank.Open("a")));
            assertTrue(outcome.accepted(), outcome.toString());
            assertTrue(outcome.position() <= engine.counters().journalPosition(), "synced at the end of its batch");
        }
        assertTrue(errors.isEmpty(), "errors reported: " + errors);
    }

    @Test
    void replicatedIsRefusedWithoutAStandby()
    {
        try (Engine engine = Engine.launch(bank()))
        {
            assertTrue(EngineBank.await(engine.send(new Bank.Open("a"))).accepted());
            final int before = journaled.size();
            final Outcome replicated = EngineBank.await(engine.send(new Bank.Deposit("a", 1),
                SendOptions.defaults().durability(Durability.REPLICATED)));
            assertEquals(Outcome.Status.REJECTED, replicated.status());
            assertEquals("durability REPLICATED needs a standby, and replication is not configured for this engine",
                replicated.reason());
            assertEquals(before, journaled.size(), "nothing journaled");
            assertTrue(EngineBank.await(engine.send(new Bank.Deposit("a", 1))).accepted());
            assertEquals(1, Bank.balance(engine, "a"));
        }
        assertTrue(errors.isEmpty(), "errors reported: " + errors);
    }
}
