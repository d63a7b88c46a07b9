package dev.scribe.journal;

import dev.scribe.codecs.journal.RecordWriter;
import dev.scribe.journal.tool.ToolExit;
import org.agrona.concurrent.UnsafeBuffer;
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
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;

import static dev.scribe.journal.TestJournals.ManualClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A record forged by someone who can write the journal's files, with its CRC32C recomputed: the CRC alone does not
 * notice, a keyed record MAC does, naming the position, on replay and in {@code journal verify --key-file}. And the
 * MAC is optional: a journal written without a key opens as before.
 */
class JournalRecordMacTest
{
    private static final byte[] KEY = HexFormat.of().parseHex(
        "8f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0");
    private static final byte[] OTHER_KEY = HexFormat.of().parseHex(
        "00112233445566778899aabbccddeeff8f1e2d3c4b5a69788796a5b4c3d2e1f0");
    /** Where the CRC32C sits in a record: after the 8-byte SBE header, first field of the block. */
    private static final int CRC_OFFSET = 8;

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();

    private Path journalDir()
    {
        return dir.resolve("journal");
    }

    private JournalContext keyed(final byte[] key)
    {
        return TestJournals.secondly(journalDir(), clock).macKey(key);
    }

    private List<Long> write(final JournalContext context, final int records)
    {
        try (Journal journal = Journal.open(context))
        {
            final RecordWriter writer = new RecordWriter();
            for (int n = 1; n <= records; n++)
            {
                if (n % 4 == 0)
                {
                    clock.nextCycles(1 + n % 3); // rolls, some over empty cycles: positions come from Chronicle
                }
                journal.append(TestRecords.record(writer, n, 1 + n % 3));
            }
            return new ArrayList<>(TestJournals.positions(TestJournals.readAll(journal)));
        }
    }

    private Path keyFile(final byte[] key) throws IOException
    {
        final Path file = dir.resolve("journal.key");
        Files.writeString(file, HexFormat.of().formatHex(key) + "\n");
        return file;
    }

    private int verify(final ByteArrayOutputStream out, final String... extra)
    {
        final String[] args = new String[2 + extra.length];
        args[0] = "verify";
        args[1] = journalDir().toString();
        System.arraycopy(extra, 0, args, 2, extra.length);
        return new JournalTool(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(out, true, StandardCharsets.UTF_8)).run(args);
    }

