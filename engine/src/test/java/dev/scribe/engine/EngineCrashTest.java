package dev.scribe.engine;

import dev.scribe.journal.Journal;
import dev.scribe.journal.JournalInspection;
import dev.scribe.test.ChildJvm;
import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An engine killed with SIGKILL while commands are in flight: every command it acknowledged is journaled exactly
 * once, a resend of it is answered as a duplicate with the first position, and the state relaunched from the
 * journal is the state a second fresh replay gives, with the balances the journaled deposits add up to.
 */
class EngineCrashTest
{
    private static final Duration DEADLINE = Deadlines.scaled(Duration.ofSeconds(60));
    private static final int ROUNDS = 2;

    @TempDir
    Path dir;

    private final List<Throwable> errors = new CopyOnWriteArrayList<>();

    /** An acknowledged command: its number, position and account version. */
    private record Ack(long n, long position, long version)
    {
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {0x5C81BEL, 20261123L, 41L})
    void killedEngineLosesNothingAcknowledgedAndDoublesNothing(final long seed) throws Exception
    {
        run(seed, 8);
    }

    /**
     * Hundreds of commands in flight: ring batches of many records, journaled in several documents each, so that the
     * kill falls inside a batch (and inside a document's write) as often as not.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {0xB4C7L})
    void killedInsideLargeBatchesLosesNothingAcknowledgedAndDoublesNothing(final long seed) throws Exception
    {
        run(seed, 300);
        final JournalInspection journal = Journal.inspect(dir.resolve("engine").resolve("journal"));
        assertTrue(journal.documents() < journal.records(), "records shared documents: " + journal.describe());
    }

    private void run(final long seed, final int inFlight) throws Exception
    {
        System.out.println("EngineCrashTest seed " + seed + ", " + inFlight + " in flight");
        final SplittableRandom random = new SplittableRandom(seed);
        final Path engineDir = dir.resolve("engine");
        long next = 1;
        for (int round = 0; round < ROUNDS; round++)
        {
            final long killAfter = next + random.nextInt(2_000);
            final List<Ack> acks = new ArrayList<>();
            try (ChildJvm child = ChildJvm.start(
                BankChild.class, dir.resolve("child-" + round + ".err"), engineDir.toString(), Long.toString(next),
                Integer.toString(inFlight)))
            {
                child.awaitLine("READY"::equals, DEADLINE);
                child.awaitLine(line -> line.startsWith("ACK " + killAfter + " "), DEADLINE);
                child.kill(DEADLINE);
                for (final String line : child.seen())
                {
                    assertFalse(line.startsWith("ERROR") || line.startsWith("REJECTED"), line);
                    if (line.startsWith("ACK "))
                    {
                        final String[] parts = line.split(" ");
                        acks.add(new Ack(Long.parseLong(parts[1]), Long.parseLong(parts[2]), Long.parseLong(parts[3])));
                    }
                }
            }
            final String stderr = Files.readString(dir.resolve("child-" + round + ".err"));
            assertFalse(stderr.contains("Exception") || stderr.contains(" ERROR "), "child's error output: " + stderr);
            assertTrue(acks.size() >= killAfter - next + 1, "acknowledged " + acks.size());
            for (int i = 0; i < acks.size(); i++)
            {
                assertEquals(next + i, acks.get(i).n(), "acknowledgements come in the order sent");
            }
            next = check(engineDir, acks) + 1;
        }
        assertTrue(errors.isEmpty(), "errors reported: " + errors);
    }

    /** Check the journal and the relaunched state after a kill; returns the number of the last journaled command. */
    private long check(final Path engineDir, final List<Ack> acks)
    {
        final long hash;
        final long lastJournaled;
        try (Engine engine = Engine.launch(Bank.context(engineDir).errorHandler(errors::add)))
        {
            hash = engine.stateHash();
            lastJournaled = engine.replayedRecords() - BankChild.ACCOUNTS;
            final long lastAcked = acks.get(acks.size() - 1).n();
            System.out.println("acknowledged up to cmd-" + lastAcked + ", journaled up to cmd-" + lastJournaled);
            assertTrue(lastJournaled >= lastAcked, "the last acknowledged command is journaled");
            // every journaled command, acknowledged or not, is a duplicate when sent again
            final List<CompletableFuture<Outcome>> resent = new ArrayList<>();
            for (long n = 1; n <= lastJournaled; n++)
            {
                resent.add(engine.send(new Bank.Deposit(BankChild.account(n), n),
                    SendOptions.defaults().idempotencyKey(BankChild.key(n))));
            }
            for (final Ack ack : acks)
            {
                final Outcome again = EngineBank.await(resent.get((int)ack.n() - 1));
                assertTrue(again.accepted() && again.duplicate(), "cmd-" + ack.n() + " sent again: " + again);
                assertEquals(ack.position(), again.position(), "cmd-" + ack.n() + " has its first position");
                assertEquals(ack.version(), again.version(), "cmd-" + ack.n() + " has its first version");
            }
            for (final CompletableFuture<Outcome> future : resent)
            {
                assertTrue(EngineBank.await(future).duplicate());
            }
            assertEquals(hash, engine.stateHash(), "duplicates change nothing");
        }

        final Map<String, Long> deposited = new HashMap<>();
        final Map<String, JournalRecords.Entry> byKey = new HashMap<>();
        for (final JournalRecords.Entry entry : JournalRecords.read(Bank.context(engineDir)))
        {
            assertTrue(null == byKey.put(entry.key(), entry), "key " + entry.key() + " is journaled twice");
            for (final Object event : entry.events())
            {
                if (event instanceof Bank.Deposited deposit)
                {
                    deposited.merge(entry.aggregateIds().get(0), deposit.amount(), Long::sum);
                }
            }
        }
        assertEquals(BankChild.ACCOUNTS + lastJournaled, byKey.size());
        for (long n = 1; n <= lastJournaled; n++)
        {
            final JournalRecords.Entry entry = byKey.get(BankChild.key(n));
            assertTrue(null != entry, "cmd-" + n + " is journaled: commands are journaled in the order sent");
            assertEquals(List.of(BankChild.account(n)), entry.aggregateIds());
            assertEquals(List.of(new Bank.Deposited(n)), entry.events());
        }
        for (final Ack ack : acks)
        {
            final JournalRecords.Entry entry = byKey.get(BankChild.key(ack.n()));
            assertEquals(ack.position(), entry.position(), "cmd-" + ack.n() + " is at its acknowledged position");
            assertEquals(List.of(ack.version()), entry.versions());
        }

        try (Engine engine = Engine.launch(Bank.context(engineDir).errorHandler(errors::add)))
        {
            assertEquals(hash, engine.stateHash(), "a second fresh replay gives the same state");
            for (int a = 0; a < BankChild.ACCOUNTS; a++)
            {
                final String account = BankChild.account(a);
                assertEquals(deposited.getOrDefault(account, 0L), Bank.balance(engine, account), account);
            }
        }
        return lastJournaled;
    }
}
