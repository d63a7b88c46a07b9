package dev.scribe.codecs.journal;

import com.sun.management.ThreadMXBean;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Writing a record, checking it and reading its primitive fields allocates nothing once warmed up, over the writer's
 * own off-heap buffer and over a heap copy.
 */
class RecordAllocationTest
{
    private static final int WARM_UP_CYCLES = 200_000;
    private static final int MEASURED_CYCLES = 200_000;
    /** Slack for measurement noise: one 16-byte object per cycle would already come to 3.2 MB. */
    private static final long MAX_ALLOCATED_BYTES = 1024;

    private final RecordWriter writer = new RecordWriter();
    private final RecordView view = new RecordView();
    private final UnsafeBuffer payload = new UnsafeBuffer(ByteBuffer.allocateDirect(64));
    private final UnsafeBuffer heapCopy = new UnsafeBuffer(new byte[4096]);

    @Test
    void writeWrapAndReadAllocateNothing()
    {
        final ThreadMXBean threads = (ThreadMXBean)ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported());
        threads.setThreadAllocatedMemoryEnabled(true);
        for (int i = 0; i < payload.capacity(); i++)
        {
            payload.putByte(i, (byte)i);
        }

        long sum = run(WARM_UP_CYCLES);
        threads.getCurrentThreadAllocatedBytes();

        final long before = threads.getCurrentThreadAllocatedBytes();
        sum += run(MEASURED_CYCLES);
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertTrue(allocated < MAX_ALLOCATED_BYTES, "allocated " + allocated + " bytes in " + MEASURED_CYCLES +
            " cycles (sum " + sum + ")");
        assertEquals(MEASURED_CYCLES - 1, view.epoch());
        assertEquals(3, view.eventCount());
        assertEquals("key-1", view.idempotencyKey());
    }

    private long run(final int cycles)
    {
        long sum = 0;
        for (int i = 0; i < cycles; i++)
        {
            sum += cycle(i);
        }
        return sum;
    }

    private long cycle(final int i)
    {
        final int length = writer
            .begin(i, 1_000L * i, i + 1, i - 1)
            .aggregate("account-1", i)
            .aggregate("account-2", i + 1L)
            .event(0, 10, 1, payload, 0, 32)
            .event(1, 11, 2, payload, 32, 16)
            .event(0, 12, 65535, payload, 48, 0)
            .idempotencyKey("key-1")
            .finish();
        long sum = read(view.wrap(writer.buffer(), 0, length));
        writer.copyTo(heapCopy, 7);
        sum += read(view.wrap(heapCopy, 7, length));
        return sum;
    }

    private static long read(final RecordView view)
    {
        long sum = view.crc32c() + view.formatVersion() + view.epoch() + view.timestampNs() + view.correlationId() +
            view.causationId() + view.length() + view.offset();
        for (int i = 0; i < view.aggregateCount(); i++)
        {
            sum += view.aggregateVersion(i) + view.aggregateIdOffset(i) + view.aggregateIdLength(i);
        }
        for (int i = 0; i < view.eventCount(); i++)
        {
            sum += view.eventAggregateIndex(i) + view.eventTypeId(i) + view.eventVersion(i) + view.payloadOffset(i) +
                view.payloadLength(i);
        }
        return sum + view.idempotencyKeyOffset() + view.idempotencyKeyLength();
    }
}
