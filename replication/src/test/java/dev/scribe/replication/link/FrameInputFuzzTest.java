package dev.scribe.replication.link;

import dev.scribe.replication.node.PeerLink;
import dev.scribe.replication.node.PeerMessage;
import dev.scribe.replication.node.RecordId;
import dev.scribe.replication.sbe.AuthAcceptedDecoder;
import dev.scribe.replication.sbe.AuthChallengeDecoder;
import dev.scribe.replication.sbe.AuthDeniedDecoder;
import dev.scribe.replication.sbe.AuthHelloDecoder;
import dev.scribe.replication.sbe.AuthProofDecoder;
import dev.scribe.replication.sbe.PeerAckDecoder;
import dev.scribe.replication.sbe.PeerHeartbeatDecoder;
import dev.scribe.replication.sbe.PeerHelloDecoder;
import dev.scribe.replication.sbe.PeerRecordDecoder;
import dev.scribe.replication.sbe.PeerRefuseDecoder;
import dev.scribe.replication.sbe.PeerStateHashDecoder;
import dev.scribe.replication.sbe.PeerWelcomeDecoder;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whatever bytes arrive, {@link FrameInput} either accepts frames that the agent-side decoding reads entirely
 * inside the frame, or throws a {@link WireException} (or, for a stream that ends inside a frame, an
 * {@link EOFException}); never another exception.
 */
class FrameInputFuzzTest
{
    private static final int MAX_FRAME_BYTES = 4096;
    private static final Outbox OUTBOX = new Outbox(MAX_FRAME_BYTES, () -> { });

    @Property(tries = 2000)
    void randomBytesAreFramesOrAWireException(@ForAll @Size(max = 600) final byte[] bytes) throws IOException
    {
        readAll(bytes);
    }

