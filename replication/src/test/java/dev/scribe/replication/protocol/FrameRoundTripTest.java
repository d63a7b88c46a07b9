package dev.scribe.replication.protocol;

import dev.scribe.replication.protocol.Frames.CountingOutputStream;
import dev.scribe.replication.protocol.Frames.StutteringInputStream;
import dev.scribe.replication.sbe.AckDecoder;
import dev.scribe.replication.sbe.AuthenticateDecoder;
import dev.scribe.replication.sbe.ChallengeDecoder;
import dev.scribe.replication.sbe.HeartbeatDecoder;
import dev.scribe.replication.sbe.HelloDecoder;
import dev.scribe.replication.sbe.NodeRole;
import dev.scribe.replication.sbe.RecordDecoder;
import dev.scribe.replication.sbe.RejectCode;
import dev.scribe.replication.sbe.RejectDecoder;
import dev.scribe.replication.sbe.StateHashDecoder;
import dev.scribe.replication.sbe.WelcomeDecoder;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every message type goes through {@link FrameWriter} and comes back out of {@link FrameReader} with the same
 * fields, singly, in sequence, and batched.
 */
class FrameRoundTripTest
{
    private static final byte[] NONCE = sequence(16, 1);
    private static final byte[] MAC = sequence(32, 100);

    @Test
    void helloRoundTrips() throws IOException
    {
        final String clusterId = "cluster-\u00e9\u00df-\ud83d\ude00";
        final FrameReader reader = Frames.reader(Frames.encode(
            w -> w.writeHello(Protocol.VERSION, NodeRole.STANDBY, 7, 12L, -1L, NONCE, clusterId)));
        assertEquals(HelloDecoder.TEMPLATE_ID, reader.read());
        final HelloDecoder hello = reader.hello();
        assertEquals(Protocol.VERSION, hello.protocolVersion());
        assertEquals(NodeRole.STANDBY, hello.role());
        assertEquals(7, hello.nodeId());
        assertEquals(12L, hello.epoch());
        assertEquals(-1L, hello.lastPosition());
        final byte[] nonce = new byte[16];
        hello.getNonce(nonce, 0, 16);
        assertArrayEquals(NONCE, nonce);
        assertEquals(clusterId, hello.clusterId());
        assertEquals(clusterId, reader.hello().clusterId(), "each accessor call starts the decoder afresh");
        assertEquals(FrameReader.END_OF_STREAM, reader.read());
    }

    @Test
    void challengeAndAuthenticateRoundTrip() throws IOException
    {
        final FrameReader reader = Frames.reader(Frames.encode(w ->
        {
            w.writeChallenge(-3, NONCE);
            w.writeAuthenticate(MAC);
        }));
        assertEquals(ChallengeDecoder.TEMPLATE_ID, reader.read());
        assertEquals(-3, reader.challenge().nodeId());
        final byte[] nonce = new byte[16];
        reader.challenge().getNonce(nonce, 0, 16);
        assertArrayEquals(NONCE, nonce);

        assertEquals(AuthenticateDecoder.TEMPLATE_ID, reader.read());
        final byte[] mac = new byte[32];
        reader.authenticate().getMac(mac, 0, 32);
        assertArrayEquals(MAC, mac);
    }

    @Test
    void welcomeRoundTrips() throws IOException
    {
        final Welcome sent = new Welcome(NodeRole.PRIMARY, 2, 9L, 1L << 40, (1L << 40) - 5, 77L);
        final FrameReader reader = Frames.reader(Frames.encode(w -> w.writeWelcome(sent, MAC)));
        assertEquals(WelcomeDecoder.TEMPLATE_ID, reader.read());
        final WelcomeDecoder welcome = reader.welcome();
        assertEquals(sent, new Welcome(welcome.role(), welcome.nodeId(), welcome.epoch(), welcome.lastPosition(),
            welcome.startPosition(), welcome.truncateFrom()));
        final byte[] mac = new byte[32];
        welcome.getMac(mac, 0, 32);
        assertArrayEquals(MAC, mac);
    }

