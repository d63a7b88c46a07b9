package dev.scribe.journal;

import dev.scribe.codecs.journal.RecordWriter;
import dev.scribe.journal.tool.ToolExit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Damaged disks fail closed: a journal directory the journal cannot fully account for is refused by every open, by
 * truncation and by the tool, with a message naming the file and what is wrong with it, and nothing in it is changed.
 */
class JournalDamageTest
{
    /** Where a cycle file's records start: after its header, its index of indexes and its first index. */
    private static final int FIRST_RECORD = 0x80110;

    @TempDir
    Path dir;

    private final TestJournals.ManualClock clock = new TestJournals.ManualClock();
    private final Random random = new Random(11);

    private Path journalDir()
    {
        return dir.resolve("journal");
    }

    /** Three cycles of five records, synced and closed. */
    private List<Long> threeCycles()
    {
        try (Journal journal = Journal.open(TestJournals.secondly(journalDir(), clock)))
        {
            final List<Long> positions = TestJournals.appendOverCycles(journal, clock, new int[] {5, 5, 5},
                new int[] {0, 0, 0}, 1);
            journal.sync(positions.get(positions.size() - 1));
            return positions;
        }
    }

    private Path cycleFile(final int index) throws IOException
    {
        return journalDir().resolve(TestJournals.cycleFiles(journalDir()).get(index));
    }

    @Test
    void randomBytesOverACycleFileAreRefusedNamingTheFile() throws IOException
    {
        threeCycles();
        final Path victim = cycleFile(1);
        Files.write(victim, randomBytes(100_000));
        assertRefused(victim, "foreign bytes");
    }

    @Test
    void randomBytesOverTheOnlyCycleFileAreRefusedNotReadAsAnEmptyJournal() throws IOException
    {
        try (Journal journal = Journal.open(TestJournals.secondly(journalDir(), clock)))
        {
            TestJournals.appendOverCycles(journal, clock, new int[] {20}, new int[] {0}, 1);
        }
        final Path victim = cycleFile(0);
        overwrite(victim, 0, randomBytes(1 << 20));
        assertRefused(victim, "foreign bytes");
    }

    @Test
    void aTruncatedCycleFileIsRefusedWithoutAFault() throws IOException
    {
        threeCycles();
        final Path victim = cycleFile(2);
        try (FileChannel channel = FileChannel.open(victim, StandardOpenOption.WRITE))
        {
            channel.truncate(FIRST_RECORD + 150);
        }
        assertRefused(victim, "shorter than its content");
    }

    @Test
    void aCycleFileTruncatedInsideItsIndexIsRefused() throws IOException
    {
        threeCycles();
        final Path victim = cycleFile(0);
        try (FileChannel channel = FileChannel.open(victim, StandardOpenOption.WRITE))
        {
            channel.truncate(4096);
        }
        assertRefused(victim, "shorter than its content");
    }

    @Test
    void aDamagedHeaderIsRefusedNamingTheFile() throws IOException
    {
        threeCycles();
        final Path victim = cycleFile(1);
        overwrite(victim, 20, new byte[] {0x13, 0x37, (byte)0x99, 0x42});
        assertRefused(victim, "header");
    }

    @Test
    void aCycleFileWhoseEndWasZeroedIsRefused() throws IOException
    {
        threeCycles();
        final Path victim = cycleFile(2);
        overwrite(victim, FIRST_RECORD + 200, new byte[4096]);
        assertRefused(victim, "records at its end were lost");
    }

    @Test
    void aMissingMiddleCycleIsRefusedNamingTheFile() throws IOException
    {
        threeCycles();
        final Path victim = cycleFile(1);
        Files.delete(victim);
        assertRefused(victim, "is missing");
    }

    @Test
    void aMissingLastCycleIsRefusedNamingTheFile() throws IOException
    {
        threeCycles();
        final Path victim = cycleFile(2);
        Files.delete(victim);
        assertRefused(victim, "is missing");
    }

