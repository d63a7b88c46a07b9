package dev.scribe.codecs.payload;

import com.sun.management.ThreadMXBean;
import dev.scribe.codecs.CodecException;
import dev.scribe.codecs.example.sbe.MessageHeaderDecoder;
import dev.scribe.codecs.payload.DepositedFlyweightCodec.MutableDeposited;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class DepositedFlyweightCodecTest
{
    private static final int OPERATIONS = 100_000;
    private static final int OFFSET = 13;

    private final CodecRegistry registry = new CodecRegistry().register(new DepositedFlyweightCodec());

    @Test
    void roundTripsThroughTheRegistry()
    {
        final PayloadCodec<MutableDeposited> codec = registry.codecFor(MutableDeposited.class);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4);
        final int length = codec.encode(new MutableDeposited().accountId(7).amount(-250), buffer, OFFSET);

        final PayloadCodec<?> byTypeId = registry.codecFor(DepositedFlyweightCodec.TYPE_ID, 0);
        assertSame(codec, byTypeId);
        final MutableDeposited decoded = (MutableDeposited)byTypeId.decode(buffer, OFFSET, length);
        assertEquals(7, decoded.accountId());
        assertEquals(-250, decoded.amount());
        assertEquals(8 + 16, length);
    }

    @Test
    void rejectsBadHeadersAndLengths()
    {
        final DepositedFlyweightCodec codec = new DepositedFlyweightCodec();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        final int length = codec.encode(new MutableDeposited().accountId(1).amount(2), buffer, OFFSET);

        assertEquals("messageHeader", assertThrows(
            CodecException.class, () -> codec.decode(buffer, OFFSET, 7)).field());
        assertEquals("messageHeader.blockLength", assertThrows(
            CodecException.class, () -> codec.decode(buffer, OFFSET, length - 1)).field());
        assertEquals("messageHeader.blockLength", assertThrows(
            CodecException.class, () -> codec.decode(buffer, OFFSET, length + 1)).field());
        assertEquals("Deposited", assertThrows(
            CodecException.class, () -> codec.decode(buffer, OFFSET, 64)).field());

        buffer.putShort(OFFSET + MessageHeaderDecoder.templateIdEncodingOffset(), (short)2, ByteOrder.LITTLE_ENDIAN);
        final CodecException template = assertThrows(CodecException.class, () -> codec.decode(buffer, OFFSET, length));
        assertEquals("messageHeader.templateId", template.field());
        assertEquals(OFFSET + 2, template.offset());

        buffer.putShort(OFFSET + MessageHeaderDecoder.schemaIdEncodingOffset(), (short)1, ByteOrder.LITTLE_ENDIAN);
        assertEquals("messageHeader.schemaId", assertThrows(
            CodecException.class, () -> codec.decode(buffer, OFFSET, length)).field());

        assertEquals("Deposited", assertThrows(
            CodecException.class, () -> codec.encode(new MutableDeposited(), new UnsafeBuffer(new byte[20]), 0))
            .field());
    }

    @Test
    void allocatesNothingPerOperationInSteadyState()
    {
        final Object bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof ThreadMXBean);
        final ThreadMXBean threads = (ThreadMXBean)bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());

        @SuppressWarnings("unchecked")
        final PayloadCodec<MutableDeposited> codec =
            (PayloadCodec<MutableDeposited>)registry.codecFor(DepositedFlyweightCodec.TYPE_ID, 0);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final MutableDeposited value = new MutableDeposited();

        long checksum = encodeAndDecode(codec, buffer, value, 0);
        checksum += encodeAndDecode(codec, buffer, value, 1);
        final long before = threads.getCurrentThreadAllocatedBytes();
        checksum += encodeAndDecode(codec, buffer, value, 2);
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertEquals(0, allocated / OPERATIONS, "bytes allocated per encode+decode, " + allocated + " in total");
        assertEquals(3L * OPERATIONS * (OPERATIONS - 1) / 2, checksum);
    }

    private static long encodeAndDecode(
        final PayloadCodec<MutableDeposited> codec, final UnsafeBuffer buffer, final MutableDeposited value,
        final int round)
    {
        long checksum = 0;
        for (int i = 0; i < OPERATIONS; i++)
        {
            final int offset = (i + round) & 63;
            final int length = codec.encode(value.accountId(round).amount(i), buffer, offset);
            checksum += codec.decode(buffer, offset, length).amount();
        }
        return checksum;
    }
}