    @Property(tries = 4000)
    void randomBodiesBehindAPlausibleHeaderAreHandled(
        @ForAll @Size(min = 8, max = 400) final byte[] body,
        @ForAll @IntRange(min = 10, max = 21) final int templateId,
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
            // a small variable-length field, so that its checks are passed now and then
            frame.putShort(4 + 8 + blockLength, (short)random.nextInt(8));
            frame.put(4 + 8 + blockLength + 2, (byte)0);
            frame.put(4 + 8 + blockLength + 3, (byte)0);
        }
        if (random.nextBoolean() && body.length > 8 + blockLength)
        {
            frame.put(4 + 8 + random.nextInt(Math.max(1, blockLength)), (byte)random.nextInt(4)); // an enum in range
        }
        readAll(frame.array());
    }

    private static void readAll(final byte[] bytes) throws IOException
    {
        final FrameInput input = new FrameInput(new ByteArrayInputStream(bytes), MAX_FRAME_BYTES,
            Inbox.CONNECTION_BYTES);
        final Connections connections = new Connections(new ConcurrentHashMap<>());
        final Connection connection = new Connection(7, false, OUTBOX);
        connections.add(connection);
        final PeerAdapter adapter = new PeerAdapter(connections, new TestAgent.Hashes(), c -> { });
        adapter.begin(new Touching());
        connection.welcomed = true;
        while (true)
        {
            final int templateId;
            try
            {
                templateId = input.read();
            }
            catch (final WireException ex)
            {
                assertTrue(ex.getMessage() != null && !ex.getMessage().isEmpty());
                return;
            }
            catch (final EOFException ex)
            {
                return;
            }
            if (templateId == FrameInput.END_OF_STREAM)
            {
                return;
            }
            final UnsafeBuffer buffer = input.buffer();
            buffer.putLong(0, connection.id);
            final UnsafeBuffer event = new UnsafeBuffer(new byte[Inbox.CONNECTION_BYTES + input.frameLength()]);
            event.putBytes(0, buffer, 0, event.capacity()); // exactly the event's bytes: a read beyond them throws
            touchAuthFrame(event, templateId);
            adapter.onMessage(Inbox.FRAME, event, 0, event.capacity());
        }
    }

    private static void touchAuthFrame(final UnsafeBuffer event, final int templateId)
    {
        final int block = Inbox.CONNECTION_BYTES + Wire.HEADER_BYTES;
        final byte[] scratch = new byte[32];
        switch (templateId)
        {
            case AuthHelloDecoder.TEMPLATE_ID ->
            {
                final AuthHelloDecoder d = new AuthHelloDecoder().wrap(event, block, AuthHelloDecoder.BLOCK_LENGTH, 2);
                d.protocolVersion();
                d.nodeId();
                d.getNonce(scratch, 0, 16);
                assertTrue(d.clusterId().length() <= Wire.MAX_CLUSTER_ID_BYTES);
            }
            case AuthChallengeDecoder.TEMPLATE_ID -> new AuthChallengeDecoder()
                .wrap(event, block, AuthChallengeDecoder.BLOCK_LENGTH, 2).getNonce(scratch, 0, 16);
            case AuthProofDecoder.TEMPLATE_ID -> new AuthProofDecoder()
                .wrap(event, block, AuthProofDecoder.BLOCK_LENGTH, 2).getMac(scratch, 0, 32);
            case AuthAcceptedDecoder.TEMPLATE_ID -> new AuthAcceptedDecoder()
                .wrap(event, block, AuthAcceptedDecoder.BLOCK_LENGTH, 2).getMac(scratch, 0, 32);
            case AuthDeniedDecoder.TEMPLATE_ID -> assertTrue(null != new AuthDeniedDecoder()
                .wrap(event, block, AuthDeniedDecoder.BLOCK_LENGTH, 2).code());
            default ->
            {
                // the agent's messages go through the adapter
            }
        }
    }

    private static int blockLength(final int templateId)
    {
        return switch (templateId)
        {
            case AuthHelloDecoder.TEMPLATE_ID -> AuthHelloDecoder.BLOCK_LENGTH;
            case AuthChallengeDecoder.TEMPLATE_ID -> AuthChallengeDecoder.BLOCK_LENGTH;
            case AuthProofDecoder.TEMPLATE_ID -> AuthProofDecoder.BLOCK_LENGTH;
            case AuthAcceptedDecoder.TEMPLATE_ID -> AuthAcceptedDecoder.BLOCK_LENGTH;
            case AuthDeniedDecoder.TEMPLATE_ID -> AuthDeniedDecoder.BLOCK_LENGTH;
            case PeerHelloDecoder.TEMPLATE_ID -> PeerHelloDecoder.BLOCK_LENGTH;
            case PeerWelcomeDecoder.TEMPLATE_ID -> PeerWelcomeDecoder.BLOCK_LENGTH;
            case PeerRefuseDecoder.TEMPLATE_ID -> PeerRefuseDecoder.BLOCK_LENGTH;
            case PeerRecordDecoder.TEMPLATE_ID -> PeerRecordDecoder.BLOCK_LENGTH;
            case PeerAckDecoder.TEMPLATE_ID -> PeerAckDecoder.BLOCK_LENGTH;
            case PeerHeartbeatDecoder.TEMPLATE_ID -> PeerHeartbeatDecoder.BLOCK_LENGTH;
            default -> PeerStateHashDecoder.BLOCK_LENGTH;
        };
    }

    /** Reads everything it is given. */
    private static final class Touching implements PeerLink.Handler
    {
        @Override
        public void onMessage(final long connection, final PeerMessage message)
        {
            assertTrue(message.toString().length() > 0);
        }

        @Override
        public void onRecord(final long connection, final RecordId previous, final RecordId record,
            final DirectBuffer buffer, final int offset, final int length)
        {
            assertTrue(offset >= 0 && length >= 0 && offset + length <= buffer.capacity());
            buffer.getBytes(offset, new byte[length]);
        }

        @Override
        public void onClosed(final long connection)
        {
        }
    }
}