    @Test
    void releasedCyclesAreNotMissingButALaterLossStillIs() throws IOException
    {
        final List<Long> positions = threeCycles();
        final Path released = cycleFile(0);
        try (Journal journal = Journal.open(TestJournals.secondly(journalDir(), clock)))
        {
            assertEquals(List.of(released), journal.releaseBefore(positions.get(5), null));
        }
        final JournalInspection afterRelease = Journal.inspect(journalDir());
        assertTrue(afterRelease.healthy(), afterRelease.toString());
        assertEquals(2, afterRelease.cycleFiles());

        final Path victim = cycleFile(0); // the first cycle kept
        Files.delete(victim);
        assertRefused(victim, "is missing");
    }

    @Test
    void aZeroedCycleFileIsRefused() throws IOException
    {
        threeCycles();
        final Path victim = cycleFile(2);
        overwrite(victim, 0, new byte[1 << 20]);
        assertRefused(victim, "lost");
    }

    @Test
    void damagedChronicleMetadataIsRefusedNamingTheFile() throws IOException
    {
        threeCycles();
        final Path victim = journalDir().resolve("metadata.cq4t");
        overwrite(victim, 0, randomBytes(4096));
        assertRefused(victim, "foreign bytes");
    }

    @Test
    void aDamagedCycleLedgerIsRefusedNamingTheFile() throws IOException
    {
        threeCycles();
        final Path victim = journalDir().resolve(CycleLedger.FILE_NAME);
        Files.write(victim, randomBytes(64));
        assertRefused(victim, "damaged");
    }

    @Test
    void aDirectoryOfForeignFilesIsNoJournal() throws IOException
    {
        Files.createDirectories(journalDir());
        final Path notes = journalDir().resolve("notes.txt");
        Files.writeString(notes, "not a journal\n");
        assertRefused(notes, "is not part of a journal", false);
    }

    @Test
    void aForeignFileBesideAJournalIsRefused() throws IOException
    {
        threeCycles();
        final Path stray = journalDir().resolve("20231114-2213.cq4");
        Files.write(stray, randomBytes(10));
        assertRefused(stray, "not one of this journal's roll cycle");
    }

    @Test
    void aJournalBeingWrittenPassesItsCheck() throws Exception
    {
        final AtomicBoolean stop = new AtomicBoolean();
        try (Journal journal = Journal.open(TestJournals.secondly(journalDir(), clock)))
        {
            final Thread writer = new Thread(() ->
            {
                final RecordWriter records = new RecordWriter();
                for (long n = 1; !stop.get() && n <= 200_000; n++)
                {
                    journal.append(TestRecords.record(records, n, 1));
                }
            }, "journal-writer");
            writer.start();
            try
            {
                for (int i = 0; i < 20 || writer.isAlive(); i++)
                {
                    final JournalInspection inspection = Journal.inspect(journalDir());
                    assertTrue(inspection.healthy(), "check " + i + " beside the writer: " + inspection);
                }
            }
            finally
            {
                stop.set(true);
                writer.join();
            }
        }
    }

    @Test
    void anEmptyDirectoryIsAFreshJournal() throws IOException
    {
        Files.createDirectories(journalDir());
        final JournalInspection inspection = Journal.inspect(journalDir());
        assertTrue(inspection.healthy(), inspection.toString());
        assertEquals(0, inspection.cycleFiles());
        final ToolRun verify = tool("verify");
        assertEquals(ToolExit.USAGE, verify.exitCode(), "a tool has no journal to read: " + verify.output());
        assertTrue(verify.output().contains(journalDir() + " is neither a journal directory"), verify.output());
        try (Journal journal = Journal.open(TestJournals.secondly(journalDir(), clock)))
        {
            assertEquals(Journal.NULL_POSITION, journal.lastPosition());
        }
    }

