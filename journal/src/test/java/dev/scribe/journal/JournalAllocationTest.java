package dev.scribe.journal;

import com.sun.management.ThreadMXBean;
import dev.scribe.codecs.journal.RecordWriter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Appending a record, at the next position or at a given one, allocates nothing in steady state.
 */
class JournalAllocationTest
{
    @TempDir
    Path dir;

    @Test
    void appendAllocatesNothingOnceWarm()
    {
        final ThreadMXBean threads =
            (ThreadMXBean)ManagementFactory.getThreadMXBean();
        final RecordWriter writer = new RecordWriter();
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[64]);
        try (Journal journal = Journal.open(new JournalContext().directory(dir)))
        {
            for (int i = 0; i < 200_000; i++)
            {
                append(journal, writer, payload, i);
            }
            final long before = threads.getCurrentThreadAllocatedBytes();
            final int records = 200_000;
            for (int i = 0; i < records; i++)
            {
                append(journal, writer, payload, i);
            }
            final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated < 16 * 1024, "appending " + records + " records allocated " + allocated +
                " bytes (" + allocated / (double)records + " per record)");
        }
    }

    @Test
    void batchesAllocateNothingOnceWarm()
    {
        final ThreadMXBean threads =
            (ThreadMXBean)ManagementFactory.getThreadMXBean();
        final RecordWriter writer = new RecordWriter();
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[64]);
        final UnsafeBuffer received = new UnsafeBuffer(new byte[1024]);
        try (Journal journal = Journal.open(new JournalContext().directory(dir)))
        {
            long position = Journal.NULL_POSITION;
            for (int round = 0; round < 2; round++)
            {
                final long before = threads.getCurrentThreadAllocatedBytes();
                final int batches = 10_000;
                for (int b = 0; b < batches; b++)
                {
                    journal.beginBatch();
                    for (int i = 0; i < 16; i++)
                    {
                        append(journal, writer, payload, i);
                    }
                    position = journal.commitBatch();
                    journal.beginBatch();
                    for (int i = 0; i < 16; i++)
                    {
                        position = appendAt(journal, writer, payload, received, position + 1, i);
                    }
                    journal.commitBatch();
                }
                final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                assertTrue(0 == round || allocated < 16 * 1024, "appending " + batches + " batches of 16 records " +
                    "and 16 at their positions allocated " + allocated + " bytes");
            }
            assertEquals(position, journal.lastPosition());
        }
    }

    @Test
    void appendAtAllocatesNothingOnceWarm()
    {
        final ThreadMXBean threads =
            (ThreadMXBean)ManagementFactory.getThreadMXBean();
        final RecordWriter writer = new RecordWriter();
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[64]);
        final UnsafeBuffer received = new UnsafeBuffer(new byte[1024]);
        try (Journal journal = Journal.open(new JournalContext().directory(dir)))
        {
            writer.begin(1, 0, 0, 0).aggregate("acc-1", 0).finish();
            long position = journal.append(writer);
            for (int i = 0; i < 200_000; i++)
            {
                position = appendAt(journal, writer, payload, received, position + 1, i);
            }
            final long before = threads.getCurrentThreadAllocatedBytes();
            final int records = 200_000;
            for (int i = 0; i < records; i++)
            {
                position = appendAt(journal, writer, payload, received, position + 1, i);
            }
            final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated < 16 * 1024, "appending " + records + " records at their positions allocated " +
                allocated + " bytes (" + allocated / (double)records + " per record)");
            assertEquals(position, journal.lastPosition());
        }
    }

    /** As a standby does: the record arrives as bytes in a receive buffer, with the primary's position. */
    private static long appendAt(final Journal journal, final RecordWriter writer, final UnsafeBuffer payload,
        final UnsafeBuffer received, final long position, final int i)
    {
        writer.begin(1, i, i, 0).aggregate("acc-1", i).event(0, 7, 1, payload, 0, 64).finish();
        received.putBytes(0, writer.buffer(), 0, writer.length());
        return journal.appendAt(position, received, 0, writer.length());
    }

    private static void append(final Journal journal, final RecordWriter writer, final UnsafeBuffer payload,
        final int i)
    {
        writer.begin(1, i, i, 0).aggregate("acc-1", i).event(0, 7, 1, payload, 0, 64).finish();
        journal.append(writer);
    }
}
