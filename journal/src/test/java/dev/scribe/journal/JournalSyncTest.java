package dev.scribe.journal;

import dev.scribe.codecs.journal.RecordWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which cycle files a sync forces when the records since the last sync span several cycles: the clock is moved by the
 * test, so a batch crosses cycles where it should.
 */
class JournalSyncTest
{
    @TempDir
    Path dir;

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

    private Path fileOf(final Journal journal, final long position)
    {
        return new CycleFiles(journal.queue()).pathOf(dir, journal.cycleOf(position));
    }
}
