package dev.scribe.replication.protocol;

import dev.scribe.codecs.Utf8;
import dev.scribe.replication.sbe.AckEncoder;
import dev.scribe.replication.sbe.AuthenticateEncoder;
import dev.scribe.replication.sbe.ChallengeEncoder;
import dev.scribe.replication.sbe.HeartbeatEncoder;
import dev.scribe.replication.sbe.HelloEncoder;
import dev.scribe.replication.sbe.MessageHeaderEncoder;
import dev.scribe.replication.sbe.NodeRole;
import dev.scribe.replication.sbe.RecordEncoder;
import dev.scribe.replication.sbe.RejectCode;
import dev.scribe.replication.sbe.RejectEncoder;
import dev.scribe.replication.sbe.StateHashEncoder;
import dev.scribe.replication.sbe.WelcomeEncoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import static dev.scribe.replication.protocol.FrameValidator.DATA_LENGTH_BYTES;
import static dev.scribe.replication.protocol.FrameValidator.HEADER_LENGTH;
import static dev.scribe.replication.protocol.FrameValidator.STRING_LENGTH_BYTES;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Encodes replication frames into its own buffer and writes them to a stream.
 *
 * <p>Each {@code writeXxx} method encodes one frame (length prefix, SBE header, message) after the frames already
 * buffered; the buffer goes to the stream when the next frame would not fit, and on {@link #flush()}. So several
 * Record frames can be batched into one write, and a caller that wants a frame on the wire now calls
 * {@link #flush()}. A frame longer than {@code maxFrameBytes} is refused with a {@link ProtocolException} before
 * anything is encoded. Record, Ack, Heartbeat and StateHash frames are written without allocating.
 *
 * <p>One thread at a time.
 */
public final class FrameWriter
{
    private final OutputStream out;
    private final int maxFrameBytes;
    private final byte[] bytes;
    private final UnsafeBuffer buffer;
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final HelloEncoder hello = new HelloEncoder();
    private final ChallengeEncoder challenge = new ChallengeEncoder();
    private final AuthenticateEncoder authenticate = new AuthenticateEncoder();
    private final WelcomeEncoder welcome = new WelcomeEncoder();
    private final RejectEncoder reject = new RejectEncoder();
    private final RecordEncoder record = new RecordEncoder();
    private final AckEncoder ack = new AckEncoder();
    private final HeartbeatEncoder heartbeat = new HeartbeatEncoder();
    private final StateHashEncoder stateHash = new StateHashEncoder();
    private int limit;

    /**
     * A writer with a buffer of {@code maxFrameBytes} plus a length prefix, which is also the most it batches.
     *
     * @param out           to write frames to.
     * @param maxFrameBytes largest frame written, excluding its length prefix; from
     *                      {@link Protocol#HANDSHAKE_MAX_FRAME_BYTES} to {@link Protocol#MAX_FRAME_BYTES_LIMIT}, so
     *                      that every handshake frame fits.
     */
    public FrameWriter(final OutputStream out, final int maxFrameBytes)
    {
        if (out == null)
        {
            throw new NullPointerException("out");
        }
        if (maxFrameBytes < Protocol.HANDSHAKE_MAX_FRAME_BYTES || maxFrameBytes > Protocol.MAX_FRAME_BYTES_LIMIT)
        {
            throw new IllegalArgumentException("maxFrameBytes " + maxFrameBytes + " is outside " +
                Protocol.HANDSHAKE_MAX_FRAME_BYTES + ".." + Protocol.MAX_FRAME_BYTES_LIMIT);
        }
        this.out = out;
        this.maxFrameBytes = maxFrameBytes;
        this.bytes = new byte[Protocol.LENGTH_PREFIX_BYTES + maxFrameBytes];
        this.buffer = new UnsafeBuffer(bytes);
    }

    /**
     * Largest frame this writer encodes, excluding the length prefix.
     *
     * @return the limit in bytes.
     */
    public int maxFrameBytes()
    {
        return maxFrameBytes;
    }

    /**
     * Bytes encoded but not yet written to the stream.
     *
     * @return the count.
     */
    public int bufferedBytes()
    {
        return limit;
    }

    /**
     * Write the buffered frames to the stream and flush it.
     *
     * @throws IOException if the stream fails.
     */
    public void flush() throws IOException
    {
        drain();
        out.flush();
    }

    /**
     * Encode a Hello.
     *
     * @param protocolVersion normally {@link Protocol#VERSION}.
     * @param role            the client's role.
     * @param nodeId          the client's node id.
     * @param epoch           the client's epoch.
     * @param lastPosition    position of the client's last journal record, or {@link Protocol#NO_POSITION}.
     * @param nonce           {@link Protocol#NONCE_BYTES} random bytes.
     * @param clusterId       at most {@link Protocol#MAX_CLUSTER_ID_BYTES} bytes of UTF-8.
     * @throws IOException if the buffer had to be written to the stream and that failed.
     */
    public void writeHello(
        final int protocolVersion,
        final NodeRole role,
        final int nodeId,
        final long epoch,
        final long lastPosition,
        final byte[] nonce,
        final String clusterId) throws IOException
    {
        checkRole(role);
        checkLength(nonce, Protocol.NONCE_BYTES, "nonce");
        final byte[] clusterIdBytes = clusterIdBytes(clusterId);
        final int at = claim(HelloEncoder.BLOCK_LENGTH + STRING_LENGTH_BYTES + clusterIdBytes.length, "Hello");
        hello.wrapAndApplyHeader(buffer, at, header)
            .protocolVersion(protocolVersion)
            .role(role)
            .nodeId(nodeId)
            .epoch(epoch)
            .lastPosition(lastPosition)
            .putNonce(nonce, 0, Protocol.NONCE_BYTES)
            .putClusterId(clusterIdBytes, 0, clusterIdBytes.length);
    }

    /**
     * Encode a Challenge.
     *
     * @param nodeId the server's node id.
     * @param nonce  {@link Protocol#NONCE_BYTES} random bytes.
     * @throws IOException if the buffer had to be written to the stream and that failed.
     */
    public void writeChallenge(final int nodeId, final byte[] nonce) throws IOException
    {
        checkLength(nonce, Protocol.NONCE_BYTES, "nonce");
        final int at = claim(ChallengeEncoder.BLOCK_LENGTH, "Challenge");
        challenge.wrapAndApplyHeader(buffer, at, header).nodeId(nodeId).putNonce(nonce, 0, Protocol.NONCE_BYTES);
    }

    /**
     * Encode an Authenticate.
     *
     * @param mac the client's proof, {@link Protocol#MAC_BYTES} bytes.
     * @throws IOException if the buffer had to be written to the stream and that failed.
     */
    public void writeAuthenticate(final byte[] mac) throws IOException
    {
        checkLength(mac, Protocol.MAC_BYTES, "mac");
        final int at = claim(AuthenticateEncoder.BLOCK_LENGTH, "Authenticate");
        authenticate.wrapAndApplyHeader(buffer, at, header).putMac(mac, 0, Protocol.MAC_BYTES);
    }

    /**
     * Encode a Welcome.
     *
     * @param fields what the server grants.
     * @param mac    the server's proof, {@link Protocol#MAC_BYTES} bytes.
     * @throws IOException if the buffer had to be written to the stream and that failed.
     */
    public void writeWelcome(final Welcome fields, final byte[] mac) throws IOException
    {
        checkLength(mac, Protocol.MAC_BYTES, "mac");
        final int at = claim(WelcomeEncoder.BLOCK_LENGTH, "Welcome");
        welcome.wrapAndApplyHeader(buffer, at, header)
            .role(fields.role())
            .nodeId(fields.nodeId())
            .epoch(fields.epoch())
            .lastPosition(fields.lastPosition())
            .startPosition(fields.startPosition())
            .truncateFrom(fields.truncateFrom())
            .putMac(mac, 0, Protocol.MAC_BYTES);
    }

    /**
     * Encode a Reject. A reason longer than {@link Protocol#MAX_REASON_BYTES} bytes of UTF-8 is cut at a character
     * boundary.
     *
     * @param code   why.
     * @param epoch  the sender's epoch.
     * @param reason for a person to read.
     * @throws IOException if the buffer had to be written to the stream and that failed.
     */
    public void writeReject(final RejectCode code, final long epoch, final String reason) throws IOException
    {
        if (code == null || code == RejectCode.NULL_VAL)
        {
            throw new IllegalArgumentException("code " + code + " is not a reject code");
        }
        final byte[] reasonBytes = reason.getBytes(StandardCharsets.UTF_8);
        final int reasonLength = cutAtCharacter(reasonBytes, Protocol.MAX_REASON_BYTES);
        final int at = claim(RejectEncoder.BLOCK_LENGTH + STRING_LENGTH_BYTES + reasonLength, "Reject");
        reject.wrapAndApplyHeader(buffer, at, header)
            .code(code)
            .epoch(epoch)
            .putReason(reasonBytes, 0, reasonLength);
    }

    /**
     * Encode a Record.
     *
     * @param position the record's journal position.
     * @param epoch    the epoch the record was written in.
     * @param data     holding the journal record's bytes.
     * @param offset   where they start.
     * @param length   how many there are.
     * @throws ProtocolException if the frame would exceed {@code maxFrameBytes}.
     * @throws IOException       if the buffer had to be written to the stream and that failed.
     */
    public void writeRecord(
        final long position, final long epoch, final DirectBuffer data, final int offset, final int length)
        throws IOException
    {
        if (offset < 0 || length < 0 || (long)offset + length > data.capacity())
        {
            throw new IllegalArgumentException("record bytes " + offset + ".." + ((long)offset + length) +
                " are outside the buffer of " + data.capacity());
        }
        final int at = claim((long)RecordEncoder.BLOCK_LENGTH + DATA_LENGTH_BYTES + length, "Record");
        record.wrapAndApplyHeader(buffer, at, header)
            .position(position)
            .epoch(epoch)
            .putData(data, offset, length);
    }

    /**
     * Encode an Ack.
     *
     * @param epoch    the standby's epoch.
     * @param position the standby's journaled position.
     * @throws IOException if the buffer had to be written to the stream and that failed.
     */
    public void writeAck(final long epoch, final long position) throws IOException
    {
        final int at = claim(AckEncoder.BLOCK_LENGTH, "Ack");
        ack.wrapAndApplyHeader(buffer, at, header).epoch(epoch).position(position);
    }

    /**
     * Encode a Heartbeat.
     *
     * @param epoch       the sender's epoch.
     * @param position    the sender's position.
     * @param timestampNs the sender's clock.
     * @throws IOException if the buffer had to be written to the stream and that failed.
     */
    public void writeHeartbeat(final long epoch, final long position, final long timestampNs) throws IOException
    {
        final int at = claim(HeartbeatEncoder.BLOCK_LENGTH, "Heartbeat");
        heartbeat.wrapAndApplyHeader(buffer, at, header).epoch(epoch).position(position).timestampNs(timestampNs);
    }

    /**
     * Encode a StateHash.
     *
     * @param epoch    the sender's epoch.
     * @param position the position the hash was taken at.
     * @param hash     the state hash.
     * @throws IOException if the buffer had to be written to the stream and that failed.
     */
    public void writeStateHash(final long epoch, final long position, final long hash) throws IOException
    {
        final int at = claim(StateHashEncoder.BLOCK_LENGTH, "StateHash");
        stateHash.wrapAndApplyHeader(buffer, at, header).epoch(epoch).position(position).hash(hash);
    }

    /**
     * Make room for a frame and write its length prefix.
     *
     * @return offset of the frame's SBE header.
     */
    private int claim(final long bodyLength, final String message) throws IOException
    {
        final long frameLength = HEADER_LENGTH + bodyLength;
        if (frameLength > maxFrameBytes)
        {
            throw new ProtocolException(RejectCode.BAD_FRAME, message + " frame length " + frameLength +
                " exceeds maxFrameBytes " + maxFrameBytes);
        }
        final int needed = Protocol.LENGTH_PREFIX_BYTES + (int)frameLength;
        if (bytes.length - limit < needed)
        {
            drain();
        }
        final int at = limit;
        buffer.putInt(at, (int)frameLength, LITTLE_ENDIAN);
        limit = at + needed;
        return at + Protocol.LENGTH_PREFIX_BYTES;
    }

    private void drain() throws IOException
    {
        if (limit > 0)
        {
            final int length = limit;
            limit = 0;
            out.write(bytes, 0, length);
        }
    }

    private static byte[] clusterIdBytes(final String clusterId)
    {
        final long length = Utf8.encodedLength(clusterId);
        if (length < 0 || length > Protocol.MAX_CLUSTER_ID_BYTES)
        {
            throw new IllegalArgumentException("cluster id must be well-formed UTF-16 of at most " +
                Protocol.MAX_CLUSTER_ID_BYTES + " UTF-8 bytes");
        }
        return clusterId.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Length of the longest prefix of at most {@code max} bytes that ends on a character boundary.
     */
    private static int cutAtCharacter(final byte[] utf8, final int max)
    {
        if (utf8.length <= max)
        {
            return utf8.length;
        }
        int cut = max;
        while (cut > 0 && (utf8[cut] & 0xC0) == 0x80)
        {
            cut--;
        }
        return cut;
    }

    private static void checkRole(final NodeRole role)
    {
        if (role == null || role == NodeRole.NULL_VAL)
        {
            throw new IllegalArgumentException("role " + role + " is not a node role");
        }
    }

    private static void checkLength(final byte[] value, final int length, final String name)
    {
        if (value.length != length)
        {
            throw new IllegalArgumentException(name + " must be " + length + " bytes, not " + value.length);
        }
    }
}
