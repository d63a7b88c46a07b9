package dev.scribe.replication.protocol;

import com.sun.management.ThreadMXBean;
import dev.scribe.replication.sbe.AckDecoder;
import dev.scribe.replication.sbe.NodeRole;
import dev.scribe.replication.sbe.RejectCode;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

import static dev.scribe.replication.protocol.Frames.BLOCK;
import static dev.scribe.replication.protocol.Frames.BLOCK_LENGTH_AT;
import static dev.scribe.replication.protocol.Frames.SCHEMA_ID_AT;
import static dev.scribe.replication.protocol.Frames.TEMPLATE_ID_AT;
import static dev.scribe.replication.protocol.Frames.VERSION_AT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every kind of bad frame is a {@link ProtocolException} whose message says what was wrong, found before any
 * decoder sees the frame; and a lying length costs no allocation.
 */
class FrameReaderBadInputTest
{
    private static final ThreadMXBean THREADS = (ThreadMXBean)ManagementFactory.getThreadMXBean();
    private static final byte[] NONCE = new byte[16];

    private static final byte[] ACK = Frames.encode(w -> w.writeAck(5L, 6L));
    private static final byte[] HELLO = Frames.encode(
        w -> w.writeHello(1, NodeRole.STANDBY, 2, 3L, 4L, NONCE, "prod"));
    private static final byte[] WELCOME = Frames.encode(
        w -> w.writeWelcome(new Welcome(NodeRole.PRIMARY, 1, 1, 1, 1, -1), new byte[32]));
    private static final byte[] REJECT = Frames.encode(w -> w.writeReject(RejectCode.BUSY, 1L, "busy"));
    private static final byte[] RECORD = Frames.encode(
        w -> w.writeRecord(1L, 1L, new UnsafeBuffer(new byte[10]), 0, 10));

