package dev.scribe.engine;

import dev.scribe.journal.Journal;
import dev.scribe.journal.JournalContext;
import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A checkpointed projection keeps its state outside the engine and resumes after its checkpoint. When the journal
 * no longer holds the record the checkpoint names (a truncation by a rejoining old primary, a journal tail lost
 * while the checkpoint survived), the projection is reset and rebuilt from the start of the journal: its state is
 * then the one a projection built from scratch has.
 */
class ProjectionCheckpointTest
{
    @TempDir
    Path dir;

    /** Every event with its position and version; its rows stand for a database that outlives the engine. */
    static class Rows implements Projection
    {
        private final List<String> rows = new ArrayList<>();

        @Override
        public void onEvent(final long position, final String aggregateId, final long version, final Object event)
        {
            rows.add(position + " " + aggregateId + " v" + version + " " + event);
        }

        List<String> rows()
        {
            return new ArrayList<>(rows);
        }

        void clear()
        {
            rows.clear();
        }

        /** The position of the last row, or -1. */
        long lastPosition()
        {
            return rows.isEmpty() ? -1 : Long.parseLong(rows.get(rows.size() - 1).split(" ")[0]);
        }
    }

    /** Rows kept across launches, resuming after a checkpoint. */
    static final class Ledger extends Rows
    {
        private final boolean resettable;
        private int resets;

        Ledger(final boolean resettable)
        {
            this.resettable = resettable;
        }

        @Override
        public String checkpointName()
        {
            return "ledger";
        }

        @Override
        public void reset()
        {
            if (!resettable)
            {
                throw new UnsupportedOperationException("this ledger cannot be dropped");
            }
            clear();
            resets++;
        }
    }

    private final List<Throwable> errors = new CopyOnWriteArrayList<>();

    private Engine launch(final Projection... projections)
    {
        final EngineContext context = Bank.context(dir).errorHandler(errors::add);
        for (final Projection projection : projections)
        {
            context.projection(projection);
        }
        return Engine.launch(context);
    }

    /** Open "a" and deposit each amount; returns the positions of the deposits. */
    private static List<Long> deposits(final Engine engine, final long... amounts)
    {
        final List<Long> positions = new ArrayList<>();
        for (final long amount : amounts)
        {
            final Outcome outcome = EngineBank.await(engine.send(new Bank.Deposit("a", amount)));
            assertTrue(outcome.accepted(), outcome.toString());
            positions.add(outcome.position());
        }
        return positions;
    }

    private static void open(final Engine engine)
    {
        assertTrue(EngineBank.await(engine.send(new Bank.Open("a"))).accepted());
    }

    /**
     * Wait until the ledger has seen the engine's last record, then compare it with a projection built from scratch:
     * replayed from the whole journal, read-only beside the engine.
     */
    private static void assertBuiltAsFromScratch(final Engine engine, final Path dir, final Ledger ledger)
        throws InterruptedException
    {
        final long last = engine.barrier();
        Deadlines.await(() -> engine.query(ledger, Rows::lastPosition) >= last,
            () -> "the ledger to reach " + last + ": " + engine.query(ledger, Rows::rows), Deadlines.standard());
        final Rows fresh = new Rows();
        try (ReadOnlyEngine past = ReadOnlyEngine.rebuild(Bank.context(dir).projection(fresh), last))
        {
            assertEquals(last, past.position());
        }
        assertEquals(fresh.rows(), engine.query(ledger, Rows::rows),
            "the ledger holds what a projection built from scratch holds");
    }

    private void truncate(final long from)
    {
        Journal.truncate(new JournalContext().directory(dir.resolve("journal")), from, null);
    }

