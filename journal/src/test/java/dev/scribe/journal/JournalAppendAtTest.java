package dev.scribe.journal;

import dev.scribe.codecs.CodecException;
import dev.scribe.codecs.journal.RecordWriter;
import dev.scribe.test.ChildJvm;
import dev.scribe.test.Deadlines;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.scribe.journal.TestJournals.ManualClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A standby journals each record of its primary at the primary's position with the primary's bytes, across cycles
 * the primary rolled to or skipped; a position that is not the next one is refused, naming it and the last.
 */
class JournalAppendAtTest
{
    private static final int[] RECORDS_PER_CYCLE = {4, 1, 3, 5, 2, 6};
    private static final int[] SKIPS = {0, 0, 2, 0, 5, 1};

    @TempDir
    Path dir;

    private final ManualClock primaryClock = new ManualClock();
    private final ManualClock standbyClock = new ManualClock();

    @Test
    void copyingAPrimaryRecordByRecordGivesTheSamePositionsBytesAndCycleFiles() throws IOException
    {
        final Path primaryDir = dir.resolve("primary");
        final Path standbyDir = dir.resolve("standby");
        try (Journal primary = Journal.open(TestJournals.secondly(primaryDir, primaryClock));
            Journal standby = Journal.open(TestJournals.secondly(standbyDir, standbyClock)))
        {
            TestJournals.appendOverCycles(primary, primaryClock, RECORDS_PER_CYCLE, SKIPS, 1);
            final List<JournalEntry> records = TestJournals.readAll(primary);
            assertEquals(21, records.size());
            // the standby's clock stays at the start: positions, not clocks, decide its cycles
            for (final JournalEntry entry : records)
            {
                assertEquals(entry.position(),
                    standby.appendAt(entry.position(), entry.bytes(), 0, entry.bytes().capacity()));
            }
            TestJournals.assertSameRecords(records, standby);
        }
        assertEquals(TestJournals.cycleFiles(primaryDir), TestJournals.cycleFiles(standbyDir));
        assertEquals(6, TestJournals.cycleFiles(standbyDir).size());
        TestJournals.assertSameRecords(TestJournals.readAll(primaryDir), TestJournals.readAll(standbyDir));
    }

    @Test
    void copyingCarriesOnAfterTheStandbyReopens()
    {
        final Path primaryDir = dir.resolve("primary");
        final Path standbyDir = dir.resolve("standby");
        try (Journal primary = Journal.open(TestJournals.secondly(primaryDir, primaryClock)))
        {
            TestJournals.appendOverCycles(primary, primaryClock, RECORDS_PER_CYCLE, SKIPS, 1);
            final List<JournalEntry> records = TestJournals.readAll(primary);
            for (int from = 0, to = 5; from < records.size(); from = to, to = Math.min(records.size(), to + 5))
            {
                try (Journal standby = Journal.open(TestJournals.secondly(standbyDir, standbyClock)))
                {
                    for (final JournalEntry entry : records.subList(from, to))
                    {
                        standby.appendAt(entry.position(), entry.bytes(), 0, entry.bytes().capacity());
                    }
                }
            }
            try (Journal standby = Journal.openReadOnly(standbyDir))
            {
                TestJournals.assertSameRecords(records, standby);
            }
        }
    }

    @Test
    void positionsThatAreNotNextAreRefusedNamingThePositionAndTheLast() throws IOException
    {
        final RecordWriter writer = new RecordWriter();
        try (Journal journal = Journal.open(TestJournals.secondly(dir, primaryClock)))
        {
            final long cycleStart = journal.queue().rollCycle().toIndex(journal.queue().cycle(), 0);
            refused(journal, cycleStart + 1, Journal.NULL_POSITION);
            refused(journal, -5, Journal.NULL_POSITION);

            final long first = appendAt(journal, writer, cycleStart, 1);
            final long second = appendAt(journal, writer, first + 1, 2);
            refused(journal, second, second);
            refused(journal, first, second);
            refused(journal, second + 2, second);
            final long laterCycle = journal.queue().rollCycle().toIndex(journal.cycleOf(second) + 3, 0);
            refused(journal, laterCycle + 1, second);
            refused(journal, 1L << 62, second);
            refused(journal, Long.MAX_VALUE, second);

            assertEquals(second, journal.lastPosition());
            assertEquals(List.of(first, second), TestJournals.positions(TestJournals.readAll(journal)));
            // a refused position leaves no trace, not even an empty cycle file
            assertEquals(1, TestJournals.cycleFiles(dir).size());

            assertEquals(laterCycle, appendAt(journal, writer, laterCycle, 3));
            assertEquals(laterCycle + 1, appendAt(journal, writer, laterCycle + 1, 4));
        }
    }