    @BeforeAll
    static void enableAllocationCounting()
    {
        THREADS.setThreadAllocatedMemoryEnabled(true);
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 1, 2, 3, 4, 5, 6, 7})
    void aLengthBelowTheHeaderIsRefused(final int length)
    {
        assertRefused(Frames.frame(length, new byte[64]), "frame length " + length +
            " is below the minimum 8 (the message header)");
    }

    @ParameterizedTest
    @ValueSource(ints = {Frames.MAX + 1, 1 << 20, Integer.MAX_VALUE})
    void aLengthAboveMaxFrameBytesIsRefusedBeforeReadingOrAllocating(final int length) throws IOException
    {
        final byte[] lying = Frames.frame(length, new byte[64]);
        final ProtocolException ex = failWithinAllocationBudget(lying);
        assertEquals("frame length " + length + " exceeds maxFrameBytes " + Frames.MAX, ex.getMessage());
    }

    @Test
    void aLengthLargerThanTheBytesThatFollowIsAClosedConnectionMidFrame() throws IOException
    {
        final byte[] lying = Frames.withI32(ACK, 0, Frames.MAX);
        final ProtocolException ex = failWithinAllocationBudget(lying);
        assertEquals("connection closed mid-frame (read 24 of 4096 bytes)", ex.getMessage());
    }

    @Test
    void everyTruncationIsRefused() throws IOException
    {
        for (final byte[] frame : new byte[][]{ACK, HELLO, WELCOME, REJECT, RECORD})
        {
            for (int length = 1; length < frame.length; length++)
            {
                final byte[] cut = Arrays.copyOf(frame, length);
                final ProtocolException ex = assertThrows(ProtocolException.class, () -> Frames.reader(cut).read());
                assertTrue(ex.getMessage().startsWith("connection closed mid-frame ("), ex.getMessage());
                assertEquals(RejectCode.BAD_FRAME, ex.code());
            }
            assertEquals(FrameReader.END_OF_STREAM, Frames.reader(new byte[0]).read());
        }
    }

    @Test
    void aWrongSchemaIdIsRefused()
    {
        assertRefused(Frames.withU16(ACK, SCHEMA_ID_AT, 7301), "schema id 7301, expected 7302");
    }

    @Test
    void aWrongVersionIsRefusedAsBadVersion()
    {
        final ProtocolException ex = assertRefused(Frames.withU16(ACK, VERSION_AT, 3), "schema version 3, expected 2");
        assertEquals(RejectCode.BAD_VERSION, ex.code());
        assertRefused(Frames.withU16(ACK, VERSION_AT, 0), "schema version 0, expected 2");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 10, 65535})
    void anUnknownTemplateIdIsRefused(final int templateId)
    {
        assertRefused(Frames.withU16(ACK, TEMPLATE_ID_AT, templateId),
            "template id " + templateId + " is not a replication message");
    }

    @Test
    void aWrongBlockLengthIsRefused()
    {
        assertRefused(Frames.withU16(ACK, BLOCK_LENGTH_AT, 8), "Ack block length 8, expected 16");
        assertRefused(Frames.withU16(ACK, BLOCK_LENGTH_AT, 65535), "Ack block length 65535, expected 16");
        assertRefused(Frames.withU16(HELLO, BLOCK_LENGTH_AT, 41), "Hello block length 41, expected 39");
    }

    @Test
    void aFrameThatEndsInsideItsBlockIsRefused()
    {
        assertRefused(Frames.shortened(ACK, 1), "Ack frame of 23 bytes ends inside its 16-byte block");
        assertRefused(Frames.shortened(ACK, 16), "Ack frame of 8 bytes ends inside its 16-byte block");
    }

    @Test
    void bytesAfterTheLastFieldAreRefused()
    {
        assertRefused(Frames.lengthened(ACK, 3), "frame has 3 bytes after the last field of Ack");
        assertRefused(Frames.lengthened(HELLO, 1), "frame has 1 bytes after the last field of Hello");
        assertRefused(Frames.lengthened(RECORD, 2), "frame has 2 bytes after the last field of Record");
    }

    @Test
    void varFieldLengthsBeyondTheFrameAreRefused()
    {
        final int clusterIdLengthAt = BLOCK + 39;
        assertRefused(Frames.withU16(HELLO, clusterIdLengthAt, 5),
            "Hello.clusterId length 5 runs past the end of the frame (4 bytes left)");
        assertRefused(Frames.withU16(HELLO, clusterIdLengthAt, 65),
            "Hello.clusterId length 65 exceeds the maximum 64");
        assertRefused(Frames.shortened(HELLO, 5), "Hello.clusterId length field runs past the end of the frame");

        final int reasonLengthAt = BLOCK + 9;
        assertRefused(Frames.withU16(REJECT, reasonLengthAt, 256),
            "Reject.reason length 256 runs past the end of the frame (4 bytes left)");
        assertRefused(Frames.withU16(REJECT, reasonLengthAt, 257), "Reject.reason length 257 exceeds the maximum 256");

        final int dataLengthAt = BLOCK + 16;
        assertRefused(Frames.withI32(RECORD, dataLengthAt, 11),
            "Record.data length 11 runs past the end of the frame (10 bytes left)");
        assertRefused(Frames.withI32(RECORD, dataLengthAt, -1),
            "Record.data length 4294967295 runs past the end of the frame (10 bytes left)");
        assertRefused(Frames.shortened(RECORD, 12), "Record.data length field runs past the end of the frame");
    }

    @Test
    void badEnumValuesAndMalformedUtf8AreRefused()
    {
        assertRefused(Frames.withByte(HELLO, BLOCK + 2, 0), "Hello.role value 0 is not a NodeRole");
        assertRefused(Frames.withByte(HELLO, BLOCK + 2, 255), "Hello.role value 255 is not a NodeRole");
        assertRefused(Frames.withByte(WELCOME, BLOCK, 3), "Welcome.role value 3 is not a NodeRole");
        assertRefused(Frames.withByte(REJECT, BLOCK, 0), "Reject.code value 0 is not a RejectCode");
        assertRefused(Frames.withByte(REJECT, BLOCK, 12), "Reject.code value 12 is not a RejectCode");
        assertRefused(Frames.withByte(HELLO, BLOCK + 39 + 2 + 1, 0xC0), "Hello.clusterId is not valid UTF-8 at byte 1");
        assertRefused(Frames.withByte(REJECT, BLOCK + 9 + 2 + 3, 0xFF), "Reject.reason is not valid UTF-8 at byte 3");
    }

    @Test
    void aReaderThatFailedRefusesToGoOn() throws IOException
    {
        final FrameReader reader = Frames.reader(Frames.concat(Frames.withU16(ACK, SCHEMA_ID_AT, 1), ACK));
        assertThrows(ProtocolException.class, reader::read);
        assertEquals(0, reader.templateId());
        assertThrows(IllegalStateException.class, reader::read);
    }

    @Test
    void aGoodFrameAfterABadOneIsNeverExposed() throws IOException
    {
        final FrameReader reader = Frames.reader(Frames.concat(ACK, Frames.withU16(ACK, TEMPLATE_ID_AT, 99)));
        assertEquals(AckDecoder.TEMPLATE_ID, reader.read());
        assertThrows(ProtocolException.class, reader::read);
        assertThrows(IllegalStateException.class, reader::ack);
    }

    /**
     * Reads a lying frame twice, with a new reader each time, and measures the second read only (the first loads
     * classes): the failure costs its exception and no more, nothing like the length it was told.
     */
    private static ProtocolException failWithinAllocationBudget(final byte[] lying) throws IOException
    {
        ProtocolException failure = null;
        long allocated = 0;
        for (int attempt = 0; attempt < 2; attempt++)
        {
            final FrameReader reader = Frames.reader(lying);
            final long before = THREADS.getCurrentThreadAllocatedBytes();
            try
            {
                reader.read();
            }
            catch (final ProtocolException ex)
            {
                allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
                failure = ex;
            }
        }
        assertTrue(failure != null, "the lying frame was accepted");
        assertTrue(allocated < 64 * 1024, "allocated " + allocated + " bytes for a lying length");
        return failure;
    }

    private static ProtocolException assertRefused(final byte[] bytes, final String message)
    {
        final FrameReader reader = new FrameReader(new ByteArrayInputStream(bytes), Frames.MAX);
        final ProtocolException ex = assertThrows(ProtocolException.class, reader::read);
        assertEquals(message, ex.getMessage());
        return ex;
    }
}
