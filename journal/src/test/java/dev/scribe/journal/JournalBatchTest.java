package dev.scribe.journal;

import dev.scribe.codecs.journal.RecordWriter;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The records of a batch share Chronicle documents, each at its own position, and nothing of a batch is visible
 * before it is committed.
 */
class JournalBatchTest
{
    @TempDir
    Path dir;

    private final RecordWriter writer = new RecordWriter();

    @Test
    void aBatchIsOneDocumentOfConsecutivePositionsInvisibleUntilCommitted()
    {
        try (Journal journal = Journal.open(new JournalContext().directory(dir));
            Journal reader = Journal.openReadOnly(dir);
            JournalTailer tailer = journal.tailer(Journal.NULL_POSITION))
        {
            assertEquals(2, journal.formatVersion());
            assertTrue(Files.exists(dir.resolve(JournalFormat.MARKER_FILE)), "a new journal is marked format 2");
            final long single = journal.append(TestRecords.record(writer, 1, 1));
            journal.beginBatch();
            assertTrue(journal.inBatch());
            final List<Long> positions = new ArrayList<>();
            for (int n = 2; n <= 11; n++)
            {
                positions.add(journal.append(TestRecords.record(writer, n, (n % 3) + 1)));
            }
            for (int i = 0; i < positions.size(); i++)
            {
                assertEquals(single + 1 + i, positions.get(i), "positions follow one another");
            }
            assertEquals(1, tailer.poll((position, record) -> assertEquals(single, position), 100));
            assertEquals(0, tailer.poll((position, record) -> fail(position), 100), "nothing before the commit");
            assertEquals(single, journal.lastPosition());
            assertEquals(single, reader.lastPosition());
            assertEquals(1, reader.readForward(Journal.NULL_POSITION, 100).entries().size());

            assertEquals(positions.get(9), journal.commitBatch());
            assertFalse(journal.inBatch());
            final List<Long> tailed = new ArrayList<>();
            assertEquals(10, tailer.poll((position, record) ->
            {
                assertTrue(TestRecords.matches(record, position - single + 1, (int)((position - single + 1) % 3) + 1));
                tailed.add(position);
            }, 100));
            assertEquals(positions, tailed);
            assertEquals(positions.get(9), reader.lastPosition());
            assertEquals(List.of(single, positions.get(0)), documentFirsts(journal));
            assertEquals(11, Journal.inspect(dir).records(), "the health check counts records, not documents");
        }
    }

    @Test
    void aLongBatchIsCutIntoDocumentsOfBoundedRecordsAndBytes()
    {
        try (Journal journal = Journal.open(new JournalContext().directory(dir).maxBatchRecords(4)))
        {
            journal.beginBatch();
            for (int n = 1; n <= 10; n++)
            {
                journal.append(TestRecords.record(writer, n, 1));
            }
            journal.commitBatch();
            final long first = journal.firstPosition();
            assertEquals(List.of(first, first + 4, first + 8), documentFirsts(journal));
        }
        final Path bytes = dir.resolve("bytes");
        final int recordLength = TestRecords.record(writer, 1, 3).length();
        try (Journal journal = Journal.open(new JournalContext().directory(bytes)
            .maxBatchBytes(BatchDocument.HEADER_BYTES + 2 * (recordLength + BatchDocument.LENGTH_BYTES) + 8)))
        {
            journal.beginBatch();
            for (int n = 1; n <= 5; n++)
            {
                journal.append(TestRecords.record(writer, n, 3));
            }
            journal.commitBatch();
            final long first = journal.firstPosition();
            assertEquals(List.of(first, first + 2, first + 4), documentFirsts(journal));
            assertEquals(5, TestJournals.readAll(journal).size());
        }
    }