    @Test
    void rejectRoundTripsAndALongReasonIsCutAtACharacterBoundary() throws IOException
    {
        final String longReason = "\u00e9".repeat(129) + "tail";
        final FrameReader reader = Frames.reader(Frames.encode(w ->
        {
            w.writeReject(RejectCode.STALE_EPOCH, 42L, "epoch 41 is behind 42");
            w.writeReject(RejectCode.TIMEOUT, 0L, longReason);
            w.writeReject(RejectCode.BUSY, 1L, "x" + "\u00e9".repeat(200));
        }));
        assertEquals(RejectDecoder.TEMPLATE_ID, reader.read());
        assertEquals(RejectCode.STALE_EPOCH, reader.reject().code());
        assertEquals(42L, reader.reject().epoch());
        assertEquals("epoch 41 is behind 42", reader.reject().reason());

        assertEquals(RejectDecoder.TEMPLATE_ID, reader.read());
        assertEquals(RejectCode.TIMEOUT, reader.reject().code());
        assertEquals("\u00e9".repeat(128), reader.reject().reason());

        assertEquals(RejectDecoder.TEMPLATE_ID, reader.read());
        final String cut = reader.reject().reason();
        assertEquals("x" + "\u00e9".repeat(127), cut, "a two-byte character that does not fit is dropped whole");
        assertEquals(255, cut.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void recordAckHeartbeatAndStateHashRoundTrip() throws IOException
    {
        final byte[] data = sequence(300, 7);
        final UnsafeBuffer source = new UnsafeBuffer(new byte[400]);
        source.putBytes(50, data);
        final FrameReader reader = Frames.reader(Frames.encode(w ->
        {
            w.writeRecord(1000L, 3L, source, 50, data.length);
            w.writeRecord(1001L, 3L, source, 0, 0);
            w.writeAck(3L, 1001L);
            w.writeHeartbeat(3L, 1001L, 123_456_789L);
            w.writeStateHash(3L, 1001L, 0xCAFEBABEL);
        }));

        assertEquals(RecordDecoder.TEMPLATE_ID, reader.read());
        assertEquals(1000L, reader.record().position());
        assertEquals(3L, reader.record().epoch());
        assertEquals(data.length, reader.recordDataLength());
        final byte[] copy = new byte[reader.recordDataLength()];
        reader.buffer().getBytes(reader.recordDataOffset(), copy);
        assertArrayEquals(data, copy);
        final byte[] viaDecoder = new byte[data.length];
        assertEquals(data.length, reader.record().getData(viaDecoder, 0, data.length));
        assertArrayEquals(data, viaDecoder);

        assertEquals(RecordDecoder.TEMPLATE_ID, reader.read());
        assertEquals(1001L, reader.record().position());
        assertEquals(0, reader.recordDataLength());

        assertEquals(AckDecoder.TEMPLATE_ID, reader.read());
        assertEquals(3L, reader.ack().epoch());
        assertEquals(1001L, reader.ack().position());

        assertEquals(HeartbeatDecoder.TEMPLATE_ID, reader.read());
        assertEquals(3L, reader.heartbeat().epoch());
        assertEquals(1001L, reader.heartbeat().position());
        assertEquals(123_456_789L, reader.heartbeat().timestampNs());

        assertEquals(StateHashDecoder.TEMPLATE_ID, reader.read());
        assertEquals(3L, reader.stateHash().epoch());
        assertEquals(1001L, reader.stateHash().position());
        assertEquals(0xCAFEBABEL, reader.stateHash().hash());
        assertEquals(FrameReader.END_OF_STREAM, reader.read());
    }

    @Test
    void framesAreBatchedUntilFlush() throws IOException
    {
        final CountingOutputStream out = new CountingOutputStream();
        final FrameWriter writer = new FrameWriter(out, 64 * 1024);
        final UnsafeBuffer data = new UnsafeBuffer(new byte[100]);
        for (int i = 0; i < 100; i++)
        {
            writer.writeRecord(i, 1L, data, 0, 100);
        }
        assertEquals(0, out.writes, "nothing written before flush while the frames fit");
        assertEquals(100 * (4 + 8 + 16 + 4 + 100), writer.bufferedBytes());
        writer.flush();
        assertEquals(1, out.writes);
        assertEquals(1, out.flushes);
        assertEquals(0, writer.bufferedBytes());

        final FrameReader reader = Frames.reader(out.bytes.toByteArray());
        for (int i = 0; i < 100; i++)
        {
            assertEquals(RecordDecoder.TEMPLATE_ID, reader.read());
            assertEquals(i, reader.record().position());
        }
        assertEquals(FrameReader.END_OF_STREAM, reader.read());
    }

    @Test
    void aFullBufferIsWrittenBeforeTheFrameThatDoesNotFit() throws IOException
    {
        final CountingOutputStream out = new CountingOutputStream();
        final FrameWriter writer = new FrameWriter(out, Protocol.HANDSHAKE_MAX_FRAME_BYTES);
        final UnsafeBuffer data = new UnsafeBuffer(sequence(200, 3));
        for (int i = 0; i < 10; i++)
        {
            writer.writeRecord(i, 1L, data, 0, 200);
        }
        writer.flush();
        assertEquals(5, out.writes, "two 232-byte frames per 516-byte buffer, then the flush");
        final FrameReader reader = Frames.reader(out.bytes.toByteArray());
        for (int i = 0; i < 10; i++)
        {
            assertEquals(RecordDecoder.TEMPLATE_ID, reader.read());
            assertEquals(i, reader.record().position());
            assertEquals(200, reader.recordDataLength());
        }
        assertEquals(FrameReader.END_OF_STREAM, reader.read());
    }

    @Test
    void aFrameLargerThanMaxFrameBytesIsRefusedAndNothingIsEncoded() throws IOException
    {
        final CountingOutputStream out = new CountingOutputStream();
        final FrameWriter writer = new FrameWriter(out, 1024);
        writer.writeAck(1L, 2L);
        final int buffered = writer.bufferedBytes();
        final UnsafeBuffer data = new UnsafeBuffer(new byte[2048]);

        final ProtocolException ex = assertThrows(ProtocolException.class,
            () -> writer.writeRecord(5L, 1L, data, 0, 1024 - 8 - 16 - 4 + 1));
        assertEquals("Record frame length 1025 exceeds maxFrameBytes 1024", ex.getMessage());
        assertEquals(RejectCode.BAD_FRAME, ex.code());
        assertEquals(buffered, writer.bufferedBytes());

        writer.writeRecord(5L, 1L, data, 0, 1024 - 8 - 16 - 4);
        writer.flush();
        final FrameReader reader = Frames.reader(out.bytes.toByteArray(), 1024);
        assertEquals(AckDecoder.TEMPLATE_ID, reader.read());
        assertEquals(RecordDecoder.TEMPLATE_ID, reader.read());
        assertEquals(1024, reader.frameLength());
        assertEquals(FrameReader.END_OF_STREAM, reader.read());
    }

    @Test
    void writerRefusesBadArgumentsBeforeEncoding()
    {
        final CountingOutputStream out = new CountingOutputStream();
        final FrameWriter writer = new FrameWriter(out, 1024);
        final UnsafeBuffer data = new UnsafeBuffer(new byte[10]);
        assertThrows(IllegalArgumentException.class,
            () -> writer.writeHello(1, NodeRole.PRIMARY, 1, 1, 1, NONCE, "c".repeat(65)));
        assertThrows(IllegalArgumentException.class,
            () -> writer.writeHello(1, NodeRole.PRIMARY, 1, 1, 1, NONCE, "bad \ud800 surrogate"));
        assertThrows(IllegalArgumentException.class,
            () -> writer.writeHello(1, NodeRole.NULL_VAL, 1, 1, 1, NONCE, "c"));
        assertThrows(IllegalArgumentException.class, () -> writer.writeChallenge(1, new byte[15]));
        assertThrows(IllegalArgumentException.class, () -> writer.writeAuthenticate(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> writer.writeReject(RejectCode.NULL_VAL, 1, "r"));
        assertThrows(IllegalArgumentException.class, () -> writer.writeRecord(1, 1, data, 5, 6));
        assertThrows(IllegalArgumentException.class, () -> writer.writeRecord(1, 1, data, -1, 1));
        assertEquals(0, writer.bufferedBytes());
        assertThrows(IllegalArgumentException.class, () -> new FrameWriter(out, 511));
        assertThrows(IllegalArgumentException.class,
            () -> new FrameReader(new ByteArrayInputStream(new byte[0]), Protocol.MAX_FRAME_BYTES_LIMIT + 1));
    }

    @Test
    void aReadInterruptedByTimeoutsResumesWhereItStopped() throws IOException
    {
        final UnsafeBuffer data = new UnsafeBuffer(sequence(20, 9));
        final byte[] bytes = Frames.encode(w ->
        {
            w.writeRecord(77L, 2L, data, 0, 20);
            w.writeAck(2L, 77L);
        });
        final FrameReader reader = new FrameReader(new StutteringInputStream(bytes), Frames.MAX);
        int timeouts = 0;
        final int[] templates = new int[3];
        int frames = 0;
        while (frames < 3)
        {
            try
            {
                templates[frames] = reader.read();
                if (templates[frames] == RecordDecoder.TEMPLATE_ID)
                {
                    assertEquals(77L, reader.record().position());
                    assertEquals(20, reader.recordDataLength());
                    assertEquals(9, reader.buffer().getByte(reader.recordDataOffset()));
                }
                frames++;
            }
            catch (final SocketTimeoutException ex)
            {
                timeouts++;
            }
        }
        assertArrayEquals(new int[]{RecordDecoder.TEMPLATE_ID, AckDecoder.TEMPLATE_ID, FrameReader.END_OF_STREAM},
            templates);
        assertEquals(bytes.length, timeouts, "a timeout after every byte");
    }

    @Test
    void accessorsRefuseAFrameOfAnotherType() throws IOException
    {
        final FrameReader reader = Frames.reader(Frames.encode(w -> w.writeAck(1L, 2L)));
        assertEquals("current frame is none, not Ack",
            assertThrows(IllegalStateException.class, reader::ack).getMessage());
        reader.read();
        assertEquals("current frame is Ack, not Record",
            assertThrows(IllegalStateException.class, reader::record).getMessage());
        assertThrows(IllegalStateException.class, reader::recordDataLength);
        assertThrows(IllegalStateException.class, reader::hello);
        assertEquals(AckDecoder.TEMPLATE_ID, reader.templateId());
    }

    @Property(tries = 300)
    void recordsRoundTrip(
        @ForAll final long position, @ForAll final long epoch, @ForAll @Size(max = 3000) final byte[] data)
        throws IOException
    {
        final FrameReader reader = Frames.reader(Frames.encode(
            w -> w.writeRecord(position, epoch, new UnsafeBuffer(data), 0, data.length)));
        assertEquals(RecordDecoder.TEMPLATE_ID, reader.read());
        assertEquals(position, reader.record().position());
        assertEquals(epoch, reader.record().epoch());
        final byte[] copy = new byte[reader.recordDataLength()];
        reader.buffer().getBytes(reader.recordDataOffset(), copy);
        assertArrayEquals(data, copy);
        assertEquals(FrameReader.END_OF_STREAM, reader.read());
    }

    @Property(tries = 300)
    void rejectReasonsArriveWholeOrCutToAPrefixThatFits(@ForAll @Size(max = 300) final String reason)
        throws IOException
    {
        final String wellFormed = reason.replaceAll("[\\ud800-\\udfff]", "?");
        final FrameReader reader = Frames.reader(Frames.encode(w -> w.writeReject(RejectCode.BUSY, 1L, wellFormed)));
        assertEquals(RejectDecoder.TEMPLATE_ID, reader.read());
        final String received = reader.reject().reason();
        final byte[] sent = wellFormed.getBytes(StandardCharsets.UTF_8);
        if (sent.length <= Protocol.MAX_REASON_BYTES)
        {
            assertEquals(wellFormed, received);
        }
        else
        {
            final byte[] got = received.getBytes(StandardCharsets.UTF_8);
            assertTrue(got.length <= Protocol.MAX_REASON_BYTES && got.length > Protocol.MAX_REASON_BYTES - 4);
            assertArrayEquals(Arrays.copyOf(sent, got.length), got);
        }
    }

    static byte[] sequence(final int length, final int first)
    {
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(first + i);
        }
        return bytes;
    }
}
