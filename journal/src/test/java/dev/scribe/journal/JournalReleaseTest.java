package dev.scribe.journal;

import dev.scribe.codecs.journal.RecordWriter;
import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static dev.scribe.journal.TestJournals.ManualClock;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Releasing a journal before a position moves or deletes the whole cycle files before that position's cycle, and
 * nothing else; the journal and the archive both read as journals afterwards.
 */
class JournalReleaseTest
{
    private static final int[] RECORDS_PER_CYCLE = {3, 3, 3, 3, 3};
    private static final int[] SKIPS = {0, 0, 0, 0, 0};

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();

    private Path journalDir()
    {
        return dir.resolve("journal");
    }

    private Journal open()
    {
        return Journal.open(TestJournals.secondly(journalDir(), clock));
    }

    /**
     * What a journal held before a release: its positions, records, cycle file names and other file names.
     */
    private record Before(List<Long> positions, List<JournalEntry> records, List<String> cycles, List<String> others)
    {
    }

    private Before appendFiveCycles(final Journal journal) throws IOException
    {
        final List<Long> positions = TestJournals.appendOverCycles(journal, clock, RECORDS_PER_CYCLE, SKIPS, 1);
        return new Before(positions, TestJournals.readAll(journal), TestJournals.cycleFiles(journalDir()),
            otherFiles(journalDir()));
    }

    @Test
    void releaseNeverRemovesTheCycleOfTheRetentionFloorOrALaterOne() throws IOException
    {
        try (Journal journal = open())
        {
            final Before before = appendFiveCycles(journal);
            final List<String> cycles = before.cycles();
            journal.retentionFloor(before.positions().get(4)); // in the second cycle

            final List<Path> removed = journal.releaseBefore(before.positions().get(13), null);

            assertEquals(List.of(journalDir().resolve(cycles.get(0))), removed, "only what lies before the floor");
            assertEquals(cycles.subList(1, 5), TestJournals.cycleFiles(journalDir()));
            assertEquals(before.positions().get(3), journal.firstPosition());

            journal.retentionFloor(Journal.NULL_POSITION);
            assertEquals(List.of(journalDir().resolve(cycles.get(1)), journalDir().resolve(cycles.get(2))),
                journal.releaseBefore(before.positions().get(10), null), "without a floor, up to the position");
        }
    }

    @Test
    void archivingMovesTheCyclesBeforeThePositionsCycleAndTheArchiveReadsAsAJournal() throws IOException
    {
        final Path archive = dir.resolve("archive");
        try (Journal journal = open())
        {
            final Before before = appendFiveCycles(journal);
            final List<String> cycles = before.cycles();

            final List<Path> removed = journal.releaseBefore(before.positions().get(7), archive);

            assertEquals(List.of(journalDir().resolve(cycles.get(0)), journalDir().resolve(cycles.get(1))), removed);
            assertEquals(cycles.subList(2, 5), TestJournals.cycleFiles(journalDir()));
            assertEquals(before.others(), otherFiles(journalDir()));
            assertEquals(cycles.subList(0, 2), TestJournals.cycleFiles(archive));
            // Chronicle's metadata (roll cycle, first and last cycle) is written for the archive, not copied
            assertTrue(Files.exists(archive.resolve("metadata.cq4t")));
            assertEquals(before.positions().get(6), journal.firstPosition());
            TestJournals.assertSameRecords(before.records().subList(6, 15), journal);
            TestJournals.assertSameRecords(before.records().subList(0, 6), TestJournals.readAll(archive));

            // a later release adds to the archive, which still reads as one journal
            assertEquals(List.of(journalDir().resolve(cycles.get(2))),
                journal.releaseBefore(before.positions().get(9), archive));
            TestJournals.assertSameRecords(before.records().subList(0, 9), TestJournals.readAll(archive));
            TestJournals.assertSameRecords(before.records().subList(9, 15), journal);
        }
    }

    @Test
    void deletingRemovesTheCyclesBeforeThePositionsCycle() throws IOException
    {
        try (Journal journal = open())
        {
            final Before before = appendFiveCycles(journal);

            // the first record of a cycle releases the cycles before it, not itself
            final List<Path> removed = journal.releaseBefore(before.positions().get(9), null);

            assertEquals(before.cycles().subList(0, 3).stream().map(journalDir()::resolve).toList(), removed);
            assertEquals(before.cycles().subList(3, 5), TestJournals.cycleFiles(journalDir()));
            assertEquals(before.others(), otherFiles(journalDir()));
            assertEquals(before.positions().get(9), journal.firstPosition());
            TestJournals.assertSameRecords(before.records().subList(9, 15), journal);
        }
    }

