package dev.scribe.journal;

import dev.scribe.codecs.journal.RecordWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Looking records up with one tailer kept open (exact positions, repositioning), and forcing a closed journal's
 * files to storage.
 */
class JournalLookupTest
{
    @TempDir
    Path dir;

    private final TestJournals.ManualClock clock = new TestJournals.ManualClock();

    private Journal open()
    {
        return Journal.open(TestJournals.secondly(dir.resolve("journal"), clock));
    }

    @Test
    void readAtFindsEveryRecordByItsExactPositionAndNothingElse()
    {
        try (Journal journal = open())
        {
            final List<Long> positions = TestJournals.appendOverCycles(journal, clock, new int[] {3, 2, 4},
                new int[] {0, 2, 0}, 1);
            try (JournalTailer tailer = journal.tailer(Journal.NULL_POSITION))
            {
                final long[] seen = new long[2];
                for (int i = positions.size() - 1; i >= 0; i--)
                {
                    final long position = positions.get(i);
                    assertTrue(tailer.readAt(position, (p, record) ->
                    {
                        seen[0] = p;
                        seen[1] = record.correlationId();
                    }), "record at " + position);
                    assertEquals(position, seen[0]);
                    assertEquals(i + 1, seen[1], "the record written at " + position);
                }
                final long last = positions.get(positions.size() - 1);
                assertFalse(tailer.readAt(last + 1, (p, record) -> seen[0] = -2), "after the last");
                final int skipped = journal.cycleOf(positions.get(3)) - 1;
                assertTrue(skipped > journal.cycleOf(positions.get(2)));
                assertFalse(tailer.readAt(journal.queue().rollCycle().toIndex(skipped, 0),
                    (p, record) -> seen[0] = -2), "a cycle nobody wrote in");
                assertFalse(tailer.readAt(positions.get(2) + 1, (p, record) -> seen[0] = -2), "past a cycle's last");
                assertFalse(tailer.readAt(Journal.NULL_POSITION, (p, record) -> seen[0] = -2));
                assertEquals(positions.get(0), seen[0], "no handler ran for a missing record");
            }
        }
    }

    @Test
    void readAtThenPollGoesOnFromTheRecordAfterAndSeekRepositions()
    {
        try (Journal journal = open())
        {
            final List<Long> positions = TestJournals.appendOverCycles(journal, clock, new int[] {3, 3},
                new int[] {0, 1}, 1);
            try (JournalTailer tailer = journal.tailer(Journal.NULL_POSITION))
            {
                final List<Long> read = new ArrayList<>();
                assertTrue(tailer.readAt(positions.get(1), (p, record) -> read.add(p)));
                assertEquals(4, tailer.poll((p, record) -> read.add(p), 10));
                assertEquals(positions.subList(1, 6), read);
                read.clear();
                tailer.seek(positions.get(2));
                assertEquals(4, tailer.poll((p, record) -> read.add(p), 10));
                assertEquals(positions.subList(2, 6), read);
                read.clear();
                tailer.seek(Journal.NULL_POSITION);
                assertEquals(6, tailer.poll((p, record) -> read.add(p), 10));
                assertEquals(positions, read);
                read.clear();
                journal.append(TestRecords.record(new RecordWriter(), 7, 1));
                assertEquals(1, tailer.poll((p, record) -> read.add(p), 10), "then it follows new records");
            }
        }
    }

    @Test
    void forceAllForcesEveryFileOfAClosedJournalButItsLock() throws IOException
    {
        final Path journalDir = dir.resolve("journal");
        try (Journal journal = open())
        {
            TestJournals.appendOverCycles(journal, clock, new int[] {2, 2, 2}, new int[] {0, 0, 3}, 1);
        }
        final List<Path> forced = Journal.forceAll(journalDir);
        final List<Path> expected;
        try (Stream<Path> files = Files.list(journalDir))
        {
            expected = files.filter(f -> !f.getFileName().toString().equals(WriterLock.FILE_NAME)).sorted().toList();
        }
        assertEquals(expected, forced);
        assertEquals(3, forced.stream().filter(f -> f.toString().endsWith(CycleFiles.SUFFIX)).count());
        final JournalException missing = assertThrows(JournalException.class,
            () -> Journal.forceAll(dir.resolve("nowhere")));
        assertTrue(missing.getMessage().contains("nowhere"), missing.getMessage());
    }
}
