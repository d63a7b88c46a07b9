package dev.scribe.journal;

import dev.scribe.codecs.journal.RecordWriter;
import dev.scribe.test.ChildJvm;
import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which cycle files a sync forces when the records since the last sync span several cycles: the clock is moved by the
 * test, so a batch crosses cycles where it should. A journal reopened after its writer was killed between append and
 * sync forces, at its first sync, the files that writer left.
 */
class JournalSyncTest
{
    private static final Duration DEADLINE = Deadlines.scaled(Duration.ofSeconds(60));
    private static final int EARLIER_RECORDS = 3;

    @TempDir
    Path dir;
    @TempDir
    Path logs;

    private final TestJournals.ManualClock clock = new TestJournals.ManualClock();
    private final RecordWriter writer = new RecordWriter();

    @Test
    void syncForcesTheCycleFileHoldingThePosition()
    {
        try (Journal journal = Journal.open(TestJournals.secondly(dir, clock)))
        {
            final long first = journal.append(TestRecords.record(writer, 1, 1));
            journal.sync(first);
            assertEquals(List.of(fileOf(journal, first)), journal.syncedFiles());

            // one batch: a record in the same cycle, the SYNCED one in the next cycle, the last one in the cycle after
            journal.append(TestRecords.record(writer, 2, 1));
            clock.nextCycles(1);
            final long synced = journal.append(TestRecords.record(writer, 3, 1));
            clock.nextCycles(1);
            final long last = journal.append(TestRecords.record(writer, 4, 1));
            journal.sync(synced);

            assertEquals(List.of(fileOf(journal, first), fileOf(journal, synced), fileOf(journal, last)),
                journal.syncedFiles(), "every cycle file written since the last sync, oldest first");
        }
    }

    @Test
    void syncForcesEveryCycleWrittenSinceTheLastSyncAndSkipsCyclesWithoutRecords()
    {
        try (Journal journal = Journal.open(TestJournals.secondly(dir, clock)))
        {
            final List<Long> before = TestJournals.appendOverCycles(journal, clock, new int[] {2, 1}, new int[] {0, 0},
                1);
            journal.sync(before.get(before.size() - 1));
            final Path current = fileOf(journal, before.get(before.size() - 1));

            clock.nextCycles(3); // two cycles without records, then one with
            final long a = journal.append(TestRecords.record(writer, 10, 1));
            clock.nextCycles(1);
            final long b = journal.append(TestRecords.record(writer, 11, 1));
            clock.nextCycles(1);
            final long c = journal.append(TestRecords.record(writer, 12, 1));
            journal.sync(a);
            assertEquals(List.of(current, fileOf(journal, a), fileOf(journal, b), fileOf(journal, c)),
                journal.syncedFiles());

            // nothing new: a sync at or before the synced position forces nothing more
            journal.sync(b);
            assertEquals(List.of(current, fileOf(journal, a), fileOf(journal, b), fileOf(journal, c)),
                journal.syncedFiles());

            final long d = journal.append(TestRecords.record(writer, 13, 1));
            journal.sync(d);
            assertEquals(List.of(fileOf(journal, d)), journal.syncedFiles(), "only the file appended to since");
            assertTrue(fileOf(journal, d).toFile().isFile());
        }
    }

    @Test
    void syncAfterReopeningForcesTheCycleFilesAnEarlierProcessWrote() throws Exception
    {
        final List<Long> earlier = writeInAKilledProcess();
        try (Journal journal = Journal.open(TestJournals.secondly(dir, clockAfter(earlier))))
        {
            // nothing appended since reopening: the record at the middle position was never forced by anyone
            journal.sync(earlier.get(1));

            assertEquals(filesOf(journal, earlier), journal.syncedFiles(),
                "every cycle file the killed writer left, oldest first, the one holding " + earlier.get(1) +
                " among them");
            assertTrue(journal.syncedLedger(), "the cycle ledger the killed writer wrote its cycles to");
        }
    }

    @Test
    void firstSyncAfterReopeningCoversTheEarlierProcessFilesBeforeTheNewOne() throws Exception
    {
        final List<Long> earlier = writeInAKilledProcess();
        final TestJournals.ManualClock clock = clockAfter(earlier);
        try (Journal journal = Journal.open(TestJournals.secondly(dir, clock)))
        {
            final long added = journal.append(TestRecords.record(writer, 100, 1));
            journal.sync(added);
            final List<Path> expected = new ArrayList<>(filesOf(journal, earlier));
            expected.add(fileOf(journal, added));
            assertEquals(expected, journal.syncedFiles(), "the killed writer's files, then the one appended to");

            final long next = journal.append(TestRecords.record(writer, 101, 1));
            journal.sync(next);
            assertEquals(List.of(fileOf(journal, next)), journal.syncedFiles(), "only the file appended to since");
        }
    }

    /**
     * A child process appends {@link #EARLIER_RECORDS} records, each in its own cycle file, and is killed before it
     * syncs.
     *
     * @return the positions it appended.
     */
    private List<Long> writeInAKilledProcess() throws Exception
    {
        final List<Long> positions = new ArrayList<>();
        try (ChildJvm child = ChildJvm.start(AppendingChild.class, logs.resolve("child.err"), "cycles", dir.toString(),
            "1", Integer.toString(EARLIER_RECORDS)))
        {
            child.awaitLine("WRITTEN"::equals, DEADLINE);
            child.kill(DEADLINE);
            for (final String line : child.seen())
            {
                if (line.startsWith("AT "))
                {
                    positions.add(Long.parseLong(line.split(" ")[2]));
                }
            }
        }
        assertEquals(EARLIER_RECORDS, positions.size(), "positions the child appended");
        return positions;
    }

    /**
     * A clock past the cycles the child wrote in (it moved its own clock on two cycles after each record).
     */
    private static TestJournals.ManualClock clockAfter(final List<Long> earlier)
    {
        final TestJournals.ManualClock clock = new TestJournals.ManualClock();
        clock.nextCycles(2 * earlier.size());
        return clock;
    }

    private List<Path> filesOf(final Journal journal, final List<Long> positions)
    {
        return positions.stream().map(position -> fileOf(journal, position)).toList();
    }

    private Path fileOf(final Journal journal, final long position)
    {
        return new CycleFiles(journal.queue()).pathOf(dir, journal.cycleOf(position));
    }
}
