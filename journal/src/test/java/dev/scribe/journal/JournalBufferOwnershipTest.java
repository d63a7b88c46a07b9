package dev.scribe.journal;

import dev.scribe.codecs.journal.RecordWriter;
import net.openhft.chronicle.core.io.BackgroundResourceReleaser;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The journal reads the caller's record buffers but never frees them: a writer outlives the journals it appends to.
 * A freed direct buffer shows as a drop in the JVM's direct memory by about its capacity. Chronicle frees released
 * memory on a background thread, so each check first waits for it to finish what is pending.
 */
class JournalBufferOwnershipTest
{
    /** Large, so that no other buffer allocated or freed meanwhile could account for a drop of half of it. */
    private static final int WRITER_CAPACITY = 48 * 1024 * 1024;
    private static final long FREED_THRESHOLD = WRITER_CAPACITY / 2;

    @TempDir
    Path dir;

    @Test
    void closingTheJournalLeavesTheWriterBufferAlone()
    {
        final RecordWriter writer = new RecordWriter(WRITER_CAPACITY);
        final long usedBefore;
        try (Journal journal = Journal.open(new JournalContext().directory(dir.resolve("a"))))
        {
            journal.append(TestRecords.record(writer, 1, 1));
            usedBefore = directMemoryUsed();
        }
        assertTrue(usedBefore - directMemoryUsed() < FREED_THRESHOLD, "the writer's buffer was freed");

        try (Journal journal = Journal.open(new JournalContext().directory(dir.resolve("b"))))
        {
            final long position = journal.append(TestRecords.record(writer, 2, 1));
            assertTrue(TestRecords.matches(journal.readForward(position, 1).entries().get(0).view(), 2, 1));
        }
    }

    @Test
    void switchingBetweenWriterAndBufferAppendsFreesNeither()
    {
        final RecordWriter writer = new RecordWriter(WRITER_CAPACITY);
        try (Journal journal = Journal.open(new JournalContext().directory(dir)))
        {
            journal.append(TestRecords.record(writer, 1, 1));
            final long usedBefore = directMemoryUsed();
            final RecordWriter other = TestRecords.record(new RecordWriter(), 2, 1);
            journal.append(new UnsafeBuffer(other.buffer(), 0, other.length()), 0, other.length());
            assertTrue(usedBefore - directMemoryUsed() < FREED_THRESHOLD, "the writer's buffer was freed");
            journal.append(TestRecords.record(writer, 3, 1));

            final long[] n = {0};
            assertEquals(3, journal.replay(Journal.NULL_POSITION,
                (position, record) -> assertTrue(TestRecords.matches(record, ++n[0], 1), "record " + n[0])));
        }
    }

    private static long directMemoryUsed()
    {
        BackgroundResourceReleaser.releasePendingResources();
        for (final BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class))
        {
            if ("direct".equals(pool.getName()))
            {
                return pool.getMemoryUsed();
            }
        }
        throw new IllegalStateException("no direct buffer pool");
    }
}