    @Test
    void aForgedRecordWithARecomputedCrcIsRefusedWhenAKeyIsConfigured() throws IOException
    {
        final List<Long> positions = write(keyed(KEY), 10);
        forge("payload-5-0", "payload-5-9");

        final ByteArrayOutputStream withoutKey = new ByteArrayOutputStream();
        assertEquals(ToolExit.OK, verify(withoutKey), "a CRC alone does not notice a forgery: " +
            withoutKey);

        try (Journal journal = Journal.open(keyed(KEY).readOnly(true)))
        {
            final CorruptRecordException ex = assertThrows(CorruptRecordException.class,
                () -> journal.replay(Journal.NULL_POSITION, (position, record) -> { }));
            assertEquals(positions.get(4), ex.position());
            assertTrue(ex.getMessage().contains("MAC"), ex.getMessage());
        }
        final ByteArrayOutputStream withKey = new ByteArrayOutputStream();
        assertEquals(ToolExit.FAILED, verify(withKey, "--key-file", keyFile(KEY).toString()),
            withKey.toString(StandardCharsets.UTF_8));
        assertTrue(withKey.toString(StandardCharsets.UTF_8).contains("position " +
            PositionFormat.position(positions.get(4))),
            withKey.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aKeyedJournalVerifiesAndReadsThroughEveryPath() throws IOException
    {
        final List<Long> positions = write(keyed(KEY), 12);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(ToolExit.OK, verify(out, "--key-file", keyFile(KEY).toString()),
            out.toString(StandardCharsets.UTF_8));
        try (Journal journal = Journal.open(keyed(KEY)))
        {
            assertEquals(positions, TestJournals.positions(TestJournals.readAll(journal)));
            assertEquals(6, journal.readBackward(Long.MAX_VALUE, 6).entries().size());
            final RecordWriter writer = new RecordWriter();
            positions.add(journal.append(TestRecords.record(writer, 13, 1)));
            final byte[] copied = TestJournals.bytes(journal.readForward(positions.get(12), 1).entries().get(0));
            positions.add(journal.appendAt(positions.get(12) + 1,
                new UnsafeBuffer(copied), 0, copied.length));
        }
        // read-only without the key: the records read, unchecked by MAC
        try (Journal journal = Journal.openReadOnly(journalDir()))
        {
            assertEquals(positions, TestJournals.positions(TestJournals.readAll(journal)));
        }
        final Truncation truncation = Journal.truncate(keyed(KEY), positions.get(10),
            dir.resolve("dropped"));
        assertEquals(4, truncation.droppedCount());
        try (Journal journal = Journal.open(keyed(KEY)))
        {
            assertEquals(positions.subList(0, 10), TestJournals.positions(TestJournals.readAll(journal)));
        }
        assertEquals(ToolExit.OK, verify(out, "--key-file", keyFile(KEY).toString()),
            out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aKeyedJournalPassesItsHealthCheckWithItsMarkerAndALeftoverOfTheMarkersWrite() throws IOException
    {
        final List<Long> positions = write(keyed(KEY), 12);
        // a crash between creating the marker's temporary file and renaming it into place leaves it behind
        Files.writeString(journalDir().resolve(RecordMac.MARKER_FILE + OwnedFiles.TEMPORARY_SUFFIX), "format");

        final JournalInspection inspection = Journal.inspect(journalDir());

        assertTrue(inspection.healthy(), inspection.describe());
        assertEquals(positions.size(), inspection.records(), "every record counted, its MAC after it no problem");
        try (Journal journal = Journal.open(keyed(KEY)))
        {
            assertEquals(positions, TestJournals.positions(TestJournals.readAll(journal)));
        }
    }

    @Test
    void aKeyedJournalRefusesAnotherKeyAndAWriterWithoutOne()
    {
        write(keyed(KEY), 3);
        final JournalException otherKey = assertThrows(JournalException.class,
            () -> Journal.open(keyed(OTHER_KEY)));
        assertTrue(otherKey.getMessage().contains("another key"), otherKey.getMessage());
        final JournalException noKey = assertThrows(JournalException.class,
            () -> Journal.open(TestJournals.secondly(journalDir(), clock)));
        assertTrue(noKey.getMessage().contains("macKey"), noKey.getMessage());
    }

    @Test
    void aJournalWrittenWithoutAKeyStillOpensAndIsNotTakenForAKeyedOne()
    {
        final List<Long> positions = write(TestJournals.secondly(journalDir(), clock), 5);
        try (Journal journal = Journal.open(TestJournals.secondly(journalDir(), clock)))
        {
            assertEquals(positions, TestJournals.positions(TestJournals.readAll(journal)));
        }
        final JournalException ex = assertThrows(JournalException.class, () -> Journal.open(keyed(KEY)));
        assertTrue(ex.getMessage().contains("without record MACs"), ex.getMessage());
    }

    @Test
    void aKeyShorterThanSixteenBytesIsRefused()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> new JournalContext().macKey(new byte[15]));
        assertTrue(ex.getMessage().contains("macKey"), ex.getMessage());
    }

    /**
     * Change text inside a record in the cycle files and recompute the record's CRC32C, as someone who can write
     * the files and knows the format would.
     */
    private void forge(final String original, final String forged) throws IOException
    {
        final byte[] from = original.getBytes(StandardCharsets.UTF_8);
        final byte[] to = forged.getBytes(StandardCharsets.UTF_8);
        try (Journal journal = Journal.openReadOnly(journalDir()))
        {
            for (final JournalEntry entry : TestJournals.readAll(journal))
            {
                final byte[] record = TestJournals.bytes(entry);
                final int at = indexOf(record, from, 0);
                if (at < 0)
                {
                    continue;
                }
                final byte[] changed = record.clone();
                System.arraycopy(to, 0, changed, at, to.length);
                final CRC32C crc = new CRC32C();
                crc.update(changed, 0, CRC_OFFSET);
                crc.update(changed, CRC_OFFSET + 4, changed.length - CRC_OFFSET - 4);
                ByteBuffer.wrap(changed).order(ByteOrder.LITTLE_ENDIAN).putInt(CRC_OFFSET, (int)crc.getValue());
                overwrite(record, changed);
                return;
            }
        }
        throw new AssertionError(original + " is in no record");
    }

    private void overwrite(final byte[] record, final byte[] changed) throws IOException
    {
        for (final String name : TestJournals.cycleFiles(journalDir()))
        {
            try (FileChannel channel = FileChannel.open(journalDir().resolve(name), StandardOpenOption.READ,
                StandardOpenOption.WRITE))
            {
                final MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, channel.size());
                final byte[] bytes = new byte[(int)channel.size()];
                mapped.get(0, bytes);
                final int at = indexOf(bytes, record, 0);
                if (at >= 0)
                {
                    mapped.put(at, changed);
                    mapped.force();
                    return;
                }
            }
        }
        throw new AssertionError("the record is in no cycle file");
    }

    private static int indexOf(final byte[] haystack, final byte[] needle, final int from)
    {
        outer:
        for (int i = from; i + needle.length <= haystack.length; i++)
        {
            for (int j = 0; j < needle.length; j++)
            {
                if (haystack[i + j] != needle[j])
                {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void recordsSwappedInsideABatchDocumentFailTheirMacs() throws IOException
    {
        final List<JournalEntry> entries;
        try (Journal journal = Journal.open(keyed(KEY)))
        {
            journal.beginBatch();
            final RecordWriter writer = new RecordWriter();
            for (int n = 1; n <= 6; n++)
            {
                journal.append(TestRecords.record(writer, n, 1));
            }
            journal.commitBatch();
            entries = TestJournals.readAll(journal);
        }
        // records 2 and 4 have the same length: each keeps its CRC32C, and the document its header
        final byte[] second = TestJournals.bytes(entries.get(1));
        final byte[] fourth = TestJournals.bytes(entries.get(3));
        assertEquals(second.length, fourth.length);
        for (final String name : TestJournals.cycleFiles(journalDir()))
        {
            try (FileChannel channel = FileChannel.open(journalDir().resolve(name), StandardOpenOption.READ,
                StandardOpenOption.WRITE))
            {
                final MappedByteBuffer bytes = channel.map(FileChannel.MapMode.READ_WRITE, 0, channel.size());
                final int at2 = find(bytes, second);
                final int at4 = find(bytes, fourth);
                if (at2 >= 0 && at4 >= 0)
                {
                    bytes.put(at2, fourth).put(at4, second);
                    bytes.force();
                }
            }
        }
        try (Journal journal = Journal.open(keyed(KEY).readOnly(true)))
        {
            final CorruptRecordException moved = assertThrows(CorruptRecordException.class,
                () -> journal.replay(Journal.NULL_POSITION, (position, record) -> { }));
            assertEquals(entries.get(1).position(), moved.position());
            assertTrue(moved.getMessage().contains("record MAC does not match"), moved.getMessage());
        }
        try (Journal journal = Journal.openReadOnly(journalDir()))
        {
            assertEquals(6, journal.replay(Journal.NULL_POSITION, (position, record) -> { }),
                "without the key only the CRCs are checked, and they hold");
        }
    }

    private static int find(final MappedByteBuffer haystack, final byte[] needle)
    {
        outer:
        for (int i = 0; i + needle.length <= haystack.limit(); i++)
        {
            for (int j = 0; j < needle.length; j++)
            {
                if (haystack.get(i + j) != needle[j])
                {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