    @Test
    void aPositionInTheFirstCycleOrBeforeTheFirstFileRemovesNothing() throws IOException
    {
        final Path archive = dir.resolve("archive");
        try (Journal journal = open())
        {
            final List<Long> positions = TestJournals.appendOverCycles(journal, clock, RECORDS_PER_CYCLE, SKIPS, 1);
            final List<String> cycles = TestJournals.cycleFiles(journalDir());

            assertEquals(List.of(), journal.releaseBefore(positions.get(2), archive));
            assertEquals(List.of(), journal.releaseBefore(0, null));
            assertEquals(cycles, TestJournals.cycleFiles(journalDir()));
            assertFalse(Files.exists(archive));

            journal.releaseBefore(positions.get(3), null);
            assertEquals(List.of(), journal.releaseBefore(positions.get(5), null));
            assertEquals(cycles.subList(1, 5), TestJournals.cycleFiles(journalDir()));
        }
    }

    @Test
    void theNewestCycleFileIsKeptWhateverThePosition() throws IOException
    {
        try (Journal journal = open())
        {
            final List<Long> positions =
                TestJournals.appendOverCycles(journal, clock, new int[]{2, 2}, new int[]{0, 0}, 1);
            final List<String> cycles = TestJournals.cycleFiles(journalDir());

            assertEquals(List.of(journalDir().resolve(cycles.get(0))), journal.releaseBefore(positions.get(3), null));
            assertEquals(List.of(), journal.releaseBefore(positions.get(3), null));
            assertEquals(cycles.subList(1, 2), TestJournals.cycleFiles(journalDir()));
            assertEquals(positions.get(2), journal.firstPosition());
        }
    }

    @Test
    void positionsThatAreNotInTheJournalAreRefused() throws IOException
    {
        try (Journal journal = open())
        {
            assertMessage(IllegalArgumentException.class, "the journal is empty", () -> journal.releaseBefore(0, null));
            final List<Long> positions = TestJournals.appendOverCycles(journal, clock, RECORDS_PER_CYCLE, SKIPS, 1);
            final long last = positions.get(positions.size() - 1);
            final List<String> cycles = TestJournals.cycleFiles(journalDir());

            assertMessage(IllegalArgumentException.class, "before position -1: not a record position (NULL_POSITION)",
                () -> journal.releaseBefore(Journal.NULL_POSITION, null));
            assertMessage(IllegalArgumentException.class, "before position -7: not a record position",
                () -> journal.releaseBefore(-7, null));
            assertMessage(IllegalArgumentException.class, "it is after the last position " +
                PositionFormat.position(last),
                () -> journal.releaseBefore(last + 1, null));
            assertMessage(IllegalArgumentException.class, "must be outside the journal directory",
                () -> journal.releaseBefore(last, journalDir().resolve("archive")));
            assertEquals(cycles, TestJournals.cycleFiles(journalDir()));
        }
    }

    @Test
    void appendingCarriesOnAfterAReleaseAndTheJournalReopensWithTheRecordsKept()
    {
        final List<JournalEntry> kept;
        final long firstKept;
        try (Journal journal = open())
        {
            final List<Long> positions = TestJournals.appendOverCycles(journal, clock, RECORDS_PER_CYCLE, SKIPS, 1);
            firstKept = positions.get(6);
            journal.releaseBefore(positions.get(8), dir.resolve("archive"));
            // in the current cycle, then in new ones
            TestJournals.appendOverCycles(journal, clock, new int[]{2, 3, 1}, new int[]{0, 0, 2}, 16);
            kept = TestJournals.readAll(journal);
        }
        assertEquals(6 + 9, kept.size());
        assertEquals(firstKept, kept.get(0).position());
        try (Journal journal = open())
        {
            assertEquals(firstKept, journal.firstPosition());
            TestJournals.assertSameRecords(kept, journal);
            final long next = journal.append(TestRecords.record(new RecordWriter(), 99, 1));
            assertEquals(kept.get(kept.size() - 1).position() + 1, next);
        }
    }

