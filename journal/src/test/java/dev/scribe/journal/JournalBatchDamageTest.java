package dev.scribe.journal;

import dev.scribe.codecs.journal.RecordWriter;
import dev.scribe.journal.tool.ToolExit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Damage inside a batch document: a record that fails its CRC is reported at its own position and the records around
 * it in the document still read; a damaged document header or record length is reported at the position of the first
 * record that cannot be read, and readers go on with the next document; a format marker this version does not know
 * stops the journal from opening.
 */
class JournalBatchDamageTest
{
    private static final int BATCHES = 3;
    private static final int PER_BATCH = 6;

    @TempDir
    Path dir;

    private final List<JournalEntry> entries = new ArrayList<>();

    @BeforeEach
    void writeBatches()
    {
        final RecordWriter writer = new RecordWriter();
        try (Journal journal = Journal.open(new JournalContext().directory(dir)))
        {
            for (int batch = 0; batch < BATCHES; batch++)
            {
                journal.beginBatch();
                for (int i = 1; i <= PER_BATCH; i++)
                {
                    final long n = batch * PER_BATCH + i;
                    journal.append(TestRecords.record(writer, n, 2));
                }
                journal.commitBatch();
            }
            entries.addAll(TestJournals.readAll(journal));
        }
    }

    @Test
    void aCorruptRecordInsideADocumentIsNamedByItsPositionAndItsNeighboursStillRead() throws IOException
    {
        TestJournals.flipInside(dir, "payload-9-1");
        final long victim = entries.get(8).position();

        final ToolRun verify = verify();
        assertEquals(ToolExit.FAILED, verify.exitCode, verify.out);
        assertTrue(verify.out.contains("records=" + entries.size() + " ok=" + (entries.size() - 1) + " bad=1 " +
            "firstBad=" + PositionFormat.position(victim)), verify.out);

        try (Journal journal = Journal.openReadOnly(dir);
            JournalTailer tailer = journal.tailer(entries.get(6).position()))
        {
            final List<Long> read = new ArrayList<>();
            assertEquals(2, tailer.poll((position, record) -> read.add(position), 2));
            final CorruptRecordException corrupt = assertThrows(CorruptRecordException.class,
                () -> tailer.poll((position, record) -> read.add(position), 10));
            assertEquals(victim, corrupt.position());
            assertTrue(corrupt.getMessage().contains("crc32c"), corrupt.getMessage());
            assertEquals(3, tailer.poll((position, record) -> read.add(position), 3), "it goes on after the record");
            assertEquals(List.of(entries.get(6).position(), entries.get(7).position(), entries.get(9).position(),
                entries.get(10).position(), entries.get(11).position()), read);
            assertTrue(tailer.readAt(entries.get(10).position(), (position, record) ->
                assertTrue(TestRecords.matches(record, 11, 2))));
            assertThrows(CorruptRecordException.class, () -> journal.readForward(entries.get(7).position(), 5));
        }
    }

    @Test
    void aDamagedDocumentHeaderIsNamedAtItsFirstRecordAndTheNextDocumentStillReads() throws IOException
    {
        final long first = entries.get(PER_BATCH).position();
        flipFirst(littleEndian(first), 2);

        final ToolRun verify = verify();
        assertEquals(ToolExit.FAILED, verify.exitCode, verify.out);
        assertTrue(verify.out.contains("BAD corrupt record at position " + PositionFormat.position(first) +
            ": the batch document holding " +
            "it (document 1 of cycle"), verify.out);
        assertTrue(verify.out.contains("fails its CRC32C"), verify.out);

        try (Journal journal = Journal.openReadOnly(dir);
            JournalTailer tailer = journal.tailer(Journal.NULL_POSITION))
        {
            assertEquals(PER_BATCH, tailer.poll((position, record) -> { }, PER_BATCH));
            assertThrows(CorruptRecordException.class, () -> tailer.poll((position, record) -> { }, 100));
            final List<Long> after = new ArrayList<>();
            tailer.poll((position, record) -> after.add(position), 100);
            assertEquals(TestJournals.positions(entries.subList(2 * PER_BATCH, entries.size())), after);
            final CorruptRecordException lookup = assertThrows(CorruptRecordException.class,
                () -> journal.readForward(entries.get(PER_BATCH + 2).position(), 1));
            assertEquals(entries.get(PER_BATCH + 2).position(), lookup.position());
        }
    }

    @Test
    void aDamagedRecordLengthIsNamedAtItsRecord() throws IOException
    {
        // the length before the third record of the second document: after the header and two frames
        final long first = entries.get(PER_BATCH).position();
        final int lengthAt = BatchDocument.HEADER_BYTES + 2 * BatchDocument.LENGTH_BYTES +
            entries.get(PER_BATCH).bytes().capacity() + entries.get(PER_BATCH + 1).bytes().capacity();
        flipFirst(littleEndian(first), lengthAt + 2);

        final ToolRun verify = verify();
        assertEquals(ToolExit.FAILED, verify.exitCode, verify.out);
        final long victim = entries.get(PER_BATCH + 2).position();
        assertTrue(verify.out.contains("BAD corrupt record at position " + PositionFormat.position(victim) +
            ": its frame in the batch " +
            "document is damaged: its length of"), verify.out);
        assertTrue(verify.out.contains("ok=" + (entries.size() - 4)), verify.out);
    }

    @Test
    void aFormatMarkerOfAnotherVersionStopsTheJournalFromOpening() throws IOException
    {
        Files.writeString(dir.resolve(JournalFormat.MARKER_FILE), "scribe journal format 3\n");
        final JournalInspection inspection = Journal.inspect(dir);
        assertEquals(1, inspection.problems().size(), inspection.toString());
        assertTrue(inspection.problems().get(0).toString().contains("says 'scribe journal format 3'"),
            inspection.toString());
        final JournalException refused = assertThrows(JournalException.class,
            () -> Journal.open(new JournalContext().directory(dir)));
        assertTrue(refused.getMessage().contains(JournalFormat.MARKER_FILE), refused.getMessage());
        assertEquals(ToolExit.FAILED, verify().exitCode);
    }

    private ToolRun verify()
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int code = new JournalTool(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8)).run("verify", dir.toString());
        return new ToolRun(code, out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
    }

    private record ToolRun(int exitCode, String out)
    {
    }

    private static byte[] littleEndian(final long value)
    {
        final byte[] bytes = new byte[Long.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(value);
        return bytes;
    }

    /** Flip a byte at an offset from the first place the bytes are found in the journal's cycle files. */
    private void flipFirst(final byte[] needle, final int offset) throws IOException
    {
        for (final String name : TestJournals.cycleFiles(dir))
        {
            try (FileChannel channel = FileChannel.open(dir.resolve(name), StandardOpenOption.READ,
                StandardOpenOption.WRITE))
            {
                final MappedByteBuffer bytes = channel.map(FileChannel.MapMode.READ_WRITE, 0, channel.size());
                for (int at = 0; at + needle.length <= bytes.limit(); at += Integer.BYTES)
                {
                    boolean found = true;
                    for (int j = 0; j < needle.length && found; j++)
                    {
                        found = bytes.get(at + j) == needle[j];
                    }
                    if (found)
                    {
                        bytes.put(at + offset, (byte)(bytes.get(at + offset) ^ 0x40));
                        bytes.force();
                        return;
                    }
                }
            }
        }
        throw new AssertionError("not found in " + dir);
    }
}
