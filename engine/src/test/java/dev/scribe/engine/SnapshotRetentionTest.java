package dev.scribe.engine;

import dev.scribe.journal.Journal;
import dev.scribe.journal.JournalContext;
import dev.scribe.journal.JournalRollCycle;
import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static dev.scribe.engine.EngineBank.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Journal retention after snapshots: the cycle files before the oldest snapshot kept are archived or deleted, and
 * from then on the state is rebuilt from a snapshot, never from a journal that lacks its start.
 */
class SnapshotRetentionTest
{
    private static final long START_MS = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private final CachedEpochClock clock = new CachedEpochClock();

    private EngineContext context(final SnapshotPolicy.JournalRetention retention)
    {
        return Bank.context(dir)
            .journalContext(new JournalContext().rollCycle(JournalRollCycle.SECONDLY).epochClock(clock))
            .snapshots(new SnapshotPolicy().keep(1).journalRetention(retention));
    }

    /** Four cycles of records with a snapshot in the third; returns the state hash at the end. */
    private long fourCyclesWithSnapshots(final Engine engine)
    {
        for (int cycle = 0; cycle < 4; cycle++)
        {
            clock.update(START_MS + cycle * 1000L);
            for (int i = 0; i < 5; i++)
            {
                final String account = "acc-" + cycle + "-" + i;
                assertTrue(await(engine.send(new Bank.Open(account))).accepted());
                assertTrue(await(engine.send(new Bank.Deposit(account, 10 + i))).accepted());
            }
            if (cycle == 1 || cycle == 2)
            {
                await(engine.snapshot());
            }
        }
        return engine.stateHash();
    }

    private static List<String> cycleFiles(final Path directory) throws IOException
    {
        if (!Files.isDirectory(directory))
        {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory))
        {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".cq4")).sorted().toList();
        }
    }

    @Test
    void archivesTheCyclesBeforeTheOldestSnapshotKeptAndRecoversFromIt() throws IOException
    {
        final long hash;
        try (Engine engine = Engine.launch(context(SnapshotPolicy.JournalRetention.ARCHIVE)))
        {
            hash = fourCyclesWithSnapshots(engine);
        }
        final List<String> archived = cycleFiles(dir.resolve("journal-archive"));
        final List<String> kept = cycleFiles(dir.resolve("journal"));
        assertEquals(2, archived.size(), "the two cycles before the snapshot's cycle are archived: " + archived);
        assertEquals(2, kept.size(), kept.toString());
        assertTrue(archived.get(1).compareTo(kept.get(0)) < 0, archived + " before " + kept);
        assertTrue(Files.exists(dir.resolve(ReleasedJournal.FILE_NAME)));

        try (Journal archive = Journal.openReadOnly(dir.resolve("journal-archive")))
        {
            assertEquals(20, archive.replay(Journal.NULL_POSITION, (position, record) -> { }),
                "the archive reads as a journal of the two cycles it holds");
        }
        try (Engine engine = Engine.launch(context(SnapshotPolicy.JournalRetention.ARCHIVE)))
        {
            assertEquals(hash, engine.stateHash());
            assertEquals(10, engine.recovery().replayedRecords(), engine.recovery().toString());
            assertEquals(25L, Bank.balance(engine, "acc-3-4") + 11);
        }
        final EngineException ex = assertThrows(EngineException.class,
            () -> ReadOnlyEngine.rebuild(context(SnapshotPolicy.JournalRetention.ARCHIVE), Long.MAX_VALUE, false,
                null).close());
        assertTrue(ex.getMessage().contains("archived or deleted"), ex.getMessage());
    }

    @Test
    void deletesTheCyclesBeforeTheOldestSnapshotKept() throws IOException
    {
        final long hash;
        try (Engine engine = Engine.launch(context(SnapshotPolicy.JournalRetention.DELETE)))
        {
            hash = fourCyclesWithSnapshots(engine);
        }
        assertEquals(2, cycleFiles(dir.resolve("journal")).size());
        assertFalse(Files.exists(dir.resolve("journal-archive")));
        try (Engine engine = Engine.launch(context(SnapshotPolicy.JournalRetention.DELETE)))
        {
            assertEquals(hash, engine.stateHash());
        }
    }

    @Test
    void keepsTheWholeJournalByDefault() throws IOException
    {
        try (Engine engine = Engine.launch(context(SnapshotPolicy.JournalRetention.KEEP)))
        {
            fourCyclesWithSnapshots(engine);
        }
        assertEquals(4, cycleFiles(dir.resolve("journal")).size());
        assertFalse(Files.exists(dir.resolve(ReleasedJournal.FILE_NAME)));
    }

    @Test
    void anInMemoryProjectionOutsideSnapshotsHoldsTheJournal() throws IOException
    {
        final EngineBank.Balances balances = new EngineBank.Balances();
        try (Engine engine = Engine.launch(context(SnapshotPolicy.JournalRetention.DELETE).projection(balances)))
        {
            fourCyclesWithSnapshots(engine);
        }
        assertEquals(4, cycleFiles(dir.resolve("journal")).size(), "rebuilding the projection needs the journal");
    }
}
