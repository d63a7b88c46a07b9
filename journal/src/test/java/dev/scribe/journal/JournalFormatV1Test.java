package dev.scribe.journal;

import dev.scribe.codecs.journal.RecordWriter;
import dev.scribe.journal.tool.ToolExit;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A journal of the first format (one record a Chronicle document, positions the documents' indexes, no marker), as
 * every journal was written before batch documents: it opens, replays, is read by the tools and is appended to with
 * its positions meaning what they meant; and since positions mean the same in both formats, a journal of either
 * format copies the other at the same positions.
 */
class JournalFormatV1Test
{
    private static final int RECORDS = 25;

    @TempDir
    Path dir;

    private final RecordWriter writer = new RecordWriter();

    @Test
    void aJournalWrittenOneRecordADocumentReadsAndAppendsAsBefore()
    {
        final List<Long> indexes = writeFirstFormat(dir, RECORDS);
        assertFalse(Files.exists(dir.resolve(JournalFormat.MARKER_FILE)));
        try (Journal journal = Journal.open(new JournalContext().directory(dir)))
        {
            assertEquals(1, journal.formatVersion());
            final List<Long> replayed = new ArrayList<>();
            journal.replay(Journal.NULL_POSITION, (position, record) ->
            {
                assertTrue(TestRecords.matches(record, replayed.size() + 1, 2));
                replayed.add(position);
            });
            assertEquals(indexes, replayed, "positions are the documents' Chronicle indexes");
            try (JournalTailer tailer = journal.tailer(Journal.NULL_POSITION))
            {
                assertTrue(tailer.readAt(indexes.get(11), (position, record) ->
                    assertTrue(TestRecords.matches(record, 12, 2))));
            }
            assertEquals(indexes.subList(3, 8), TestJournals.positions(journal.readForward(indexes.get(3), 5)
                .entries()));

            journal.beginBatch();
            final long batched = journal.append(TestRecords.record(writer, RECORDS + 1, 1));
            final long second = journal.append(TestRecords.record(writer, RECORDS + 2, 1));
            journal.commitBatch();
            assertEquals(indexes.get(RECORDS - 1) + 1, batched);
            assertEquals(batched + 1, second);
        }
        assertFalse(Files.exists(dir.resolve(JournalFormat.MARKER_FILE)), "it stays of the first format");
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir).readOnly(true).build())
        {
            assertEquals(indexes.get(RECORDS - 1) + 2, queue.lastIndex(), "one document a record, as before");
        }
        final ToolRun stat = tool("stat");
        assertEquals(ToolExit.OK, stat.exitCode(), stat.out());
        assertTrue(stat.out().contains("format=1 (one record a document)"), stat.out());
        assertTrue(stat.out().contains("records=" + (RECORDS + 2)), stat.out());
        final ToolRun verify = tool("verify");
        assertEquals(ToolExit.OK, verify.exitCode(), verify.out());
        assertEquals(RECORDS + 2, Journal.inspect(dir).records());

        final Truncation truncation = Journal.truncate(new JournalContext().directory(dir), indexes.get(20), null);
        assertEquals(indexes.get(19), truncation.lastKept());
        try (Journal journal = Journal.open(new JournalContext().directory(dir)))
        {
            assertEquals(1, journal.formatVersion());
            assertEquals(indexes.get(19), journal.lastPosition());
            assertEquals(indexes.get(20), journal.append(TestRecords.record(writer, 21, 2)));
        }
    }

    @Test
    void journalsOfEitherFormatCopyEachOtherAtTheSamePositions()
    {
        final Path first = dir.resolve("first");
        final List<Long> indexes = writeFirstFormat(first, RECORDS);
        final List<JournalEntry> written = TestJournals.readAll(first);
        assertEquals(indexes, TestJournals.positions(written));

        final Path second = dir.resolve("second");
        try (Journal standby = Journal.open(new JournalContext().directory(second).maxBatchRecords(4)))
        {
            assertEquals(2, standby.formatVersion());
            standby.beginBatch();
            for (final JournalEntry entry : written)
            {
                standby.appendAt(entry.position(), entry.bytes(), 0, entry.bytes().capacity());
            }
            standby.commitBatch();
            TestJournals.assertSameRecords(written, standby);
            standby.beginBatch();
            for (int n = RECORDS + 1; n <= RECORDS + 10; n++)
            {
                standby.append(TestRecords.record(writer, n, 1));
            }
            standby.commitBatch();
        }
        final List<JournalEntry> batched = TestJournals.readAll(second);

        final Path back = dir.resolve("back");
        try (Journal standby = Journal.open(new JournalContext().directory(back).newJournalFormat(JournalFormat.V1)))
        {
            assertEquals(1, standby.formatVersion());
            for (final JournalEntry entry : batched)
            {
                standby.appendAt(entry.position(), entry.bytes(), 0, entry.bytes().capacity());
            }
            TestJournals.assertSameRecords(batched, standby);
        }
    }

    @Test
    void aKeyedJournalOfTheFirstFormatStillChecksItsMacs()
    {
        final byte[] key = "a key of sixteen bytes at least!".getBytes(StandardCharsets.US_ASCII);
        final List<Long> positions = new ArrayList<>();
        try (Journal journal = Journal.open(new JournalContext().directory(dir).macKey(key)
            .newJournalFormat(JournalFormat.V1)))
        {
            for (int n = 1; n <= 5; n++)
            {
                positions.add(journal.append(TestRecords.record(writer, n, 2)));
            }
        }
        try (Journal journal = Journal.open(new JournalContext().directory(dir).macKey(key)))
        {
            assertEquals(1, journal.formatVersion());
            journal.beginBatch();
            positions.add(journal.append(TestRecords.record(writer, 6, 2)));
            journal.commitBatch();
            assertEquals(positions, TestJournals.positions(TestJournals.readAll(journal)));
        }
    }

    /**
     * Write records 1..count as every journal was written before batch documents: one Chronicle document each, in a
     * queue rolling daily, nothing beside it.
     */
    private List<Long> writeFirstFormat(final Path directory, final int count)
    {
        final List<Long> indexes = new ArrayList<>();
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(directory)
            .rollCycle(RollCycles.FAST_DAILY).build();
            ExcerptAppender appender = queue.createAppender())
        {
            for (int n = 1; n <= count; n++)
            {
                final RecordWriter record = TestRecords.record(writer, n, 2);
                final byte[] bytes = new byte[record.length()];
                record.buffer().getBytes(0, bytes);
                appender.writeBytes(Bytes.wrapForRead(bytes));
                indexes.add(appender.lastIndexAppended());
            }
        }
        return indexes;
    }

    private ToolRun tool(final String command)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final int code = new JournalTool(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(out, true, StandardCharsets.UTF_8)).run(command, dir.toString());
        return new ToolRun(code, out.toString(StandardCharsets.UTF_8));
    }

    private record ToolRun(int exitCode, String out)
    {
    }
}
