package dev.scribe.replication.link;

import dev.scribe.replication.protocol.LogSafe;
import dev.scribe.replication.protocol.Secret;
import dev.scribe.replication.sbe.AuthAcceptedDecoder;
import dev.scribe.replication.sbe.AuthAcceptedEncoder;
import dev.scribe.replication.sbe.AuthChallengeDecoder;
import dev.scribe.replication.sbe.AuthChallengeEncoder;
import dev.scribe.replication.sbe.AuthDeniedDecoder;
import dev.scribe.replication.sbe.AuthDeniedEncoder;
import dev.scribe.replication.sbe.AuthHelloDecoder;
import dev.scribe.replication.sbe.AuthHelloEncoder;
import dev.scribe.replication.sbe.AuthProofDecoder;
import dev.scribe.replication.sbe.AuthProofEncoder;
import dev.scribe.replication.sbe.DenyCode;
import dev.scribe.replication.sbe.MessageHeaderEncoder;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Authentication, both ways, before anything else crosses a connection:
 *
 * <pre>
 *  dialler                                              listener
 *    AuthHello(version, nodeId, dialler nonce, clusterId)  --&gt;
 *                                  &lt;--  AuthChallenge(listener nonce)       or AuthDenied(code)
 *    AuthProof(dialler's proof)  --&gt;
 *                                  &lt;--  AuthAccepted(listener's proof)     or AuthDenied(code)
 * </pre>
 *
 * The proofs are in {@link AuthProofs}. The listener refuses a replayed dialler nonce, a proof that does not match,
 * another cluster id and any node but its configured peer alike, with {@code AuthDenied(AUTHENTICATION)} and no
 * more: a dialler without the secret learns neither the listener's state nor which of its claims was wrong (the
 * listener's own log says). The dialler believes nothing from the listener before the listener's proof matches:
 * a Denied only ends the attempt, and any other frame before AuthAccepted is a failure. All of it runs within one
 * deadline, over a socket whose SO_TIMEOUT is set to the time left before each read. Thread-safe.
 */
final class AuthHandshake
{
    private final String clusterId;
    private final int nodeId;
    private final int peerNodeId;
    private final Secret secret;
    private final NonceCache nonces = new NonceCache(Wire.REMEMBERED_NONCES);

    AuthHandshake(final LinkSettings settings)
    {
        this.clusterId = settings.clusterId();
        this.nodeId = settings.nodeId();
        this.peerNodeId = settings.peerNodeId();
        this.secret = settings.secret();
    }

    /**
     * Authenticate to the listener, which must prove that it is this node's peer.
     *
     * @param socket     connected to the listener.
     * @param deadlineNs when the handshake must be done, by {@link System#nanoTime()}.
     * @throws HandshakeException saying why it failed.
     * @throws IOException        if the connection fails.
     */
    void dial(final Socket socket, final long deadlineNs) throws IOException
    {
        final Frames frames = new Frames(socket, deadlineNs);
        final byte[] diallerNonce = AuthProofs.nonce();
        frames.hello(nodeId, diallerNonce, clusterId);
        frames.expect(AuthChallengeDecoder.TEMPLATE_ID);
        final byte[] listenerNonce = new byte[Wire.NONCE_BYTES];
        frames.challenge.wrap(frames.in(), frames.block(), AuthChallengeDecoder.BLOCK_LENGTH, Wire.VERSION)
            .getNonce(listenerNonce, 0, Wire.NONCE_BYTES);
        frames.proof(AuthProofs.dialler(secret, clusterId, nodeId, peerNodeId, diallerNonce, listenerNonce));
        frames.expect(AuthAcceptedDecoder.TEMPLATE_ID);
        final byte[] proof = new byte[Wire.MAC_BYTES];
        frames.accepted.wrap(frames.in(), frames.block(), AuthAcceptedDecoder.BLOCK_LENGTH, Wire.VERSION)
            .getMac(proof, 0, Wire.MAC_BYTES);
        final byte[] expected =
            AuthProofs.listener(secret, clusterId, peerNodeId, nodeId, diallerNonce, listenerNonce);
        if (!AuthProofs.matches(expected, proof))
        {
            throw new HandshakeException(DenyCode.AUTHENTICATION, "the peer's proof does not match: it does not hold " +
                "the shared secret, or is not node " + peerNodeId + " of cluster " + LogSafe.quote(clusterId));
        }
    }

    /**
     * Authenticate a dialler, which must prove that it is this node's peer; refuse it otherwise.
     *
     * @param socket     accepted from the dialler.
     * @param deadlineNs when the handshake must be done, by {@link System#nanoTime()}.
     * @throws HandshakeException saying why it failed, in words for this node's log; the dialler was told only
     *                            the code.
     * @throws IOException        if the connection fails.
     */
    void accept(final Socket socket, final long deadlineNs) throws IOException
    {
        final Frames frames = new Frames(socket, deadlineNs);
        try
        {
            frames.expect(AuthHelloDecoder.TEMPLATE_ID);
            final AuthHelloDecoder hello =
                frames.hello.wrap(frames.in(), frames.block(), AuthHelloDecoder.BLOCK_LENGTH, Wire.VERSION);
            final int version = hello.protocolVersion();
            if (version != Wire.VERSION)
            {
                throw new HandshakeException(DenyCode.VERSION, "protocol version " + version +
                    ", this link speaks " + Wire.VERSION);
            }
            final int diallerId = hello.nodeId();
            final byte[] diallerNonce = new byte[Wire.NONCE_BYTES];
            hello.getNonce(diallerNonce, 0, Wire.NONCE_BYTES);
            final String diallerCluster = hello.clusterId();
            if (!nonces.add(diallerNonce))
            {
                throw new HandshakeException(DenyCode.AUTHENTICATION, "node " + diallerId + " sent a nonce seen " +
                    "before: a replayed AuthHello");
            }
            final byte[] listenerNonce = AuthProofs.nonce();
            frames.challenge(listenerNonce);
            frames.expect(AuthProofDecoder.TEMPLATE_ID);
            final byte[] proof = new byte[Wire.MAC_BYTES];
            frames.proof.wrap(frames.in(), frames.block(), AuthProofDecoder.BLOCK_LENGTH, Wire.VERSION)
                .getMac(proof, 0, Wire.MAC_BYTES);
            checkDialler(diallerId, diallerCluster, proof, diallerNonce, listenerNonce);
            frames.accepted(AuthProofs.listener(secret, clusterId, nodeId, diallerId, diallerNonce, listenerNonce));
        }
        catch (final HandshakeException ex)
        {
            frames.denyQuietly(ex.code(), ex);
            throw ex;
        }
    }

    /** Every check runs, and each fails alike on the wire; only this node's log says which. */
    private void checkDialler(
        final int diallerId,
        final String diallerCluster,
        final byte[] proof,
        final byte[] diallerNonce,
        final byte[] listenerNonce) throws HandshakeException
    {
        final boolean proved = AuthProofs.matches(
            AuthProofs.dialler(secret, diallerCluster, diallerId, nodeId, diallerNonce, listenerNonce), proof);
        final boolean sameCluster = clusterId.equals(diallerCluster);
        final boolean isPeer = diallerId == peerNodeId;
        if (!proved)
        {
            throw new HandshakeException(DenyCode.AUTHENTICATION, "node " + diallerId + " failed authentication: " +
                "its proof does not match the shared secret (or names another node than this one)");
        }
        if (!sameCluster)
        {
            throw new HandshakeException(DenyCode.AUTHENTICATION, "node " + diallerId + " failed authentication: " +
                "cluster id " + LogSafe.quote(diallerCluster) + " is not this cluster's");
        }
        if (!isPeer)
        {
            throw new HandshakeException(DenyCode.AUTHENTICATION, "node " + diallerId + " holds the secret but is " +
                "not the configured peer, node " + peerNodeId);
        }
    }

    static String explain(final DenyCode code)
    {
        return switch (code)
        {
            case AUTHENTICATION -> "authentication failed (wrong secret, cluster id or node id, or a replayed nonce)";
            case VERSION -> "it speaks another version of the protocol";
            case TIMEOUT -> "the handshake took too long";
            case MALFORMED -> "a malformed handshake";
            default -> "code " + code;
        };
    }

    /** The frames of one handshake: a reader and encoders sized for handshake frames only. */
    private static final class Frames
    {
        final AuthHelloDecoder hello = new AuthHelloDecoder();
        final AuthChallengeDecoder challenge = new AuthChallengeDecoder();
        final AuthProofDecoder proof = new AuthProofDecoder();
        final AuthAcceptedDecoder accepted = new AuthAcceptedDecoder();
        private final FrameInput input;
        private final OutputStream out;
        private final UnsafeBuffer buffer =
            new UnsafeBuffer(new byte[Wire.LENGTH_PREFIX_BYTES + Wire.HANDSHAKE_MAX_FRAME_BYTES]);
        private final MessageHeaderEncoder header = new MessageHeaderEncoder();

        Frames(final Socket socket, final long deadlineNs) throws IOException
        {
            this.input = new FrameInput(new DeadlineInputStream(socket, deadlineNs), Wire.HANDSHAKE_MAX_FRAME_BYTES,
                0);
            this.out = socket.getOutputStream();
        }

        UnsafeBuffer in()
        {
            return input.buffer();
        }

        int block()
        {
            return input.frameOffset() + Wire.HEADER_BYTES;
        }

        void expect(final int templateId) throws IOException
        {
            final String expected = WireValidator.name(templateId);
            final int received;
            try
            {
                received = input.read();
            }
            catch (final SocketTimeoutException ex)
            {
                throw new HandshakeException(DenyCode.TIMEOUT, "no " + expected + " within the handshake deadline",
                    ex);
            }
            catch (final WireException ex)
            {
                throw new HandshakeException(ex.code(), ex.getMessage(), ex);
            }
            if (received == FrameInput.END_OF_STREAM)
            {
                throw new HandshakeException(DenyCode.MALFORMED, "the connection closed before " + expected);
            }
            if (received == AuthDeniedDecoder.TEMPLATE_ID && templateId != received)
            {
                final DenyCode code = new AuthDeniedDecoder()
                    .wrap(in(), block(), AuthDeniedDecoder.BLOCK_LENGTH, Wire.VERSION).code();
                throw new HandshakeException(code, "the peer denied the connection: " + explain(code));
            }
            if (received != templateId)
            {
                throw new HandshakeException(DenyCode.MALFORMED, "the peer sent " + WireValidator.name(received) +
                    " where " + expected + " belongs");
            }
        }

        void hello(final int nodeId, final byte[] nonce, final String clusterId) throws IOException
        {
            final byte[] cluster = clusterId.getBytes(StandardCharsets.UTF_8);
            final AuthHelloEncoder encoder = new AuthHelloEncoder();
            encoder.wrapAndApplyHeader(buffer, Wire.LENGTH_PREFIX_BYTES, header)
                .protocolVersion(Wire.VERSION)
                .nodeId(nodeId)
                .putNonce(nonce, 0, Wire.NONCE_BYTES)
                .putClusterId(cluster, 0, cluster.length);
            send(encoder.encodedLength());
        }

        void challenge(final byte[] nonce) throws IOException
        {
            final AuthChallengeEncoder encoder = new AuthChallengeEncoder();
            encoder.wrapAndApplyHeader(buffer, Wire.LENGTH_PREFIX_BYTES, header).putNonce(nonce, 0, Wire.NONCE_BYTES);
            send(encoder.encodedLength());
        }

        void proof(final byte[] mac) throws IOException
        {
            final AuthProofEncoder encoder = new AuthProofEncoder();
            encoder.wrapAndApplyHeader(buffer, Wire.LENGTH_PREFIX_BYTES, header).putMac(mac, 0, Wire.MAC_BYTES);
            send(encoder.encodedLength());
        }

        void accepted(final byte[] mac) throws IOException
        {
            final AuthAcceptedEncoder encoder = new AuthAcceptedEncoder();
            encoder.wrapAndApplyHeader(buffer, Wire.LENGTH_PREFIX_BYTES, header).putMac(mac, 0, Wire.MAC_BYTES);
            send(encoder.encodedLength());
        }

        /** Tell the dialler the code, if the connection still allows it; a failure is added to the original. */
        void denyQuietly(final DenyCode code, final Exception failure)
        {
            try
            {
                final AuthDeniedEncoder encoder = new AuthDeniedEncoder();
                encoder.wrapAndApplyHeader(buffer, Wire.LENGTH_PREFIX_BYTES, header).code(code);
                send(encoder.encodedLength());
            }
            catch (final IOException | RuntimeException ex)
            {
                failure.addSuppressed(ex);
            }
        }

        private void send(final int messageLength) throws IOException
        {
            final int frameLength = Wire.HEADER_BYTES + messageLength;
            buffer.putInt(0, frameLength, LITTLE_ENDIAN);
            out.write(buffer.byteArray(), 0, Wire.LENGTH_PREFIX_BYTES + frameLength);
            out.flush();
        }
    }
}
