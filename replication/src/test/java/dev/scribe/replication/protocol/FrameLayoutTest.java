package dev.scribe.replication.protocol;

import dev.scribe.replication.sbe.NodeRole;
import dev.scribe.replication.sbe.RejectCode;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The bytes on the wire are where the package documentation says they are, so another implementation can be
 * written from it. Offsets here are from the start of the frame's N bytes, after the length prefix.
 */
class FrameLayoutTest
{
    private static final byte[] NONCE = FrameRoundTripTest.sequence(16, 0x40);
    private static final byte[] MAC = FrameRoundTripTest.sequence(32, 0x80);

    @Test
    void helloLayout()
    {
        final ByteBuffer frame = frame(Frames.encode(
            w -> w.writeHello(1, NodeRole.STANDBY, 0x01020304, 5L, 6L, NONCE, "abc")), 8 + 39 + 2 + 3, 39, 1);
        assertEquals(1, frame.getShort(8));
        assertEquals(2, frame.get(10));
        assertEquals(0x01020304, frame.getInt(11));
        assertEquals(5L, frame.getLong(15));
        assertEquals(6L, frame.getLong(23));
        assertEquals(0x40, frame.get(31));
        assertEquals(0x4F, frame.get(46));
        assertEquals(3, frame.getShort(47));
        assertEquals('c', frame.get(51));
    }

    @Test
    void challengeAuthenticateAndWelcomeLayout()
    {
        ByteBuffer frame = frame(Frames.encode(w -> w.writeChallenge(-2, NONCE)), 28, 20, 2);
        assertEquals(-2, frame.getInt(8));
        assertEquals(0x40, frame.get(12));

        frame = frame(Frames.encode(w -> w.writeAuthenticate(MAC)), 40, 32, 3);
        assertEquals((byte)0x80, frame.get(8));
        assertEquals((byte)0x9F, frame.get(39));

        frame = frame(Frames.encode(w -> w.writeWelcome(new Welcome(NodeRole.PRIMARY, 7, 8L, 9L, 10L, 11L), MAC)),
            77, 69, 4);
        assertEquals(1, frame.get(8));
        assertEquals(7, frame.getInt(9));
        assertEquals(8L, frame.getLong(13));
        assertEquals(9L, frame.getLong(21));
        assertEquals(10L, frame.getLong(29));
        assertEquals(11L, frame.getLong(37));
        assertEquals((byte)0x80, frame.get(45));
        assertEquals((byte)0x9F, frame.get(76));
    }

    @Test
    void rejectAndStreamLayouts()
    {
        ByteBuffer frame = frame(Frames.encode(w -> w.writeReject(RejectCode.TIMEOUT, 3L, "late")), 8 + 9 + 2 + 4, 9,
            5);
        assertEquals(11, frame.get(8));
        assertEquals(3L, frame.getLong(9));
        assertEquals(4, frame.getShort(17));
        assertEquals('l', frame.get(19));

        final UnsafeBuffer data = new UnsafeBuffer(new byte[]{1, 2, 3});
        frame = frame(Frames.encode(w -> w.writeRecord(12L, 13L, data, 0, 3)), 28 + 3, 16, 6);
        assertEquals(12L, frame.getLong(8));
        assertEquals(13L, frame.getLong(16));
        assertEquals(3, frame.getInt(24));
        assertEquals(3, frame.get(30));

        frame = frame(Frames.encode(w -> w.writeAck(14L, 15L)), 24, 16, 7);
        assertEquals(14L, frame.getLong(8));
        assertEquals(15L, frame.getLong(16));

        frame = frame(Frames.encode(w -> w.writeHeartbeat(16L, 17L, 18L)), 32, 24, 8);
        assertEquals(16L, frame.getLong(8));
        assertEquals(17L, frame.getLong(16));
        assertEquals(18L, frame.getLong(24));

        frame = frame(Frames.encode(w -> w.writeStateHash(19L, 20L, 21L)), 32, 24, 9);
        assertEquals(19L, frame.getLong(8));
        assertEquals(20L, frame.getLong(16));
        assertEquals(21L, frame.getLong(24));
    }

    /** Checks the length prefix and the SBE header, and returns the N bytes after the prefix. */
    private static ByteBuffer frame(
        final byte[] stream, final int length, final int blockLength, final int templateId)
    {
        final ByteBuffer bytes = ByteBuffer.wrap(stream).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(length, bytes.getInt(0));
        assertEquals(4 + length, stream.length);
        final ByteBuffer frame = bytes.position(4).slice().order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(blockLength, frame.getShort(0));
        assertEquals(templateId, frame.getShort(2));
        assertEquals(7302, frame.getShort(4));
        assertEquals(2, frame.getShort(6));
        return frame;
    }
}