    @Test
    void invalidBytesAreRefusedAsByAppend()
    {
        final RecordWriter writer = TestRecords.record(new RecordWriter(), 5, 2);
        final byte[] bytes = new byte[writer.length()];
        writer.buffer().getBytes(0, bytes);
        bytes[bytes.length - 3] ^= 1;
        try (Journal journal = Journal.open(TestJournals.secondly(dir, primaryClock)))
        {
            final long start = journal.queue().rollCycle().toIndex(journal.queue().cycle(), 0);
            assertThrows(CodecException.class, () -> journal.appendAt(start, new UnsafeBuffer(bytes), 0, bytes.length));
            assertThrows(CodecException.class, () -> journal.appendAt(start, new UnsafeBuffer(bytes), 0, 10));
            assertEquals(Journal.NULL_POSITION, journal.lastPosition());
            bytes[bytes.length - 3] ^= 1;
            assertEquals(start, journal.appendAt(start, new UnsafeBuffer(bytes), 0, bytes.length));
        }
        try (Journal journal = Journal.openReadOnly(dir))
        {
            final long next = journal.lastPosition() + 1;
            final JournalException ex = assertThrows(JournalException.class,
                () -> journal.appendAt(next, new UnsafeBuffer(bytes), 0, bytes.length));
            assertTrue(ex.getMessage().contains("read-only"), ex.getMessage());
        }
    }

    @Test
    void appendAfterAppendAtGoesOnFromTheLastPositionOnceTheClockAllows()
    {
        final RecordWriter writer = new RecordWriter();
        try (Journal journal = Journal.open(TestJournals.secondly(dir, standbyClock)))
        {
            final long first = journal.append(TestRecords.record(writer, 1, 1));
            assertEquals(first + 1, appendAt(journal, writer, first + 1, 2));
            assertEquals(first + 2, journal.append(TestRecords.record(writer, 3, 1)));

            // the primary is two cycles ahead of this clock
            final long ahead = journal.queue().rollCycle().toIndex(journal.cycleOf(first) + 2, 0);
            appendAt(journal, writer, ahead, 4);
            final JournalException ex = assertThrows(JournalException.class,
                () -> journal.append(TestRecords.record(writer, 5, 1)));
            assertTrue(ex.getMessage().contains(PositionFormat.position(ahead)), ex.getMessage());
            assertEquals(ahead, journal.lastPosition());

            standbyClock.nextCycles(2);
            assertEquals(ahead + 1, journal.append(TestRecords.record(writer, 5, 1)));
            standbyClock.nextCycles(1);
            final long next = journal.append(TestRecords.record(writer, 6, 1));
            assertEquals(journal.cycleOf(ahead) + 1, journal.cycleOf(next));
            assertEquals(0, journal.sequenceOf(next));
        }
    }

    @Test
    void appendAtCarriesOnAfterATornTail() throws Exception
    {
        final Path journalDir = dir.resolve("journal");
        try (ChildJvm child = ChildJvm.start(
            AppendingChild.class, dir.resolve("child.err"), "tear", journalDir.toString(), "1", "10"))
        {
            child.awaitLine("TORN"::equals, Deadlines.scaled(Duration.ofSeconds(60)));
            child.kill(Deadlines.scaled(Duration.ofSeconds(60)));
        }
        try (Journal journal = Journal.open(new JournalContext().directory(journalDir)))
        {
            final long last = journal.lastPosition();
            assertEquals(9, journal.sequenceOf(last));
            assertEquals(last + 1, appendAt(journal, new RecordWriter(), last + 1, 11));
            final long[] n = {0};
            journal.replay(Journal.NULL_POSITION, (position, record) ->
                assertTrue(TestRecords.matches(record, ++n[0], n[0] == 11 ? 2 : (int)(n[0] % 3) + 1)));
            assertEquals(11, n[0]);
        }
    }

    private static long appendAt(final Journal journal, final RecordWriter writer, final long position, final long n)
    {
        TestRecords.record(writer, n, 2);
        return journal.appendAt(position, writer.buffer(), 0, writer.length());
    }

    private static void refused(final Journal journal, final long position, final long last)
    {
        final RecordWriter writer = TestRecords.record(new RecordWriter(), 99, 1);
        final JournalException ex = assertThrows(JournalException.class,
            () -> journal.appendAt(position, writer.buffer(), 0, writer.length()));
        assertTrue(ex.getMessage().contains("position " + PositionFormat.position(position) + " "), ex.getMessage());
        assertTrue(ex.getMessage().contains("last position is " + PositionFormat.position(last) + " "),
            ex.getMessage());
    }
}
