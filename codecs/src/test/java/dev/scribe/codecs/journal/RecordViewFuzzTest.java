package dev.scribe.codecs.journal;

import com.sun.management.ThreadMXBean;
import dev.scribe.codecs.CodecException;
import dev.scribe.codecs.journal.RecordFixtures.BufferKind;
import dev.scribe.codecs.journal.RecordFixtures.RecordSpec;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.management.ManagementFactory;
import java.util.Random;

import static dev.scribe.codecs.journal.RecordFixtures.CRC_OFFSET;
import static dev.scribe.codecs.journal.RecordFixtures.FORMAT_VERSION_OFFSET;
import static dev.scribe.codecs.journal.RecordFixtures.GROUPS_OFFSET;
import static dev.scribe.codecs.journal.RecordFixtures.MIN_LENGTH;
import static dev.scribe.codecs.journal.RecordFixtures.putU16;
import static dev.scribe.codecs.journal.RecordFixtures.reseal;
import static dev.scribe.codecs.journal.RecordFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whatever bytes {@link RecordView#wrap} is given, it either accepts them as a record whose every accessor stays
 * inside it, or throws a {@link CodecException}; never another exception, and never a large allocation driven by a
 * count or length read from the bytes.
 */
class RecordViewFuzzTest
{
    /**
     * A failed wrap allocates its exception, message and stack trace; a view sized by a forged count of 0xFFFF would
     * allocate 256 KiB more.
     */
    private static final long MAX_ALLOCATED_BYTES_PER_WRAP = 64 * 1024;
    private static final ThreadMXBean THREADS = (ThreadMXBean)ManagementFactory.getThreadMXBean();

    private final RecordView view = new RecordView();
    private final RecordWriter writer = new RecordWriter(64);

    @BeforeContainer
    static void enableAllocationCounting()
    {
        THREADS.setThreadAllocatedMemoryEnabled(true);
    }

    @Property(tries = 1000)
    void randomBytesAreRejectedWithACodecException(
        @ForAll @Size(max = 300) final byte[] bytes,
        @ForAll final BufferKind kind,
        @ForAll @IntRange(max = 9) final int offset,
        @ForAll @IntRange(min = -3, max = 3) final int lengthDelta)
    {
        final UnsafeBuffer buffer = kind.allocate(offset + bytes.length);
        buffer.putBytes(offset, bytes);
        wrapChecked(buffer, offset, bytes.length + lengthDelta);
    }

    @Property(tries = 1000)
    void randomBodiesBehindAValidHeaderAndCrcAreHandled(
        @ForAll @Size(min = MIN_LENGTH, max = 300) final byte[] bytes,
        @ForAll final BufferKind kind,
        @ForAll @IntRange(max = 9) final int offset,
        @ForAll final boolean validGroupHeaders,
        @ForAll final Random random)
    {
        final UnsafeBuffer buffer = kind.allocate(offset + bytes.length);
        buffer.putBytes(offset, bytes);
        putU16(buffer, offset, 38);
        putU16(buffer, offset + 2, 1);
        putU16(buffer, offset + 4, 7301);
        putU16(buffer, offset + 6, 1);
        putU16(buffer, offset + FORMAT_VERSION_OFFSET, 1);
        if (validGroupHeaders)
        {
            // Small counts, so that parsing gets past the group headers into the entries more often.
            putU16(buffer, offset + GROUPS_OFFSET, 8);
            putU16(buffer, offset + GROUPS_OFFSET + 2, random.nextInt(4));
        }
        reseal(buffer, offset, bytes.length);
        wrapChecked(buffer, offset, bytes.length);
    }

    @Property(tries = 500)
    void validRecordsWithBytesOverwrittenAndResealedAreHandled(
        @ForAll(supplier = RecordArbitraries.Records.class) final RecordSpec spec,
        @ForAll final BufferKind kind,
        @ForAll @IntRange(min = 1, max = 8) final int overwrites,
        @ForAll final boolean forgeCounts,
        @ForAll final Random random)
    {
        final int length = write(writer, spec);
        final int offset = random.nextInt(8);
        final UnsafeBuffer buffer = kind.allocate(offset + length);
        writer.copyTo(buffer, offset);
        for (int i = 0; i < overwrites; i++)
        {
            // Past the header and checksum, where the structure is; the header is covered elsewhere.
            final int at = offset + CRC_OFFSET + 4 + random.nextInt(length - (CRC_OFFSET + 4));
            if (forgeCounts && at + 1 < offset + length)
            {
                putU16(buffer, at, random.nextBoolean() ? 0xFFFF : random.nextInt(0x10000));
            }
            else
            {
                buffer.putByte(at, (byte)random.nextInt());
            }
        }
        reseal(buffer, offset, length);
        wrapChecked(buffer, offset, length);
    }

    @Property(tries = 200)
    void forgedMaximumCountsAllocateLittle(
        @ForAll(supplier = RecordArbitraries.Records.class) final RecordSpec spec,
        @ForAll final boolean events)
    {
        final int length = write(writer, spec);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[length]);
        writer.copyTo(buffer, 0);
        final int countAt = events ? RecordFixtures.positions(spec).eventsHeader() + 2 : GROUPS_OFFSET + 2;
        putU16(buffer, countAt, 0xFFFF);
        reseal(buffer, 0, length);
        assertFalse(wrapChecked(buffer, 0, length));
    }

    /**
     * Wrap twice (the first call may link call sites and load classes), measuring the second; then, if the bytes
     * were accepted, read everything and check that it lies inside the record.
     */
    private boolean wrapChecked(final UnsafeBuffer buffer, final int offset, final int length)
    {
        final boolean accepted = wrap(buffer, offset, length);
        final long before = THREADS.getCurrentThreadAllocatedBytes();
        final boolean acceptedAgain = wrap(buffer, offset, length);
        final long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        assertEquals(accepted, acceptedAgain);
        assertTrue(allocated < MAX_ALLOCATED_BYTES_PER_WRAP, "wrap allocated " + allocated + " bytes");
        if (accepted)
        {
            assertInsideRecord(offset, length);
        }
        return accepted;
    }

    private boolean wrap(final UnsafeBuffer buffer, final int offset, final int length)
    {
        try
        {
            view.wrap(buffer, offset, length);
            return true;
        }
        catch (final CodecException ex)
        {
            assertTrue(null != ex.field() && !ex.field().isEmpty(), ex.getMessage());
            assertTrue(ex.offset() == CodecException.NO_OFFSET || ex.offset() >= 0, ex.getMessage());
            return false;
        }
    }

    private void assertInsideRecord(final int offset, final int length)
    {
        final int end = offset + length;
        assertEquals(1, view.formatVersion());
        view.epoch();
        view.timestampNs();
        view.correlationId();
        view.causationId();
        for (int i = 0; i < view.aggregateCount(); i++)
        {
            view.aggregateVersion(i);
            view.aggregateId(i);
            assertWithin(view.aggregateIdOffset(i), view.aggregateIdLength(i), offset, end);
        }
        for (int i = 0; i < view.eventCount(); i++)
        {
            assertTrue(view.eventAggregateIndex(i) < view.aggregateCount());
            view.eventTypeId(i);
            view.eventVersion(i);
            assertWithin(view.payloadOffset(i), view.payloadLength(i), offset, end);
        }
        view.idempotencyKey();
        assertWithin(view.idempotencyKeyOffset(), view.idempotencyKeyLength(), offset, end);
        assertEquals(end, view.idempotencyKeyOffset() + view.idempotencyKeyLength());
    }

    private static void assertWithin(final int at, final int length, final int start, final int end)
    {
        assertTrue(length >= 0 && at >= start && at <= end - length, at + "+" + length + " not in [" + start +
            ", " + end + ")");
    }
}
