package dev.scribe.codecs.payload;

import com.sun.management.ThreadMXBean;
import dev.scribe.codecs.payload.RecordFixtures.Primitives;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Steady-state allocation of the record codec: encoding allocates nothing and decoding allocates no more than
 * constructing the record directly (no boxing of primitive components, no argument arrays, no cursor).
 */
class RecordCodecAllocationTest
{
    private static final int OPERATIONS = 100_000;
    private static final int ROUNDS = 3;

    private final Object[] sink = new Object[16];

    @Test
    void encodeAllocatesNothingAndDecodeOnlyTheRecord()
    {
        final Object bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof ThreadMXBean);
        final ThreadMXBean threads = (ThreadMXBean)bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());

        final RecordCodec<Primitives> codec = RecordCodec.of(Primitives.class, 1, 1);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
        final Primitives value = new Primitives(true, (byte)1, (short)2, 'c', 3, 4L, 5.0f, 6.0);

        long encoded = 0;
        long decoded = 0;
        long constructed = 0;
        for (int round = 0; round < ROUNDS; round++)
        {
            final long start = threads.getCurrentThreadAllocatedBytes();
            encode(codec, buffer, value);
            final long afterEncode = threads.getCurrentThreadAllocatedBytes();
            decode(codec, buffer);
            final long afterDecode = threads.getCurrentThreadAllocatedBytes();
            construct();
            final long afterConstruct = threads.getCurrentThreadAllocatedBytes();
            encoded = afterEncode - start;
            decoded = afterDecode - afterEncode;
            constructed = afterConstruct - afterDecode;
        }

        assertEquals(0, encoded / OPERATIONS, "bytes per encode, " + encoded + " in total");
        assertTrue(constructed / OPERATIONS > 0, "the reference loop must allocate the record");
        assertTrue(decoded / OPERATIONS <= constructed / OPERATIONS,
            "bytes per decode " + decoded / OPERATIONS + " vs per constructor call " + constructed / OPERATIONS);
    }

    private static void encode(final RecordCodec<Primitives> codec, final UnsafeBuffer buffer, final Primitives value)
    {
        for (int i = 0; i < OPERATIONS; i++)
        {
            codec.encode(value, buffer, i & 63);
        }
    }

    private void decode(final RecordCodec<Primitives> codec, final UnsafeBuffer buffer)
    {
        final int length = codec.encode(new Primitives(false, (byte)0, (short)0, 'x', 0, 0L, 0f, 0d), buffer, 8);
        for (int i = 0; i < OPERATIONS; i++)
        {
            buffer.putInt(8 + 6, i, ByteOrder.LITTLE_ENDIAN);
            sink[i & 15] = codec.decode(buffer, 8, length);
        }
    }

    private void construct()
    {
        for (int i = 0; i < OPERATIONS; i++)
        {
            sink[i & 15] = new Primitives(false, (byte)0, (short)0, 'x', i, 0L, 0f, 0d);
        }
    }
}
