package dev.scribe.replication.protocol;

import dev.scribe.codecs.Utf8;
import dev.scribe.replication.sbe.ChallengeDecoder;
import dev.scribe.replication.sbe.NodeRole;
import dev.scribe.replication.sbe.RejectCode;
import dev.scribe.replication.sbe.WelcomeDecoder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;

/**
 * The connecting side of the handshake (normally a standby):
 *
 * <pre>
 *  client                                   server
 *    Hello(version, role, nodeId, epoch, lastPosition, client nonce, clusterId)  --&gt;
 *                               &lt;--  Challenge(nodeId, server nonce)      or Reject
 *    Authenticate(client proof)  --&gt;
 *                               &lt;--  Welcome(..., server proof)         or Reject
 * </pre>
 *
 * The client checks the server's proof before it believes anything in the Welcome, so it only streams from a
 * server that holds the shared secret. The proofs are described in the package documentation.
 *
 * <p>Over a {@link Socket}, the whole handshake must finish within the timeout: before each read the socket's
 * SO_TIMEOUT is set to the time left, and afterwards restored to what it was. Over plain streams, the caller
 * bounds the reads (for example with SO_TIMEOUT). Writes are a few hundred bytes and do not block on a live
 * connection. An instance holds no connection state and may be used by several threads.
 */
public final class ClientHandshake
{
    private final String clusterId;
    private final int nodeId;
    private final Secret secret;
    private final Duration timeout;

    /**
     * A client handshake for one node.
     *
     * @param clusterId the cluster's id, at most {@link Protocol#MAX_CLUSTER_ID_BYTES} bytes of UTF-8.
     * @param nodeId    this node's id.
     * @param secret    the cluster's shared secret.
     * @param timeout   how long a handshake over a socket may take in all.
     */
    public ClientHandshake(final String clusterId, final int nodeId, final Secret secret, final Duration timeout)
    {
        this.clusterId = checkClusterId(clusterId);
        this.nodeId = nodeId;
        this.secret = Objects.requireNonNull(secret, "secret");
        this.timeout = HandshakeChannel.checkTimeout(timeout);
    }

    /**
     * Run the handshake over a connected socket, within the timeout. The socket stays open whatever happens; close
     * it if this throws.
     *
     * @param socket       connected to the server.
     * @param role         this node's role.
     * @param epoch        this node's epoch.
     * @param lastPosition position of this node's last journal record, or {@link Protocol#NO_POSITION}.
     * @return the server's Welcome, its proof checked.
     * @throws RejectedException if the server sent a Reject.
     * @throws ProtocolException if the server's proof does not match ({@link RejectCode#BAD_AUTH}), it sent a
     *                           malformed or unexpected frame, or the timeout passed ({@link RejectCode#TIMEOUT}).
     * @throws IOException       if the connection fails.
     */
    public Welcome run(final Socket socket, final NodeRole role, final long epoch, final long lastPosition)
        throws IOException
    {
        final int soTimeout = socket.getSoTimeout();
        try
        {
            final long deadlineNs = HandshakeChannel.deadlineNs(timeout);
            return run(new DeadlineInputStream(socket, deadlineNs), socket.getOutputStream(), role, epoch,
                lastPosition);
        }
        finally
        {
            HandshakeChannel.restoreTimeout(socket, soTimeout);
        }
    }

    /**
     * Run the handshake over streams; the caller bounds how long reads may block.
     *
     * @param in           from the server.
     * @param out          to the server.
     * @param role         this node's role.
     * @param epoch        this node's epoch, not negative.
     * @param lastPosition position of this node's last journal record, or {@link Protocol#NO_POSITION}.
     * @return the server's Welcome, its proof checked.
     * @throws RejectedException if the server sent a Reject.
     * @throws ProtocolException if the server's proof does not match, or it sent a malformed or unexpected frame.
     * @throws IOException       if a stream fails.
     */
    public Welcome run(
        final InputStream in, final OutputStream out, final NodeRole role, final long epoch, final long lastPosition)
        throws IOException
    {
        final Hello hello = checkHello(role, epoch, lastPosition);
        final HandshakeChannel channel = new HandshakeChannel(in, out);
        try
        {
            final byte[] clientNonce = Proofs.nonce();
            channel.writer.writeHello(Protocol.VERSION, role, nodeId, epoch, lastPosition, clientNonce, clusterId);
            channel.writer.flush();

            channel.expect(ChallengeDecoder.TEMPLATE_ID);
            final byte[] serverNonce = new byte[Protocol.NONCE_BYTES];
            channel.reader.challenge().getNonce(serverNonce, 0, Protocol.NONCE_BYTES);
            channel.writer.writeAuthenticate(Proofs.client(secret, hello, clientNonce, serverNonce));
            channel.writer.flush();

            channel.expect(WelcomeDecoder.TEMPLATE_ID);
            return verify(channel.reader.welcome(), clientNonce, serverNonce);
        }
        catch (final RejectedException ex)
        {
            throw ex;
        }
        catch (final ProtocolException ex)
        {
            channel.rejectQuietly(ex.code(), epoch, ex.getMessage(), ex);
            throw ex;
        }
    }

    private Welcome verify(final WelcomeDecoder decoder, final byte[] clientNonce, final byte[] serverNonce)
    {
        final NodeRole role = decoder.role();
        final long epoch = decoder.epoch();
        final long lastPosition = decoder.lastPosition();
        final long startPosition = decoder.startPosition();
        final long truncateFrom = decoder.truncateFrom();
        final String problem = Welcome.problem(role, epoch, lastPosition, startPosition, truncateFrom);
        if (problem != null)
        {
            throw new ProtocolException(RejectCode.BAD_FRAME, problem);
        }
        final Welcome welcome = new Welcome(role, decoder.nodeId(), epoch, lastPosition, startPosition, truncateFrom);
        final byte[] proof = new byte[Protocol.MAC_BYTES];
        decoder.getMac(proof, 0, Protocol.MAC_BYTES);
        if (!Proofs.matches(Proofs.server(secret, clientNonce, serverNonce, welcome), proof))
        {
            throw new ProtocolException(RejectCode.BAD_AUTH,
                "the server's proof does not match: it does not hold the shared secret, or the Welcome was altered");
        }
        return welcome;
    }

    private Hello checkHello(final NodeRole role, final long epoch, final long lastPosition)
    {
        if (role != NodeRole.PRIMARY && role != NodeRole.STANDBY)
        {
            throw new IllegalArgumentException("role " + role + " is not a node role");
        }
        if (epoch < 0)
        {
            throw new IllegalArgumentException("epoch " + epoch + " is negative");
        }
        if (lastPosition < Protocol.NO_POSITION)
        {
            throw new IllegalArgumentException("lastPosition " + lastPosition + " is below -1");
        }
        return new Hello(clusterId, nodeId, role, epoch, lastPosition);
    }

    static String checkClusterId(final String clusterId)
    {
        Objects.requireNonNull(clusterId, "clusterId");
        final long length = Utf8.encodedLength(clusterId);
        if (clusterId.isEmpty() || length < 0 || length > Protocol.MAX_CLUSTER_ID_BYTES)
        {
            throw new IllegalArgumentException("cluster id must be 1 to " + Protocol.MAX_CLUSTER_ID_BYTES +
                " bytes of UTF-8 without unpaired surrogates");
        }
        return clusterId;
    }
}