    @Test
    void aCheckpointBeyondTheTruncatedJournalIsResetAndRebuilt() throws Exception
    {
        final Ledger ledger = new Ledger(true);
        final List<Long> positions;
        try (Engine engine = launch(ledger))
        {
            open(engine);
            positions = deposits(engine, 1, 2, 3, 4, 5);
            assertBuiltAsFromScratch(engine, dir, ledger);
        }
        truncate(positions.get(2));
        try (Engine engine = launch(ledger))
        {
            assertEquals(1, ledger.resets, "the ledger was told to reset");
            deposits(engine, 10, 20, 30, 40, 50);
            assertBuiltAsFromScratch(engine, dir, ledger);
        }
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void aCheckpointOfARecordTheJournalNoLongerHoldsIsResetAndRebuilt() throws Exception
    {
        final Ledger ledger = new Ledger(true);
        final List<Long> positions;
        try (Engine engine = launch(ledger))
        {
            open(engine);
            positions = deposits(engine, 1, 2, 3, 4);
        }
        truncate(positions.get(1));
        final List<Long> reused;
        try (Engine engine = launch())
        {
            reused = deposits(engine, 100, 200, 300, 400);
        }
        assertTrue(reused.contains(positions.get(3)), "the checkpoint's position holds another record now");
        try (Engine engine = launch(ledger))
        {
            assertEquals(1, ledger.resets, "the ledger was told to reset");
            deposits(engine, 7);
            assertBuiltAsFromScratch(engine, dir, ledger);
        }
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void aCheckpointThatOutlivedALostJournalTailIsResetAndRebuilt() throws Exception
    {
        final Ledger ledger = new Ledger(true);
        final Path journal = dir.resolve("journal");
        final Path before = dir.resolveSibling(dir.getFileName() + "-journal-before-the-tail");
        try (Engine engine = launch(ledger))
        {
            open(engine);
            deposits(engine, 1, 2);
        }
        copy(journal, before);
        try (Engine engine = launch(ledger))
        {
            deposits(engine, 3, 4, 5);
            assertBuiltAsFromScratch(engine, dir, ledger);
        }
        // the power cut: the journal's tail is lost, the projection's newer checkpoint survives
        delete(journal);
        copy(before, journal);
        delete(before);
        try (Engine engine = launch(ledger))
        {
            assertEquals(1, ledger.resets, "the ledger was told to reset");
            deposits(engine, 30, 40, 50, 60);
            assertBuiltAsFromScratch(engine, dir, ledger);
        }
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void aProjectionThatCannotBeResetStopsTheLaunchNamingIt() throws Exception
    {
        final Ledger ledger = new Ledger(false);
        final List<Long> positions;
        try (Engine engine = launch(ledger))
        {
            open(engine);
            positions = deposits(engine, 1, 2, 3);
        }
        truncate(positions.get(1));
        final EngineException refused = assertThrows(EngineException.class, () -> launch(ledger).close());
        assertTrue(refused.getMessage().contains(Ledger.class.getName()), refused.getMessage());
        assertTrue(refused.getMessage().contains("ledger.checkpoint"), refused.getMessage());
        assertTrue(refused.getMessage().contains("reset"), refused.getMessage());
        try (Engine engine = launch())
        {
            assertEquals(1, Bank.balance(engine, "a"), "the engine launches without the projection");
        }
    }

    @Test
    void aCheckpointOfTheFirstFormatIsTakenAtItsPosition() throws Exception
    {
        final List<Long> positions;
        try (Engine engine = launch())
        {
            open(engine);
            positions = deposits(engine, 1, 2, 3);
        }
        final Path file = dir.resolve("projections").resolve("ledger.checkpoint");
        Files.createDirectories(file.getParent());
        Files.write(file, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(positions.get(1)).array());
        final Ledger ledger = new Ledger(true);
        try (Engine engine = launch(ledger))
        {
            Deadlines.await(() -> engine.query(ledger, Rows::lastPosition) >= positions.get(2),
                () -> "the ledger to catch up to " + positions.get(2) + ": " + engine.query(ledger, Rows::rows),
                Deadlines.standard());
            assertEquals(0, ledger.resets);
            assertEquals(1, engine.query(ledger, Rows::rows).size(), "only the record after the checkpoint: " +
                engine.query(ledger, Rows::rows));
        }
        assertTrue(errors.isEmpty(), errors.toString());
    }

    private static void copy(final Path from, final Path to) throws IOException
    {
        try (Stream<Path> files = Files.walk(from))
        {
            for (final Path source : (Iterable<Path>)files::iterator)
            {
                final Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source))
                {
                    Files.createDirectories(target);
                }
                else
                {
                    Files.copy(source, target);
                }
            }
        }
    }

    private static void delete(final Path path) throws IOException
    {
        try (Stream<Path> files = Files.walk(path))
        {
            for (final Path file : files.sorted(Comparator.reverseOrder()).toList())
            {
                Files.delete(file);
            }
        }
    }
}
