package dev.scribe.journal;

import dev.scribe.codecs.journal.RecordWriter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Appending a record allocates nothing in steady state.
 */
class JournalAllocationTest
{
    @TempDir
    Path dir;

    @Test
    void appendAllocatesNothingOnceWarm()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
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

    private static void append(final Journal journal, final RecordWriter writer, final UnsafeBuffer payload,
        final int i)
    {
        writer.begin(1, i, i, 0).aggregate("acc-1", i).event(0, 7, 1, payload, 0, 64).finish();
        journal.append(writer);
    }
}
