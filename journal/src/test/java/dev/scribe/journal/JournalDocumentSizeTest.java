package dev.scribe.journal;

import dev.scribe.codecs.journal.RecordWriter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static dev.scribe.journal.TestJournals.ManualClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A record as long as the largest maxRecordBytes allowed fits a Chronicle document only alone and without MAC: in a
 * batch document, or with its MAC, it is refused before it is given a position, and the journal goes on, its
 * documents whole, whether the record would have been the first of its cycle or not.
 */
class JournalDocumentSizeTest
{
    private static final int LARGEST = JournalContext.Configuration.MAX_RECORD_BYTES_LIMIT;
    private static final byte[] KEY = HexFormat.of().parseHex(
        "6c6172676573742072656361726420646f63756d656e74206b65792031323334");

    @TempDir
    Path dir;

    private final RecordWriter writer = new RecordWriter();

    @Test
    void aRecordTooLongForADocumentLeavesNoDamagedDocumentAtTheStartOfACycle()
    {
        final ManualClock clock = new ManualClock();
        final long first;
        try (Journal journal = Journal.open(TestJournals.secondly(dir, clock).maxRecordBytes(LARGEST)))
        {
            first = journal.append(TestRecords.record(writer, 1, 1));
            clock.nextCycles(1);
            assertThrows(JournalException.class, () -> journal.append(largest()));
        }
        try (Journal journal = Journal.open(TestJournals.secondly(dir, clock).maxRecordBytes(LARGEST)))
        {
            assertEquals(List.of(first), TestJournals.positions(TestJournals.readAll(journal)));
            final long next = journal.append(TestRecords.record(writer, 2, 1));
            assertEquals(journal.cycleOf(first) + 1, journal.cycleOf(next));
            assertEquals(List.of(first, next), TestJournals.positions(TestJournals.readAll(journal)));
        }
    }

    @Test
    void aRecordThatWithItsBatchHeaderIsOverWhatChronicleWritesIsRefusedAndTheJournalGoesOn()
    {
        final ManualClock clock = new ManualClock();
        final List<Long> positions = new ArrayList<>();
        try (Journal journal = Journal.open(TestJournals.secondly(dir, clock).maxRecordBytes(LARGEST)))
        {
            positions.add(journal.append(TestRecords.record(writer, 1, 1)));
            refused(() -> journal.append(largest()));
            positions.add(journal.append(TestRecords.record(writer, 2, 1)));
            clock.nextCycles(1);
            // the first document of a cycle
            refused(() -> journal.append(largest()));
            journal.beginBatch();
            positions.add(journal.append(TestRecords.record(writer, 3, 1)));
            refused(() -> journal.append(largest()));
            positions.add(journal.append(TestRecords.record(writer, 4, 1)));
            journal.commitBatch();
            assertEquals(positions.get(0) + 1, positions.get(1), "the refused record took no position");
            assertEquals(positions.get(2) + 1, positions.get(3));
            assertEquals(journal.cycleOf(positions.get(0)) + 1, journal.cycleOf(positions.get(2)));
            assertEquals(0, journal.sequenceOf(positions.get(2)));
            assertEquals(positions, TestJournals.positions(TestJournals.readAll(journal)));
        }
        try (Journal journal = Journal.open(TestJournals.secondly(dir, clock).maxRecordBytes(LARGEST)))
        {
            assertEquals(positions, TestJournals.positions(TestJournals.readAll(journal)));
            positions.add(journal.append(TestRecords.record(writer, 5, 1)));
            assertEquals(positions, TestJournals.positions(TestJournals.readAll(journal)));
        }
    }

    @Test
    void aRecordThatWithItsMacIsOverWhatChronicleWritesIsRefusedAtAnyPosition()
    {
        final ManualClock clock = new ManualClock();
        final List<Long> positions = new ArrayList<>();
        final JournalContext context = TestJournals.secondly(dir, clock).maxRecordBytes(LARGEST).macKey(KEY)
            .newJournalFormat(JournalFormat.V1);
        try (Journal journal = Journal.open(context))
        {
            positions.add(journal.append(TestRecords.record(writer, 1, 1)));
            final long next = positions.get(0) + 1;
            final byte[] largest = bytes(largest());
            refused(() -> journal.appendAt(next, new UnsafeBuffer(largest), 0, largest.length));
            refused(() -> journal.append(largest()));
            positions.add(journal.append(TestRecords.record(writer, 2, 1)));
            final long nextCycle = journal.queue().rollCycle().toIndex(journal.cycleOf(next) + 1, 0);
            refused(() -> journal.appendAt(nextCycle, new UnsafeBuffer(largest), 0, largest.length));
            final byte[] small = bytes(TestRecords.record(writer, 3, 1));
            positions.add(journal.appendAt(nextCycle, new UnsafeBuffer(small), 0, small.length));
            assertEquals(nextCycle, positions.get(2));
        }
        try (Journal journal = Journal.open(TestJournals.secondly(dir, clock).macKey(KEY).readOnly(true)))
        {
            TestJournals.assertSameRecords(TestJournals.readAll(journal), journal);
            assertEquals(positions, TestJournals.positions(TestJournals.readAll(journal)));
        }
    }

    @Test
    void aRecordAsLongAsTheLargestAllowedIsJournaledAloneWithoutMac()
    {
        final ManualClock clock = new ManualClock();
        try (Journal journal = Journal.open(TestJournals.secondly(dir, clock).maxRecordBytes(LARGEST)
            .newJournalFormat(JournalFormat.V1)))
        {
            final long small = journal.append(TestRecords.record(writer, 1, 1));
            assertEquals(small + 1, journal.append(largest()));
            final List<JournalEntry> read = TestJournals.readAll(journal);
            assertEquals(List.of(small, small + 1), TestJournals.positions(read));
            assertEquals(LARGEST, read.get(1).bytes().capacity());
        }
    }

    private static void refused(final Runnable append)
    {
        final JournalException ex = assertThrows(JournalException.class, append::run);
        assertTrue(ex.getMessage().contains("does not fit a document"), ex.getMessage());
    }

    /** A record of exactly the largest maxRecordBytes allowed, in the writer. */
    private RecordWriter largest()
    {
        int payload = LARGEST - 1000;
        for (int round = 0; round < 2; round++)
        {
            writer.begin(1, 1L, 1, 0).aggregate("agg-large", 1);
            final byte[] bytes = new byte[payload];
            writer.event(0, 42, 1, new UnsafeBuffer(bytes), 0, bytes.length);
            writer.idempotencyKey(null);
            writer.finish();
            payload += LARGEST - writer.length();
        }
        assertEquals(LARGEST, writer.length());
        return writer;
    }

    private static byte[] bytes(final RecordWriter writer)
    {
        final byte[] bytes = new byte[writer.length()];
        writer.buffer().getBytes(0, bytes);
        return bytes;
    }
}
