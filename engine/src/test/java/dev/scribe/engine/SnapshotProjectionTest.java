package dev.scribe.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.scribe.engine.SnapshotTesting.accepted;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every kind of projection ends with the right state after a recovery from a snapshot: one with a checkpoint behind
 * the snapshot gets the records it lacks once each, one with a checkpoint after the snapshot gets nothing twice, an
 * in-memory one without a snapshot name is rebuilt from the start of the journal, a snapshotted one is restored and
 * replays only what follows, and a snapshotted one whose fields changed is rebuilt from the start. The right state
 * is what fresh projections get from a replay of the whole journal.
 */
class SnapshotProjectionTest
{
    @TempDir
    Path dir;

    /** Every event given, with its position and version; its state is kept outside the engine (here: the object). */
    static final class Ledger implements Projection
    {
        private final String checkpointName;
        private final List<String> lines = new ArrayList<>();

        Ledger(final String checkpointName)
        {
            this.checkpointName = checkpointName;
        }

        @Override
        public void onEvent(final long position, final String aggregateId, final long version, final Object event)
        {
            lines.add(position + " " + aggregateId + " v" + version + " " + event);
        }

        @Override
        public String checkpointName()
        {
            return checkpointName;
        }

        List<String> lines()
        {
            return new ArrayList<>(lines);
        }
    }

    /** Events per account and the last version seen; in memory, rebuilt from the journal at every launch. */
    static final class Counts implements Projection
    {
        private final Map<String, String> counts = new TreeMap<>();

        @Override
        public void onEvent(final long position, final String aggregateId, final long version, final Object event)
        {
            counts.merge(aggregateId, "1@v" + version, (old, now) ->
                (Integer.parseInt(old.substring(0, old.indexOf('@'))) + 1) + "@v" + version);
        }

        Map<String, String> copy()
        {
            return new TreeMap<>(counts);
        }
    }

    /** Balances and the number of events; in memory and in snapshots. */
    static final class Balances implements Projection
    {
        Map<String, Long> balances = new HashMap<>();
        long events;

        @Override
        public void onEvent(final long position, final String aggregateId, final long version, final Object event)
        {
            events++;
            balances.merge(aggregateId, change(event), Long::sum);
        }

        @Override
        public String snapshotName()
        {
            return "balances";
        }

        String state()
        {
            return new TreeMap<>(balances) + " after " + events + " events";
        }
    }

    /** The same as {@link Balances} under the same snapshot name, with other fields. */
    static final class RenamedBalances implements Projection
    {
        Map<String, Long> byAccount = new HashMap<>();
        long applied;

        @Override
        public void onEvent(final long position, final String aggregateId, final long version, final Object event)
        {
            applied++;
            byAccount.merge(aggregateId, change(event), Long::sum);
        }

        @Override
        public String snapshotName()
        {
            return "balances";
        }

        String state()
        {
            return new TreeMap<>(byAccount) + " after " + applied + " events";
        }
    }

    static long change(final Object event)
    {
        if (event instanceof Bank.Deposited deposited)
        {
            return deposited.amount();
        }
        return event instanceof Bank.Withdrawn withdrawn ? -withdrawn.amount() : 0;
    }

    /** A few accounts, deposits and transfers between them, numbered from {@code n}. */
    private static void commands(final Engine engine, final int n)
    {
        accepted(engine.send(new Bank.Open("acc-" + n)));
        for (int i = 0; i < 6; i++)
        {
            accepted(engine.send(new Bank.Deposit("acc-" + (n - i % 2), 10 + i)));
            accepted(engine.send(new Bank.Transfer("acc-" + (n - i % 2), "acc-" + (n - 1 + i % 2), 3)));
        }
    }

    @Test
    void everyKindOfProjectionEndsRightAfterRecoveryFromASnapshot()
    {
        final Ledger behind = new Ledger("behind");
        final Ledger ahead = new Ledger("ahead");
        try (Engine engine = Engine.launch(Bank.context(dir).projection(behind).projection(ahead)
            .projection(new Counts()).projection(new Balances())))
        {
            accepted(engine.send(new Bank.Open("acc-0")));
            commands(engine, 1);
            engine.barrier();
        }
        final SnapshotInfo snapshot;
        try (Engine engine = Engine.launch(Bank.context(dir).projection(ahead).projection(new Counts())
            .projection(new Balances())))
        {
            commands(engine, 2);
            snapshot = EngineBank.await(engine.snapshot());
            commands(engine, 3);
        }

        final Ledger expectedLedger = new Ledger("reference");
        final Counts expectedCounts = new Counts();
        final Balances expectedBalances = new Balances();
        SnapshotTesting.withoutSnapshots(dir, () ->
        {
            try (Engine engine = Engine.launch(Bank.context(dir).projection(expectedLedger)
                .projection(expectedCounts).projection(expectedBalances)))
            {
                return engine.recovery();
            }
        });

        final List<String> journaled = new ArrayList<>();
        for (final JournalRecords.Entry entry : JournalRecords.read(Bank.context(dir)))
        {
            for (int i = 0; i < entry.events().size(); i++)
            {
                final int owner = entry.owners().get(i);
                final long version = entry.versions().get(owner) - entry.owners().subList(i + 1,
                    entry.owners().size()).stream().filter(o -> o == owner).count();
                journaled.add(entry.position() + " " + entry.aggregateIds().get(owner) + " v" + version + " " +
                    entry.events().get(i));
            }
        }
        assertEquals(journaled, expectedLedger.lines(), "a checkpointed projection replayed from the start");

        final Counts counts = new Counts();
        final Balances balances = new Balances();
        try (Engine engine = Engine.launch(Bank.context(dir).projection(behind).projection(ahead)
            .projection(counts).projection(balances)))
        {
            final Recovery recovery = engine.recovery();
            assertEquals(snapshot.file(), recovery.snapshot(), recovery.toString());
            assertEquals(13, recovery.replayedRecords(), recovery.toString());
            assertEquals(expectedLedger.lines(), engine.query(behind, Ledger::lines), "behind the snapshot");
            assertEquals(expectedLedger.lines(), engine.query(ahead, Ledger::lines), "after the snapshot");
            assertEquals(expectedCounts.copy(), engine.query(counts, Counts::copy), "rebuilt from the start");
            assertEquals(expectedBalances.state(), engine.query(balances, Balances::state), "restored");
        }

        final RenamedBalances renamed = new RenamedBalances();
        try (Engine engine = Engine.launch(Bank.context(dir).projection(renamed)))
        {
            assertEquals(snapshot.file(), engine.recovery().snapshot());
            assertEquals(expectedBalances.state(), engine.query(renamed, RenamedBalances::state),
                "a snapshotted projection whose fields changed is rebuilt from the start");
        }
    }
}
