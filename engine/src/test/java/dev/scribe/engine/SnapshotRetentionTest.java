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

    /**
     * A standby that rejoins is truncated back to the last record both nodes share, which here is before the oldest
     * snapshot retention would keep on its own: with the floor at that record, the newest snapshot at or before it
     * and the journal from there are kept, so the truncated journal still launches, with the state as of the cut.
     */
    @Test
    void retentionKeepsWhatARejoinAfterTruncationNeeds() throws IOException
    {
        long shared = Journal.NULL_POSITION;
        long sharedHash = 0;
        try (Engine engine = Engine.launch(context(SnapshotPolicy.JournalRetention.DELETE)))
        {
            for (int cycle = 0; cycle < 5; cycle++)
            {
                clock.update(START_MS + cycle * 1000L);
                for (int i = 0; i < 3; i++)
                {
                    final String account = "acc-" + cycle + "-" + i;
                    assertTrue(await(engine.send(new Bank.Open(account))).accepted());
                    assertTrue(await(engine.send(new Bank.Deposit(account, 10 + i))).accepted());
                    if (cycle == 1 && i == 0)
                    {
                        await(engine.snapshot());
                    }
                }
                if (cycle == 1)
                {
                    // the peer has acknowledged everything so far: a rejoin never cuts before it
                    sharedHash = engine.stateHash();
                    shared = engine.lastPosition();
                    engine.retentionFloor(shared);
                }
                else if (cycle > 1)
                {
                    await(engine.snapshot());
                }
            }
        }
        final List<String> kept = cycleFiles(dir.resolve("journal"));
        assertEquals(4, kept.size(), "from the cycle of the newest snapshot at or before the floor: " + kept);
        assertTrue(Files.exists(dir.resolve(ReleasedJournal.FILE_NAME)));

        // the rejoin: every record after the last shared one is dropped
        Journal.truncate(new JournalContext().directory(dir.resolve("journal")).rollCycle(JournalRollCycle.SECONDLY)
            .epochClock(clock), shared + 1, null);
        try (Engine engine = Engine.launch(context(SnapshotPolicy.JournalRetention.DELETE)))
        {
            assertEquals(shared, engine.lastPosition());
            assertEquals(sharedHash, engine.stateHash(), engine.recovery().toString());
            assertTrue(engine.recovery().snapshotPosition() < shared, engine.recovery().toString());
        }
    }

    /**
     * Before the replication node sets a floor, an engine that replicates keeps the journal from the newest snapshot
     * at or before the start of its newest epoch.
     */
    @Test
    void aReplicatedEngineKeepsTheJournalFromBeforeItsNewestEpochWithoutAFloor() throws IOException
    {
        for (int epoch = 1; epoch <= 2; epoch++)
        {
            try (Engine engine = Engine.launch(context(SnapshotPolicy.JournalRetention.DELETE).epoch(epoch)
                .replicationLink(new RecordingLink())))
            {
                for (int cycle = epoch == 1 ? 0 : 2; cycle < (epoch == 1 ? 2 : 5); cycle++)
                {
                    clock.update(START_MS + cycle * 1000L);
                    assertTrue(await(engine.send(new Bank.Open("acc-" + cycle))).accepted());
                    await(engine.snapshot());
                }
            }
        }
        final List<String> kept = cycleFiles(dir.resolve("journal"));
        assertEquals(4, kept.size(), "from the snapshot in the cycle before epoch 2 began: " + kept);
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
