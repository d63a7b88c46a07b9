package dev.scribe.replication.protocol;

import com.sun.management.ThreadMXBean;
import dev.scribe.replication.sbe.AckDecoder;
import dev.scribe.replication.sbe.AuthenticateDecoder;
import dev.scribe.replication.sbe.ChallengeDecoder;
import dev.scribe.replication.sbe.HeartbeatDecoder;
import dev.scribe.replication.sbe.HelloDecoder;
import dev.scribe.replication.sbe.RecordDecoder;
import dev.scribe.replication.sbe.RejectDecoder;
import dev.scribe.replication.sbe.StateHashDecoder;
import dev.scribe.replication.sbe.WelcomeDecoder;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whatever bytes arrive, {@link FrameReader} either exposes frames whose every accessor stays inside the frame, or
 * throws a {@link ProtocolException}; never another exception, and never an allocation driven by a length read
 * from the bytes.
 */
class FrameReaderFuzzTest
{
    /** A failed read allocates its exception, message and stack trace, nothing like a forged length. */
    private static final long MAX_ALLOCATED_BYTES_PER_READ = 64 * 1024;
    private static final ThreadMXBean THREADS = (ThreadMXBean)ManagementFactory.getThreadMXBean();

    @BeforeContainer
    static void enableAllocationCounting()
    {
        THREADS.setThreadAllocatedMemoryEnabled(true);
    }

    @Property(tries = 2000)
    void randomBytesAreFramesOrAProtocolException(@ForAll @Size(max = 600) final byte[] bytes) throws IOException
    {
        readAll(bytes);
    }

    @Property(tries = 2000)
    void randomBodiesBehindAPlausibleHeaderAreHandled(
        @ForAll @Size(min = 8, max = 400) final byte[] body,
        @ForAll @IntRange(min = 1, max = 9) final int templateId,
        @ForAll final boolean rightBlockLength,
        @ForAll @IntRange(min = -2, max = 2) final int lengthDelta,
        @ForAll final Random random) throws IOException
    {
        final ByteBuffer frame = ByteBuffer.allocate(4 + body.length).order(ByteOrder.LITTLE_ENDIAN);
        frame.putInt(0, body.length + lengthDelta);
        frame.position(4);
        frame.put(body);
        final int blockLength = rightBlockLength ? blockLength(templateId) : random.nextInt(80);
        frame.putShort(4, (short)blockLength).putShort(6, (short)templateId).putShort(8, (short)7302)
            .putShort(10, (short)2);
        if (random.nextBoolean() && body.length > 8 + blockLength + 4)
        {
            // A small var field length, so that the var field checks are passed now and then.
            frame.putShort(4 + 8 + blockLength, (short)random.nextInt(8));
            frame.put(4 + 8 + blockLength + 2, (byte)0);
            frame.put(4 + 8 + blockLength + 3, (byte)0);
        }
        readAll(frame.array());
    }

    private static void readAll(final byte[] bytes) throws IOException
    {
        final FrameReader reader = new FrameReader(new ByteArrayInputStream(bytes), Protocol.HANDSHAKE_MAX_FRAME_BYTES);
        while (true)
        {
            final long before = THREADS.getCurrentThreadAllocatedBytes();
            final int templateId;
            try
            {
                templateId = reader.read();
            }
            catch (final ProtocolException ex)
            {
                final long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
                assertTrue(allocated < MAX_ALLOCATED_BYTES_PER_READ, "allocated " + allocated + " bytes");
                assertTrue(ex.getMessage() != null && !ex.getMessage().isEmpty());
                return;
            }
            if (templateId == FrameReader.END_OF_STREAM)
            {
                return;
            }
            touchEveryField(reader, templateId);
        }
    }

    /** Reads every field of an accepted frame; a read outside the frame would throw. */
    private static void touchEveryField(final FrameReader reader, final int templateId)
    {
        final byte[] scratch = new byte[64];
        final int length = reader.frameLength();
        switch (templateId)
        {
            case HelloDecoder.TEMPLATE_ID ->
            {
                final HelloDecoder d = reader.hello();
                d.protocolVersion();
                d.role();
                d.nodeId();
                d.epoch();
                d.lastPosition();
                d.getNonce(scratch, 0, 16);
                assertTrue(d.clusterId().length() <= Protocol.MAX_CLUSTER_ID_BYTES);
                assertTrue(d.limit() <= length);
            }
            case ChallengeDecoder.TEMPLATE_ID -> reader.challenge().getNonce(scratch, 0, 16);
            case AuthenticateDecoder.TEMPLATE_ID -> reader.authenticate().getMac(scratch, 0, 32);
            case WelcomeDecoder.TEMPLATE_ID ->
            {
                final WelcomeDecoder d = reader.welcome();
                d.role();
                d.getMac(scratch, 0, 32);
            }
            case RejectDecoder.TEMPLATE_ID ->
            {
                final RejectDecoder d = reader.reject();
                d.code();
                d.reason();
                assertTrue(d.limit() <= length);
            }
            case RecordDecoder.TEMPLATE_ID ->
            {
                reader.record().skipData();
                assertTrue(reader.recordDataOffset() + reader.recordDataLength() <= length);
                assertTrue(reader.record().limit() <= length);
            }
            case AckDecoder.TEMPLATE_ID -> reader.ack().position();
            case HeartbeatDecoder.TEMPLATE_ID -> reader.heartbeat().timestampNs();
            case StateHashDecoder.TEMPLATE_ID -> reader.stateHash().hash();
            default -> throw new AssertionError("unexpected template id " + templateId);
        }
    }

    private static int blockLength(final int templateId)
    {
        return switch (templateId)
        {
            case HelloDecoder.TEMPLATE_ID -> HelloDecoder.BLOCK_LENGTH;
            case ChallengeDecoder.TEMPLATE_ID -> ChallengeDecoder.BLOCK_LENGTH;
            case AuthenticateDecoder.TEMPLATE_ID -> AuthenticateDecoder.BLOCK_LENGTH;
            case WelcomeDecoder.TEMPLATE_ID -> WelcomeDecoder.BLOCK_LENGTH;
            case RejectDecoder.TEMPLATE_ID -> RejectDecoder.BLOCK_LENGTH;
            case RecordDecoder.TEMPLATE_ID -> RecordDecoder.BLOCK_LENGTH;
            case AckDecoder.TEMPLATE_ID -> AckDecoder.BLOCK_LENGTH;
            case HeartbeatDecoder.TEMPLATE_ID -> HeartbeatDecoder.BLOCK_LENGTH;
            default -> StateHashDecoder.BLOCK_LENGTH;
        };
    }
}