    @Test
    void aReadOnlyOrClosedJournalRefuses() throws IOException
    {
        final long position;
        try (Journal journal = open())
        {
            position = TestJournals.appendOverCycles(journal, clock, RECORDS_PER_CYCLE, SKIPS, 1).get(9);
            try (Journal reader = Journal.openReadOnly(journalDir()))
            {
                assertMessage(JournalException.class, "is open read-only", () -> reader.releaseBefore(position, null));
            }
        }
        final Journal closed = open();
        closed.close();
        assertMessage(JournalException.class, "is closed", () -> closed.releaseBefore(position, null));
        assertEquals(5, TestJournals.cycleFiles(journalDir()).size());
    }

    @Test
    void aFileOfTheSameNameInTheArchiveIsAnErrorNamingBothAndNothingIsRemoved() throws IOException
    {
        final Path archive = Files.createDirectories(dir.resolve("archive"));
        try (Journal journal = open())
        {
            final List<Long> positions = TestJournals.appendOverCycles(journal, clock, RECORDS_PER_CYCLE, SKIPS, 1);
            final List<JournalEntry> records = TestJournals.readAll(journal);
            final List<String> cycles = TestJournals.cycleFiles(journalDir());
            final Path planted = Files.writeString(archive.resolve(cycles.get(1)), "not mine");

            final JournalException ex =
                assertThrows(JournalException.class, () -> journal.releaseBefore(positions.get(9), archive));

            assertTrue(ex.getMessage().contains(journalDir().resolve(cycles.get(1)).toString()), ex.getMessage());
            assertTrue(ex.getMessage().contains(planted + " already exists"), ex.getMessage());
            assertEquals(cycles, TestJournals.cycleFiles(journalDir()));
            assertEquals(List.of(cycles.get(1)), TestJournals.cycleFiles(archive));
            assertEquals("not mine", Files.readString(planted));
            TestJournals.assertSameRecords(records, journal);
        }
    }

    @Test
    void readersInARemovedCycleReadItToItsEndThenGoOnAtTheFirstCycleKept() throws IOException
    {
        try (Journal journal = open())
        {
            final List<Long> positions = appendFiveCycles(journal).positions();
            try (JournalTailer reading = journal.tailer(Journal.NULL_POSITION);
                JournalTailer placed = journal.tailer(positions.get(4));
                Journal beside = Journal.openReadOnly(journalDir()))
            {
                final List<Long> read = new ArrayList<>();
                assertEquals(1, reading.poll((position, record) -> read.add(position), 1));

                journal.releaseBefore(positions.get(9), null);

                // the rest of the cycle each had mapped, then the cycles kept; the other removed cycles are skipped
                final List<Long> kept = positions.subList(9, 15);
                assertEquals(concat(positions.subList(0, 3), kept), drain(reading, read));
                assertEquals(concat(positions.subList(4, 6), kept), drain(placed, new ArrayList<>()));
                try (JournalTailer fresh = journal.tailer(positions.get(4)))
                {
                    assertEquals(kept, drain(fresh, new ArrayList<>()));
                }
                assertEquals(kept, TestJournals.positions(journal.readForward(positions.get(4), 100).entries()));
                assertTrue(journal.readBackward(positions.get(4), 100).entries().isEmpty());
                // a journal open read-only beside the writer starts at the first record kept too
                assertEquals(positions.get(9), beside.firstPosition());
                final List<Long> replayed = new ArrayList<>();
                beside.replay(Journal.NULL_POSITION, (position, record) -> replayed.add(position));
                assertEquals(kept, replayed);
            }
        }
    }

