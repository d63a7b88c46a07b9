package dev.scribe.replication.protocol;

import dev.scribe.replication.sbe.AuthenticateDecoder;
import dev.scribe.replication.sbe.HelloDecoder;
import dev.scribe.replication.sbe.RejectCode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The accepting side of the handshake (normally the primary); the exchange is drawn in {@link ClientHandshake}.
 *
 * <p>In order: read the Hello and check the protocol version ({@link RejectCode#BAD_VERSION}) and that the client
 * nonce was not seen recently ({@link RejectCode#REPLAYED_NONCE}); send the Challenge; read the Authenticate,
 * compare the client's proof in constant time and check the cluster id; a wrong proof and a wrong cluster id are
 * one and the same refusal ({@link RejectCode#BAD_AUTH}, {@link #AUTHENTICATION_FAILED}); only then ask the
 * {@link AdmissionPolicy}, and send its Welcome, with the server's proof, or its Reject. Every failure is sent to
 * the client as a Reject where the connection allows, and thrown to the caller with the details.
 *
 * <p>Before the client has proved itself it learns nothing about the server: nothing but the Challenge or a Reject
 * is sent; a Reject then carries epoch {@value #UNAUTHENTICATED_EPOCH} and a fixed reason for its code, never the
 * server's epoch nor anything about what the client sent, so a guessed cluster id is not confirmed; and the policy
 * is never called. Peer-chosen text in the thrown exceptions' messages is escaped with {@link LogSafe}.
 *
 * <p>Over a {@link Socket}, the whole handshake must finish within the timeout (a client that sends nothing gets a
 * {@link RejectCode#TIMEOUT} Reject): before each read the socket's SO_TIMEOUT is set to the time left, and
 * afterwards restored. Over plain streams, the caller bounds the reads. The server remembers the last
 * {@value Protocol#REMEMBERED_NONCES} client nonces across the handshakes it runs; it may run handshakes on several
 * threads at once.
 */
public final class ServerHandshake
{
    /** The reason of every Reject for a failed authentication, whatever was wrong. */
    public static final String AUTHENTICATION_FAILED =
        "authentication failed: the cluster id or the shared secret does not match";
    /** The epoch a Reject carries before the client has authenticated. */
    public static final long UNAUTHENTICATED_EPOCH = 0;

    private final String clusterId;
    private final int nodeId;
    private final Secret secret;
    private final Duration timeout;
    private final LongSupplier epoch;
    private final AdmissionPolicy policy;
    private final NonceCache nonces = new NonceCache(Protocol.REMEMBERED_NONCES);

    /**
     * A server handshake for one node.
     *
     * @param clusterId the cluster's id, at most {@link Protocol#MAX_CLUSTER_ID_BYTES} bytes of UTF-8.
     * @param nodeId    this node's id, sent in the Challenge.
     * @param secret    the cluster's shared secret.
     * @param timeout   how long a handshake over a socket may take in all.
     * @param epoch     this node's current epoch, sent in the policy's Rejects (to authenticated clients only).
     * @param policy    decides on authenticated clients.
     */
    public ServerHandshake(
        final String clusterId,
        final int nodeId,
        final Secret secret,
        final Duration timeout,
        final LongSupplier epoch,
        final AdmissionPolicy policy)
    {
        this.clusterId = ClientHandshake.checkClusterId(clusterId);
        this.nodeId = nodeId;
        this.secret = Objects.requireNonNull(secret, "secret");
        this.timeout = HandshakeChannel.checkTimeout(timeout);
        this.epoch = Objects.requireNonNull(epoch, "epoch");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /**
     * Run the handshake over an accepted socket, within the timeout. The socket stays open whatever happens; close
     * it if this throws.
     *
     * @param socket accepted from a client.
     * @return the authenticated client and what it was granted.
     * @throws RejectedException if the client sent a Reject.
     * @throws ProtocolException if the client was refused, by these checks or by the policy; the code says why
     *                           and was sent to the client where possible.
     * @throws IOException       if the connection fails.
     */
    public AcceptedPeer run(final Socket socket) throws IOException
    {
        final int soTimeout = socket.getSoTimeout();
        try
        {
            final long deadlineNs = HandshakeChannel.deadlineNs(timeout);
            return run(new DeadlineInputStream(socket, deadlineNs), socket.getOutputStream());
        }
        finally
        {
            HandshakeChannel.restoreTimeout(socket, soTimeout);
        }
    }

    /**
     * Run the handshake over streams; the caller bounds how long reads may block.
     *
     * @param in  from the client.
     * @param out to the client.
     * @return the authenticated client and what it was granted.
     * @throws RejectedException if the client sent a Reject.
     * @throws ProtocolException if the client was refused, by these checks or by the policy; the code says why
     *                           and was sent to the client where possible.
     * @throws IOException       if a stream fails.
     */
    public AcceptedPeer run(final InputStream in, final OutputStream out) throws IOException
    {
        final HandshakeChannel channel = new HandshakeChannel(in, out);
        final Authenticated client;
        try
        {
            client = authenticate(channel);
        }
        catch (final RejectedException ex)
        {
            throw ex;
        }
        catch (final ProtocolException ex)
        {
            channel.rejectQuietly(ex.code(), UNAUTHENTICATED_EPOCH, unauthenticatedReason(ex.code()), ex);
            throw ex;
        }
        final Hello hello = client.hello();
        final Decision decision = decide(channel, hello);
        if (!decision.accepted())
        {
            channel.writer.writeReject(decision.code(), epoch.getAsLong(), decision.reason());
            channel.writer.flush();
            throw new ProtocolException(decision.code(), "node " + hello.nodeId() + " refused: " + decision.reason());
        }
        final Welcome welcome = decision.welcome();
        final byte[] proof = Proofs.server(secret, client.clientNonce(), client.serverNonce(), welcome);
        channel.writer.writeWelcome(welcome, proof);
        channel.writer.flush();
        return new AcceptedPeer(hello, welcome);
    }

    private Authenticated authenticate(final HandshakeChannel channel) throws IOException
    {
        channel.expect(HelloDecoder.TEMPLATE_ID);
        final HelloDecoder decoder = channel.reader.hello();
        final int version = decoder.protocolVersion();
        if (version != Protocol.VERSION)
        {
            throw new ProtocolException(RejectCode.BAD_VERSION,
                "protocol version " + version + ", this server speaks " + Protocol.VERSION);
        }
        final byte[] clientNonce = new byte[Protocol.NONCE_BYTES];
        decoder.getNonce(clientNonce, 0, Protocol.NONCE_BYTES);
        final Hello hello = new Hello(
            decoder.clusterId(), decoder.nodeId(), decoder.role(), decoder.epoch(), decoder.lastPosition());
        if (hello.epoch() < 0 || hello.lastPosition() < Protocol.NO_POSITION)
        {
            throw new ProtocolException(RejectCode.BAD_FRAME, "Hello epoch " + hello.epoch() + " or lastPosition " +
                hello.lastPosition() + " is out of range");
        }
        if (!nonces.add(clientNonce))
        {
            throw new ProtocolException(RejectCode.REPLAYED_NONCE,
                "the client nonce was seen before: a replayed Hello");
        }
        final byte[] serverNonce = Proofs.nonce();
        channel.writer.writeChallenge(nodeId, serverNonce);
        channel.writer.flush();

        channel.expect(AuthenticateDecoder.TEMPLATE_ID);
        final byte[] proof = new byte[Protocol.MAC_BYTES];
        channel.reader.authenticate().getMac(proof, 0, Protocol.MAC_BYTES);
        // both checks always run, and fail alike: the client is not told which was wrong
        final boolean proved = Proofs.matches(Proofs.client(secret, hello, clientNonce, serverNonce), proof);
        final boolean sameCluster = clusterId.equals(hello.clusterId());
        if (!sameCluster)
        {
            throw new ProtocolException(RejectCode.BAD_AUTH, "node " + hello.nodeId() + " failed authentication: " +
                "cluster id " + LogSafe.quote(hello.clusterId()) + " is not this cluster's");
        }
        if (!proved)
        {
            throw new ProtocolException(RejectCode.BAD_AUTH,
                "node " + hello.nodeId() + " failed authentication: its proof does not match the shared secret");
        }
        return new Authenticated(hello, clientNonce, serverNonce);
    }

    /** What a client that has not authenticated is told: a fixed sentence per code, nothing it sent. */
    static String unauthenticatedReason(final RejectCode code)
    {
        return switch (code)
        {
            case BAD_AUTH -> AUTHENTICATION_FAILED;
            case BAD_VERSION -> "protocol version not supported; this server speaks version " + Protocol.VERSION;
            case REPLAYED_NONCE -> "replayed Hello";
            case TIMEOUT -> "handshake timed out";
            default -> "malformed handshake";
        };
    }

    private Decision decide(final HandshakeChannel channel, final Hello hello)
    {
        final Decision decision;
        try
        {
            decision = policy.decide(hello);
        }
        catch (final RuntimeException ex)
        {
            channel.rejectQuietly(RejectCode.BUSY, epoch.getAsLong(), "the server failed to decide", ex);
            throw ex;
        }
        if (decision == null)
        {
            final IllegalStateException ex = new IllegalStateException("admission policy returned null");
            channel.rejectQuietly(RejectCode.BUSY, epoch.getAsLong(), "the server failed to decide", ex);
            throw ex;
        }
        return decision;
    }

    /** A client that proved itself, and the nonces the server's proof will cover. */
    private record Authenticated(Hello hello, byte[] clientNonce, byte[] serverNonce)
    {
    }
}