    @Test
    void readsStartAndStopInsideADocument()
    {
        final List<Long> positions = new ArrayList<>();
        try (Journal journal = Journal.open(new JournalContext().directory(dir)))
        {
            for (int batch = 0; batch < 3; batch++)
            {
                journal.beginBatch();
                for (int i = 0; i < 7; i++)
                {
                    final long n = positions.size() + 1;
                    positions.add(journal.append(TestRecords.record(writer, n, (int)(n % 3) + 1)));
                }
                journal.commitBatch();
            }
            final long middle = positions.get(10);
            final List<Long> read = new ArrayList<>();
            try (JournalTailer tailer = journal.tailer(middle))
            {
                assertEquals(middle, tailer.position());
                while (tailer.poll((position, record) -> read.add(position), 2) > 0)
                {
                    assertEquals(read.get(read.size() - 1) + 1, tailer.position(), "it goes on inside the document");
                }
                assertTrue(tailer.readAt(positions.get(3), (position, record) ->
                    assertTrue(TestRecords.matches(record, 4, 2))));
                assertEquals(positions.get(4), tailer.position());
                final List<Long> after = new ArrayList<>();
                tailer.poll((position, record) -> after.add(position), 3);
                assertEquals(positions.subList(4, 7), after);
            }
            assertEquals(positions.subList(10, positions.size()), read);

            final JournalPage forward = journal.readForward(positions.get(5), 4);
            assertEquals(positions.subList(5, 9), TestJournals.positions(forward.entries()));
            assertEquals(positions.get(9), forward.nextCursor());
            final JournalPage backward = journal.readBackward(positions.get(9), 5);
            assertEquals(List.of(positions.get(9), positions.get(8), positions.get(7), positions.get(6),
                positions.get(5)), TestJournals.positions(backward.entries()));
            assertEquals(positions.get(4), backward.nextCursor());
            final JournalPage fromStart = journal.readBackward(positions.get(2), 3);
            assertEquals(List.of(positions.get(2), positions.get(1), positions.get(0)),
                TestJournals.positions(fromStart.entries()));
            assertTrue(fromStart.end());
            assertEquals(positions.size() - 12, journal.replay(positions.get(12), (position, record) ->
                assertTrue(position >= positions.get(12))));
        }
    }

    @Test
    void aRecordAppendedAtAPositionJoinsTheOpenDocumentOrBeginsTheNext()
    {
        final TestJournals.ManualClock clock = new TestJournals.ManualClock();
        final Path primaryDir = dir.resolve("primary");
        final List<JournalEntry> primary;
        try (Journal journal = Journal.open(TestJournals.secondly(primaryDir, clock)))
        {
            TestJournals.appendOverCycles(journal, clock, new int[]{5, 3, 4}, new int[]{0, 0, 2}, 1);
            primary = TestJournals.readAll(journal);
        }
        final Path standbyDir = dir.resolve("standby");
        try (Journal standby = Journal.open(TestJournals.secondly(standbyDir, new TestJournals.ManualClock())))
        {
            standby.beginBatch();
            for (final JournalEntry entry : primary)
            {
                assertEquals(entry.position(), standby.appendAt(entry.position(), entry.bytes(), 0,
                    entry.bytes().capacity()));
            }
            final JournalException notNext = assertThrows(JournalException.class, () -> standby.appendAt(
                primary.get(primary.size() - 1).position() + 2, primary.get(0).bytes(), 0,
                primary.get(0).bytes().capacity()));
            assertTrue(notNext.getMessage().contains("the next is the last + 1"), notNext.getMessage());
            standby.commitBatch();
            TestJournals.assertSameRecords(primary, standby);
            assertEquals(3, documentFirsts(standby).size(), "one document a cycle");
        }
    }

    @Test
    void aDocumentStaysInTheCycleItBeganInAndTheNextBatchTakesTheClocksCycle()
    {
        final TestJournals.ManualClock clock = new TestJournals.ManualClock();
        try (Journal journal = Journal.open(TestJournals.secondly(dir, clock)))
        {
            journal.beginBatch();
            final long first = journal.append(TestRecords.record(writer, 1, 1));
            clock.nextCycles(1);
            final long second = journal.append(TestRecords.record(writer, 2, 1));
            journal.commitBatch();
            assertEquals(first + 1, second);
            assertEquals(journal.cycleOf(first), journal.cycleOf(second));
            final long third = journal.append(TestRecords.record(writer, 3, 1));
            assertEquals(journal.cycleOf(first) + 1, journal.cycleOf(third));
            assertEquals(0, journal.sequenceOf(third));
            assertEquals(List.of(first, second, third), TestJournals.positions(TestJournals.readAll(journal)));
        }
    }

