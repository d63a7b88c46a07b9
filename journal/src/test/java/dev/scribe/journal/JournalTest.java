package dev.scribe.journal;

import dev.scribe.codecs.CodecException;
import dev.scribe.codecs.journal.RecordWriter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalTest
{
    @TempDir
    Path dir;

    private Journal open()
    {
        return Journal.open(new JournalContext().directory(dir));
    }

    @Test
    void appendsAndReadsForwardBackwardByPageAndReplay()
    {
        final RecordWriter writer = new RecordWriter();
        final List<Long> positions = new ArrayList<>();
        try (Journal journal = open())
        {
            assertEquals(Journal.NULL_POSITION, journal.firstPosition());
            assertEquals(Journal.NULL_POSITION, journal.lastPosition());
            for (int n = 1; n <= 25; n++)
            {
                positions.add(journal.append(TestRecords.record(writer, n, n % 4)));
            }
            assertEquals(positions.get(0), journal.firstPosition());
            assertEquals(positions.get(24), journal.lastPosition());

            final List<Long> forward = new ArrayList<>();
            long cursor = Journal.NULL_POSITION;
            JournalPage page;
            do
            {
                page = journal.readForward(cursor, 7);
                for (final JournalEntry entry : page.entries())
                {
                    final long n = forward.size() + 1;
                    assertTrue(TestRecords.matches(entry.view(), n, (int)(n % 4)), "record " + n);
                    forward.add(entry.position());
                }
                cursor = page.nextCursor();
            }
            while (!page.end());
            assertEquals(positions, forward);

            final List<Long> backward = new ArrayList<>();
            cursor = Journal.NULL_POSITION;
            do
            {
                page = journal.readBackward(cursor, 6);
                for (final JournalEntry entry : page.entries())
                {
                    final long n = 25 - backward.size();
                    assertTrue(TestRecords.matches(entry.view(), n, (int)(n % 4)), "record " + n);
                    backward.add(entry.position());
                }
                cursor = page.nextCursor();
            }
            while (!page.end());
            Collections.reverse(backward);
            assertEquals(positions, backward);

            final List<Long> replayed = new ArrayList<>();
            assertEquals(15, journal.replay(positions.get(10), (position, record) -> replayed.add(position)));
            assertEquals(positions.subList(10, 25), replayed);
        }
    }

    @Test
    void tailerFollowsNewRecords()
    {
        final RecordWriter writer = new RecordWriter();
        try (Journal journal = open(); JournalTailer tailer = journal.tailer(Journal.NULL_POSITION))
        {
            final List<Long> seen = new ArrayList<>();
            assertEquals(0, tailer.poll((position, record) -> seen.add(record.correlationId()), 10));
            journal.append(TestRecords.record(writer, 1, 1));
            journal.append(TestRecords.record(writer, 2, 2));
            assertEquals(2, tailer.poll((position, record) -> seen.add(record.correlationId()), 10));
            journal.append(TestRecords.record(writer, 3, 0));
            assertEquals(1, tailer.poll((position, record) -> seen.add(record.correlationId()), 10));
            assertEquals(List.of(1L, 2L, 3L), seen);
        }
    }

    @Test
    void recordsSurviveReopen()
    {
        final RecordWriter writer = new RecordWriter();
        final long position;
        try (Journal journal = open())
        {
            position = journal.append(TestRecords.record(writer, 7, 3));
        }
        try (Journal journal = Journal.openReadOnly(dir))
        {
            final JournalPage page = journal.readForward(position, 10);
            assertEquals(1, page.entries().size());
            assertTrue(TestRecords.matches(page.entries().get(0).view(), 7, 3));
            assertThrows(JournalException.class, () -> journal.append(TestRecords.record(writer, 8, 1)));
        }
        try (Journal journal = open())
        {
            final long next = journal.append(TestRecords.record(writer, 8, 1));
            assertTrue(next > position);
        }
    }

    @Test
    void secondWriterIsRefusedWithAClearError()
    {
        try (Journal journal = open())
        {
            assertEquals(dir.toAbsolutePath(), journal.context().directory());
            final JournalException ex = assertThrows(JournalException.class, this::open);
            assertTrue(ex.getMessage().contains("already open for writing"), ex.getMessage());
            assertTrue(ex.getMessage().contains(dir.toAbsolutePath().toString()), ex.getMessage());
        }
        open().close();
    }

    @Test
    void appendOfForeignBytesChecksThemFirst()
    {
        final RecordWriter writer = TestRecords.record(new RecordWriter(), 5, 2);
        final byte[] bytes = new byte[writer.length()];
        writer.buffer().getBytes(0, bytes);
        try (Journal journal = open())
        {
            final long position = journal.append(new UnsafeBuffer(bytes), 0, bytes.length);
            bytes[bytes.length - 3] ^= 1;
            assertThrows(CodecException.class, () -> journal.append(new UnsafeBuffer(bytes), 0, bytes.length));
            assertEquals(position, journal.lastPosition());
        }
    }

    @Test
    void oversizedRecordIsRefused()
    {
        final RecordWriter writer = new RecordWriter();
        final byte[] big = new byte[2048];
        writer.begin(1, 1, 1, 1).aggregate("a", 1).event(0, 1, 1, new UnsafeBuffer(big), 0, big.length).finish();
        try (Journal journal = Journal.open(new JournalContext().directory(dir).maxRecordBytes(1024)))
        {
            final JournalException ex = assertThrows(JournalException.class, () -> journal.append(writer));
            assertTrue(ex.getMessage().contains("maxRecordBytes"), ex.getMessage());
            assertEquals(Journal.NULL_POSITION, journal.lastPosition());
            assertFalse(journal.readForward(Journal.NULL_POSITION, 1).entries().size() > 0);
        }
    }

    @Test
    void contextNamesTheBadSetting()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> new JournalContext().directory(dir).maxRecordBytes(-5).conclude());
        assertTrue(ex.getMessage().contains("maxRecordBytes"), ex.getMessage());
    }

    @Test
    void contextRefusesAFileSystemRootAsTheDirectory()
    {
        // a truncation builds its copy beside the directory, and a root has no beside
        final Path root = dir.toAbsolutePath().getRoot();
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> new JournalContext().directory(root).conclude());
        assertTrue(ex.getMessage().contains("directory must not be a file system root"), ex.getMessage());
    }

    @Test
    void appendsAndTailersMayMoveBetweenThreads() throws Exception
    {
        final RecordWriter writer = new RecordWriter();
        try (Journal journal = open(); JournalTailer tailer = journal.tailer(Journal.NULL_POSITION))
        {
            journal.append(TestRecords.record(writer, 1, 1));
            final ExecutorService other = Executors.newSingleThreadExecutor();
            try
            {
                other.submit(() -> journal.append(TestRecords.record(new RecordWriter(), 2, 1))).get();
                final List<Long> seen = new ArrayList<>();
                other.submit(() -> tailer.poll((position, record) -> seen.add(record.correlationId()), 10)).get();
                assertEquals(List.of(1L, 2L), seen);
            }
            finally
            {
                other.shutdownNow();
            }
            journal.append(TestRecords.record(writer, 3, 1));
            assertEquals(1, tailer.poll((position, record) -> assertEquals(3, record.correlationId()), 10));
        }
    }
}