    @Test
    void releasingWhileAnotherThreadAppendsLosesNoRecord() throws Exception
    {
        final Path archive = dir.resolve("archive");
        final long prepopulatedLast;
        try (Journal journal = open())
        {
            final List<Long> positions = appendFiveCycles(journal).positions();
            prepopulatedLast = positions.get(positions.size() - 1);
        }
        final int appends = 240;
        try (Journal journal = open())
        {
            final AtomicLong appended = new AtomicLong(Journal.NULL_POSITION);
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final Thread appender = new Thread(() ->
            {
                final RecordWriter writer = new RecordWriter();
                for (long n = 16; n < 16 + appends; n++)
                {
                    if (n % 3 == 1)
                    {
                        clock.nextCycles(1);
                    }
                    appended.set(journal.append(TestRecords.record(writer, n, 1)));
                }
            }, "appender");
            appender.setUncaughtExceptionHandler((thread, ex) -> failure.set(ex));
            appender.start();
            // while the first append sets Chronicle's appender up over the older cycles
            journal.releaseBefore(prepopulatedLast, archive);
            // not a bare wait: each pass releases the cycles the appender has left behind
            final Duration deadline = Deadlines.scaled(Duration.ofSeconds(60));
            final long deadlineNs = System.nanoTime() + deadline.toNanos();
            int releasedCycle = journal.cycleOf(prepopulatedLast);
            while (appender.isAlive())
            {
                final long position = appended.get();
                if (Journal.NULL_POSITION != position && journal.cycleOf(position) > releasedCycle)
                {
                    journal.releaseBefore(position, archive);
                    releasedCycle = journal.cycleOf(position);
                }
                assertTrue(System.nanoTime() - deadlineNs < 0, () -> "the appender did not finish its " + appends +
                    " appends within " + Deadlines.describe(deadline) + "; last appended " + appended.get());
                Thread.onSpinWait();
            }
            appender.join();
            assertNull(failure.get());

            // the archive and the journal together hold every record once, in order
            final List<JournalEntry> archived = TestJournals.readAll(archive);
            final List<JournalEntry> kept = TestJournals.readAll(journal);
            assertEquals(journal.cycleOf(kept.get(0).position()), releasedCycle);
            final List<JournalEntry> all = new ArrayList<>(archived);
            all.addAll(kept);
            assertEquals(15 + appends, all.size());
            for (int i = 0; i < all.size(); i++)
            {
                assertTrue(TestRecords.matches(all.get(i).view(), i + 1, i < 15 ? (i + 1) % 3 + 1 : 1), "record " + i);
                assertTrue(i == 0 || all.get(i).position() > all.get(i - 1).position(), "record " + i);
            }
        }
    }

    @Test
    void aMoveToAnotherFileSystemCopiesForcesRenamesThenDeletes() throws IOException
    {
        // what JournalFiles.moveFile falls back to when the archive is on another file system
        try (Journal journal = open())
        {
            appendFiveCycles(journal);
        }
        final List<String> cycles = TestJournals.cycleFiles(journalDir());
        final Path archive = Files.createDirectories(dir.resolve("archive"));
        final Path source = journalDir().resolve(cycles.get(0));
        final byte[] bytes = Files.readAllBytes(source);
        Files.writeString(archive.resolve(cycles.get(0) + ".copying"), "left by a copy that died");

        assertTrue(JournalFiles.copyThenDelete(source, archive.resolve(cycles.get(0))));
        assertFalse(Files.exists(source));
        assertArrayEquals(bytes, Files.readAllBytes(archive.resolve(cycles.get(0))));
        assertEquals(List.of(cycles.get(0)), names(archive));
        // gone meanwhile: nothing to do
        assertFalse(JournalFiles.copyThenDelete(source, archive.resolve("elsewhere.cq4")));
        assertEquals(List.of(cycles.get(0)), names(archive));

        final Path planted = Files.writeString(archive.resolve(cycles.get(1)), "not mine");
        final Path second = journalDir().resolve(cycles.get(1));
        final JournalException ex =
            assertThrows(JournalException.class, () -> JournalFiles.copyThenDelete(second, planted));
        assertTrue(ex.getMessage().contains(second + " to " + planted + ": " + planted + " already exists"),
            ex.getMessage());
        assertTrue(Files.exists(second));
        assertEquals("not mine", Files.readString(planted));
    }

    private static List<Long> drain(final JournalTailer tailer, final List<Long> read)
    {
        while (tailer.poll((position, record) -> read.add(position), 100) > 0)
        {
            // until caught up
        }
        return read;
    }

    private static List<Long> concat(final List<Long> first, final List<Long> second)
    {
        final List<Long> both = new ArrayList<>(first);
        both.addAll(second);
        return both;
    }

    /**
     * Names of what is in a directory besides the cycle files: Chronicle's metadata, the writer lock.
     */
    private static List<String> otherFiles(final Path directory) throws IOException
    {
        final List<String> others = names(directory).stream().filter(name -> !name.endsWith(".cq4")).toList();
        assertFalse(others.isEmpty());
        return others;
    }

    private static List<String> names(final Path directory) throws IOException
    {
        try (Stream<Path> files = Files.list(directory))
        {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    private static void assertMessage(
        final Class<? extends RuntimeException> type, final String part, final Executable call)
    {
        final RuntimeException ex = assertThrows(type, call);
        assertTrue(ex.getMessage().contains(part), ex.getMessage());
    }
}
