package dev.scribe.replication.link;

import dev.scribe.replication.sbe.AuthAcceptedEncoder;
import dev.scribe.replication.sbe.AuthChallengeEncoder;
import dev.scribe.replication.sbe.AuthHelloEncoder;
import dev.scribe.replication.sbe.AuthProofEncoder;
import dev.scribe.replication.sbe.MessageHeaderEncoder;
import dev.scribe.replication.sbe.PeerHelloEncoder;
import dev.scribe.replication.sbe.PeerRefuseEncoder;
import dev.scribe.replication.sbe.PeerRole;
import dev.scribe.replication.sbe.PeerWelcomeEncoder;
import dev.scribe.replication.sbe.RefuseCode;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.ToIntFunction;

/**
 * One end of a connection driven by hand: frames written and read as bytes, to play a peer that lies, floods,
 * stops reading or does not hold the secret. It authenticates, when asked, with the link's own handshake.
 */
final class RawPeer implements AutoCloseable
{
    final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawPeer(final Socket socket) throws IOException
    {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static RawPeer dial(final InetSocketAddress address) throws IOException
    {
        final Socket socket = new Socket();
        socket.connect(address, (int)TestAgent.DEADLINE.toMillis());
        socket.setSoTimeout((int)TestAgent.DEADLINE.toMillis());
        return new RawPeer(socket);
    }

    /** Authenticate as the dialler with these settings (the link's own handshake). */
    void authenticateAsDialler(final LinkSettings settings) throws IOException
    {
        new AuthHandshake(settings.conclude()).dial(socket, System.nanoTime() + TestAgent.DEADLINE.toNanos());
        socket.setSoTimeout((int)TestAgent.DEADLINE.toMillis());
    }

    /** Authenticate as the listener with these settings (the link's own handshake). */
    void authenticateAsListener(final LinkSettings settings) throws IOException
    {
        new AuthHandshake(settings.conclude()).accept(socket, System.nanoTime() + TestAgent.DEADLINE.toNanos());
        socket.setSoTimeout((int)TestAgent.DEADLINE.toMillis());
    }

    void write(final byte[]... frames) throws IOException
    {
        for (final byte[] frame : frames)
        {
            out.write(frame);
        }
        out.flush();
    }

    /**
     * The next frame as it came, length prefix included, or null at the end of the stream.
     */
    byte[] readFrame() throws IOException
    {
        final DataInputStream data = new DataInputStream(in);
        final byte[] prefix = new byte[4];
        try
        {
            data.readFully(prefix);
        }
        catch (final EOFException ex)
        {
            return null;
        }
        final int length = ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN).getInt();
        final byte[] frame = Arrays.copyOf(prefix, 4 + length);
        data.readFully(frame, 4, length);
        return frame;
    }

    /** Read until the other end has closed the connection, cleanly or by a reset; fail if a frame comes. */
    void awaitClosedByPeer() throws IOException
    {
        try
        {
            final byte[] frame = readFrame();
            if (null != frame)
            {
                throw new AssertionError("expected the end of the stream, got template " + templateOf(frame));
            }
        }
        catch (final SocketException ex)
        {
            // reset: closed as well
        }
    }

    static int templateOf(final byte[] frame)
    {
        return ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).getShort(6) & 0xFFFF;
    }

    @Override
    public void close() throws IOException
    {
        socket.close();
    }

    // -- frames

    static byte[] frame(final ToIntFunction<UnsafeBuffer> encode)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
        final int length = Wire.HEADER_BYTES + encode.applyAsInt(buffer);
        buffer.putInt(0, length, ByteOrder.LITTLE_ENDIAN);
        return Arrays.copyOf(buffer.byteArray(), 4 + length);
    }

    static byte[] authHello(final int version, final int nodeId, final byte[] nonce, final String clusterId)
    {
        final byte[] cluster = clusterId.getBytes(StandardCharsets.UTF_8);
        return frame(b -> new AuthHelloEncoder().wrapAndApplyHeader(b, 4, new MessageHeaderEncoder())
            .protocolVersion(version).nodeId(nodeId).putNonce(nonce, 0, 16).putClusterId(cluster, 0, cluster.length)
            .encodedLength());
    }

    static byte[] authChallenge(final byte[] nonce)
    {
        return frame(b -> new AuthChallengeEncoder().wrapAndApplyHeader(b, 4, new MessageHeaderEncoder())
            .putNonce(nonce, 0, 16).encodedLength());
    }

    static byte[] authProof(final byte[] mac)
    {
        return frame(b -> new AuthProofEncoder().wrapAndApplyHeader(b, 4, new MessageHeaderEncoder())
            .putMac(mac, 0, 32).encodedLength());
    }

    static byte[] authAccepted(final byte[] mac)
    {
        return frame(b -> new AuthAcceptedEncoder().wrapAndApplyHeader(b, 4, new MessageHeaderEncoder())
            .putMac(mac, 0, 32).encodedLength());
    }

    static byte[] peerHello(final int nodeId)
    {
        return frame(b -> new PeerHelloEncoder().wrapAndApplyHeader(b, 4, new MessageHeaderEncoder())
            .nodeId(nodeId).role(PeerRole.STANDBY).epoch(3).lastPosition(-1).lastEpoch(0).lastCrc(0)
            .lastEpochStart(-1).encodedLength());
    }

    static byte[] peerWelcome(final int nodeId)
    {
        return frame(b -> new PeerWelcomeEncoder().wrapAndApplyHeader(b, 4, new MessageHeaderEncoder())
            .nodeId(nodeId).epoch(9).lastPosition(100).startAfter(-1).truncateFrom(-1).beforePosition(-1)
            .beforeEpoch(0).beforeCrc(0).encodedLength());
    }

    static byte[] peerRefuse(final String reason)
    {
        final byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        return frame(b -> new PeerRefuseEncoder().wrapAndApplyHeader(b, 4, new MessageHeaderEncoder())
            .code(RefuseCode.STEP_DOWN).epoch(99).putReason(text, 0, text.length).encodedLength());
    }

    /** A length prefix that claims a frame of {@code length} bytes, and nothing after it. */
    static byte[] lengthPrefix(final int length)
    {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(length).array();
    }
}