    @Test
    void aSyncIsOnlyForWhatIsCommittedAndCloseDropsAnOpenBatch()
    {
        final long kept;
        try (Journal journal = Journal.open(new JournalContext().directory(dir)))
        {
            kept = journal.append(TestRecords.record(writer, 1, 1));
            journal.beginBatch();
            assertThrows(IllegalStateException.class, journal::beginBatch);
            final long staged = journal.append(TestRecords.record(writer, 2, 1));
            final IllegalStateException early = assertThrows(IllegalStateException.class, () -> journal.sync(staged));
            assertTrue(early.getMessage().contains("commit the batch first"), early.getMessage());
            journal.sync(kept);
        }
        try (Journal journal = Journal.open(new JournalContext().directory(dir)))
        {
            assertEquals(kept, journal.lastPosition(), "the batch never committed is not there");
            assertEquals(kept + 1, journal.append(TestRecords.record(writer, 2, 1)));
        }
    }

    @Test
    void truncationInsideADocumentKeepsTheRecordsBeforeTheCutAtTheirPositions() throws Exception
    {
        final List<JournalEntry> before;
        try (Journal journal = Journal.open(new JournalContext().directory(dir.resolve("j"))))
        {
            for (int batch = 0; batch < 3; batch++)
            {
                journal.beginBatch();
                for (int i = 1; i <= 5; i++)
                {
                    journal.append(TestRecords.record(writer, batch * 5L + i, 2));
                }
                journal.commitBatch();
            }
            before = TestJournals.readAll(journal);
        }
        final long cut = before.get(7).position();
        final Truncation truncation = Journal.truncate(new JournalContext().directory(dir.resolve("j")), cut,
            dir.resolve("dropped"));
        assertEquals(new Truncation(cut, cut, before.get(14).position(), 8, before.get(6).position()), truncation);
        try (Journal journal = Journal.open(new JournalContext().directory(dir.resolve("j"))))
        {
            assertEquals(2, journal.formatVersion());
            TestJournals.assertSameRecords(before.subList(0, 7), journal);
            assertEquals(List.of(before.get(0).position(), before.get(5).position()), documentFirsts(journal));
            assertEquals(cut, journal.append(TestRecords.record(writer, 99, 1)), "appends go on from the cut");
        }
        final List<JournalEntry> dropped = TestJournals.readAll(dir.resolve("dropped"));
        TestJournals.assertSameRecords(before, dropped);
    }

    @Test
    void releaseBeforeAPositionInsideADocumentKeepsItsCycle()
    {
        final TestJournals.ManualClock clock = new TestJournals.ManualClock();
        try (Journal journal = Journal.open(TestJournals.secondly(dir, clock)))
        {
            final List<Long> positions = new ArrayList<>();
            for (int cycle = 0; cycle < 3; cycle++)
            {
                journal.beginBatch();
                for (int i = 0; i < 4; i++)
                {
                    positions.add(journal.append(TestRecords.record(writer, positions.size() + 1, 1)));
                }
                journal.commitBatch();
                clock.nextCycles(1);
            }
            assertEquals(1, journal.releaseBefore(positions.get(6), null).size());
            assertEquals(positions.get(4), journal.firstPosition());
            assertEquals(positions.subList(4, 12), TestJournals.positions(TestJournals.readAll(journal)));
        }
    }

    /** The first position of every document of a journal, read with Chronicle underneath. */
    private static List<Long> documentFirsts(final Journal journal)
    {
        final List<Long> firsts = new ArrayList<>();
        final DocumentLookup lookup = new DocumentLookup(journal.queue(), RecordMac.NONE);
        try (ExcerptTailer tailer = journal.queue().createTailer())
        {
            while (lookup.peekNext(tailer))
            {
                firsts.add(lookup.first());
                try (DocumentContext document = tailer.readingDocument())
                {
                    assertTrue(document.isPresent());
                }
            }
        }
        return firsts;
    }

    private static void fail(final long position)
    {
        throw new AssertionError("read a record at " + position);
    }
}