    @Test
    void aHealthyJournalPassesItsCheckWithItsRecordsCounted()
    {
        final List<Long> positions = threeCycles();
        final JournalInspection inspection = Journal.inspect(journalDir());
        assertTrue(inspection.healthy(), inspection.toString());
        assertEquals(3, inspection.cycleFiles());
        assertEquals(positions.size(), inspection.records());
    }

    /**
     * Every way into the journal refuses it, naming the file, and the directory is left exactly as it was.
     */
    private void assertRefused(final Path victim, final String reason) throws IOException
    {
        assertRefused(victim, reason, true);
    }

    /**
     * As above; a directory that holds no journal file at all is refused by the tools as neither a journal nor an
     * engine directory, before any check.
     */
    private void assertRefused(final Path victim, final String reason, final boolean journalFiles) throws IOException
    {
        final Map<String, String> before = state(journalDir());
        final String name = victim.getFileName().toString();

        final JournalInspection inspection = Journal.inspect(journalDir());
        assertFalse(inspection.healthy());
        assertTrue(inspection.problems().stream().anyMatch(problem -> problem.file().equals(victim.toAbsolutePath())
            && problem.reason().contains(reason)), inspection.toString());

        final JournalException writable = assertThrows(JournalException.class,
            () -> Journal.open(TestJournals.secondly(journalDir(), clock)).close());
        assertNamed(writable.getMessage(), name, reason);
        final JournalException readOnly = assertThrows(JournalException.class,
            () -> Journal.openReadOnly(journalDir()).close());
        assertNamed(readOnly.getMessage(), name, reason);
        final JournalException truncation = assertThrows(JournalException.class,
            () -> Journal.truncate(TestJournals.secondly(journalDir(), clock), 0, dir.resolve("dropped")));
        assertNamed(truncation.getMessage(), name, reason);

        for (final String command : List.of("verify", "stat", "dump"))
        {
            final ToolRun run = tool(command);
            if (journalFiles)
            {
                assertEquals(ToolExit.FAILED, run.exitCode(), command + ": " + run.output());
                assertNamed(run.output(), name, reason);
            }
            else
            {
                assertEquals(ToolExit.USAGE, run.exitCode(), command + ": " + run.output());
                assertTrue(run.output().contains(" is neither a journal directory"), run.output());
            }
        }
        assertEquals(before, state(journalDir()), "nothing in the journal directory changed");
        assertFalse(Files.exists(dir.resolve("dropped")));
        assertEquals(List.of("journal"), TestJournals.siblings(journalDir()), "nothing was created beside it");
    }

    private static void assertNamed(final String message, final String name, final String reason)
    {
        assertTrue(message.contains(name), message);
        assertTrue(message.contains(reason), message);
        assertFalse(message.contains("InternalError") || message.contains("\tat "), message);
    }

    /** Every file of a directory with its size, modification time and a CRC of its first megabyte. */
    private static Map<String, String> state(final Path directory) throws IOException
    {
        final Map<String, String> files = new TreeMap<>();
        try (Stream<Path> entries = Files.list(directory))
        {
            for (final Path file : entries.toList())
            {
                final CRC32 crc = new CRC32();
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
                {
                    final ByteBuffer head = ByteBuffer.allocate(1 << 20);
                    channel.read(head, 0);
                    crc.update(head.flip());
                }
                files.put(file.getFileName().toString(), Files.size(file) + " " +
                    Files.getLastModifiedTime(file).toMillis() + " " + Long.toHexString(crc.getValue()));
            }
        }
        return files;
    }

    private byte[] randomBytes(final int length)
    {
        final byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static void overwrite(final Path file, final long at, final byte[] bytes) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            final ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining())
            {
                channel.write(buffer, at + buffer.position());
            }
        }
    }

    private ToolRun tool(final String command)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final int code = new JournalTool(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(out, true, StandardCharsets.UTF_8)).run(command, journalDir().toString());
        return new ToolRun(code, out.toString(StandardCharsets.UTF_8));
    }

    private record ToolRun(int exitCode, String output)
    {
    }
}
