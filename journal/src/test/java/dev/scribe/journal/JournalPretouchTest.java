package dev.scribe.journal;

import dev.scribe.codecs.journal.RecordWriter;
import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A writable journal brings the pages ahead of its writer in on a thread of its own, which starts with the first
 * append, stops at close, changes no record, and never fails an append.
 */
class JournalPretouchTest
{
    private static final String THREAD = "scribe-journal-pretouch";

    @TempDir
    Path dir;

    private final RecordWriter writer = new RecordWriter();

    @Test
    void thePretouchingThreadRunsFromTheFirstAppendUntilClose()
    {
        final long before = threads();
        try (Journal journal = Journal.open(new JournalContext().directory(dir.resolve("j"))))
        {
            assertEquals(before, threads(), "nothing starts before the first append");
            journal.beginBatch();
            for (int n = 1; n <= 500; n++)
            {
                journal.append(TestRecords.record(writer, n, 2));
            }
            journal.commitBatch();
            assertEquals(before + 1, threads(), "one pretouching thread once the journal is written");
            assertEquals(500, TestJournals.readAll(journal).size());
        }
        Deadlines.await(() -> threads() == before, "the pretouching thread to stop when the journal closes");
    }

    @Test
    void aJournalThatDoesNotPretouchStartsNoThreadAndReadsTheSame()
    {
        final long before = threads();
        try (Journal journal = Journal.open(new JournalContext().directory(dir.resolve("j")).pretouchBytes(0)))
        {
            for (int n = 1; n <= 50; n++)
            {
                journal.append(TestRecords.record(writer, n, 1));
            }
            assertEquals(before, threads());
            assertEquals(50, TestJournals.readAll(journal).size());
        }
    }

    @Test
    void aReadOnlyJournalDoesNotPretouch()
    {
        try (Journal journal = Journal.open(new JournalContext().directory(dir)))
        {
            journal.append(TestRecords.record(writer, 1, 1));
        }
        final long before = threads();
        try (Journal reader = Journal.openReadOnly(dir))
        {
            assertEquals(1, TestJournals.readAll(reader).size());
            assertEquals(before, threads());
        }
    }

    @Test
    void thePagesAheadOfTheWriterAreReadUpToTheDistanceOrTheFileEndAndNothingIsWritten() throws IOException
    {
        final Path file = dir.resolve("cycle.cq4");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.setLength(4L * JournalPretoucher.CHUNK_BYTES + 100);
        }
        try (JournalPretoucher pretoucher = new JournalPretoucher(2L * JournalPretoucher.CHUNK_BYTES, THREAD))
        {
            pretoucher.wrote(file.toFile(), 10);
            Deadlines.await(() -> pretoucher.touched() >= 10 + 2L * JournalPretoucher.CHUNK_BYTES,
                "the pages two chunks ahead of position 10 to be read");
            final long ahead = pretoucher.touched();
            assertTrue(ahead < 10 + 3L * JournalPretoucher.CHUNK_BYTES, "no more than a chunk past the distance");
            pretoucher.wrote(file.toFile(), 3L * JournalPretoucher.CHUNK_BYTES);
            Deadlines.await(() -> pretoucher.touched() == 4L * JournalPretoucher.CHUNK_BYTES + 100,
                "the pages up to the file's end to be read");
        }
        assertEquals(4L * JournalPretoucher.CHUNK_BYTES + 100, Files.size(file), "the file is as it was");
        final byte[] bytes = Files.readAllBytes(file);
        for (final byte b : bytes)
        {
            assertEquals(0, b);
        }
    }

    @Test
    void aFileThatCannotBeReadIsSkippedAndTheNextOneIsPretouched() throws IOException
    {
        final Path next = dir.resolve("next.cq4");
        try (RandomAccessFile raf = new RandomAccessFile(next.toFile(), "rw"))
        {
            raf.setLength(JournalPretoucher.CHUNK_BYTES);
        }
        try (JournalPretoucher pretoucher = new JournalPretoucher(JournalPretoucher.CHUNK_BYTES, THREAD))
        {
            pretoucher.wrote(dir.resolve("missing.cq4").toFile(), 0);
            pretoucher.wrote(next.toFile(), 0);
            Deadlines.await(() -> pretoucher.touched() == JournalPretoucher.CHUNK_BYTES,
                "the readable file to be pretouched after the missing one");
        }
    }

    @Test
    void aPretouchDistanceOutOfRangeIsRefusedNamingTheSetting()
    {
        final IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
            () -> Journal.open(new JournalContext().directory(dir).pretouchBytes(-2)).close());
        assertTrue(negative.getMessage().contains("pretouchBytes"), negative.getMessage());
        assertFalse(Files.exists(dir.resolve(JournalFormat.MARKER_FILE)), "nothing is created");
    }

    private static long threads()
    {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(t -> THREAD.equals(t.getName()) && t.isAlive()).count();
    }
}
