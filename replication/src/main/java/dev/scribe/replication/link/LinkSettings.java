package dev.scribe.replication.link;

import dev.scribe.codecs.Utf8;
import dev.scribe.replication.protocol.Secret;
import dev.scribe.replication.sbe.PeerRecordEncoder;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

import javax.net.ssl.SSLContext;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Settings of a {@link SocketPeerLink}: who this node and its peer are, the shared secret, where to listen and
 * dial, TLS, timing and limits. {@link #conclude()} checks them and names what is wrong; the link concludes its
 * settings itself.
 */
public final class LinkSettings
{
    /** Default silence after which a connection counts as lost; also the handshake's deadline. */
    public static final Duration HEARTBEAT_TIMEOUT_DEFAULT = Duration.ofMillis(250);
    /** Default largest frame. */
    public static final int MAX_FRAME_BYTES_DEFAULT = 1 << 20;
    /** Default shortest time between two log lines about refused connections or failed dials. */
    public static final Duration REFUSAL_LOG_INTERVAL_DEFAULT = Duration.ofSeconds(5);

    private String clusterId;
    private int nodeId = -1;
    private int peerNodeId = -1;
    private Secret secret;
    private InetSocketAddress listen;
    private InetSocketAddress peer;
    private SSLContext sslContext;
    private Duration heartbeatTimeout = HEARTBEAT_TIMEOUT_DEFAULT;
    private int maxFrameBytes = MAX_FRAME_BYTES_DEFAULT;
    private Duration refusalLogInterval = REFUSAL_LOG_INTERVAL_DEFAULT;
    private Consumer<String> log;
    private NanoClock clock = SystemNanoClock.INSTANCE;

    /**
     * Check the settings.
     *
     * @return this.
     * @throws IllegalArgumentException naming the missing or wrong setting.
     */
    public LinkSettings conclude()
    {
        final long clusterIdBytes = null == clusterId ? -1 : Utf8.encodedLength(clusterId);
        require(clusterIdBytes >= 1 && clusterIdBytes <= Wire.MAX_CLUSTER_ID_BYTES,
            "clusterId must be 1 to " + Wire.MAX_CLUSTER_ID_BYTES + " bytes of UTF-8");
        require(nodeId >= 0, "nodeId must be set and not negative");
        require(peerNodeId >= 0, "peerNodeId must be set and not negative");
        require(nodeId != peerNodeId, "nodeId and peerNodeId must differ: both are " + nodeId);
        require(null != secret, "secret must be set");
        require(null != listen, "listen address must be set");
        require(null != peer, "peer address must be set");
        require(!heartbeatTimeout.isNegative() && !heartbeatTimeout.isZero(), "heartbeatTimeout must be positive");
        require(maxFrameBytes >= Wire.MIN_MAX_FRAME_BYTES && maxFrameBytes <= Wire.MAX_MAX_FRAME_BYTES,
            "maxFrameBytes must be " + Wire.MIN_MAX_FRAME_BYTES + " to " + Wire.MAX_MAX_FRAME_BYTES + ": " +
            maxFrameBytes);
        require(!refusalLogInterval.isNegative(), "refusalLogInterval must not be negative");
        require(null != log, "log (where the link's log lines go) must be set");
        return this;
    }

    private static void require(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * Set the cluster id both nodes share; a peer with another is refused.
     *
     * @param clusterId 1 to 64 bytes of UTF-8.
     * @return this.
     */
    public LinkSettings clusterId(final String clusterId)
    {
        this.clusterId = clusterId;
        return this;
    }

    /**
     * The cluster id.
     *
     * @return the id.
     */
    public String clusterId()
    {
        return clusterId;
    }

    /**
     * Set this node's id.
     *
     * @param nodeId not negative.
     * @return this.
     */
    public LinkSettings nodeId(final int nodeId)
    {
        this.nodeId = nodeId;
        return this;
    }

    /**
     * This node's id.
     *
     * @return the id.
     */
    public int nodeId()
    {
        return nodeId;
    }

    /**
     * Set the peer's id: the only node admitted, and the only one dialled.
     *
     * @param peerNodeId not negative, not this node's.
     * @return this.
     */
    public LinkSettings peerNodeId(final int peerNodeId)
    {
        this.peerNodeId = peerNodeId;
        return this;
    }

    /**
     * The peer's id.
     *
     * @return the id.
     */
    public int peerNodeId()
    {
        return peerNodeId;
    }

    /**
     * Set the shared secret that authenticates both nodes to each other.
     *
     * @param secret the secret.
     * @return this.
     */
    public LinkSettings secret(final Secret secret)
    {
        this.secret = secret;
        return this;
    }

    /**
     * The shared secret.
     *
     * @return the secret, which does not show its bytes.
     */
    public Secret secret()
    {
        return secret;
    }

    /**
     * Set the address to listen on for the peer.
     *
     * @param listen the address; port 0 picks a free one (see {@link SocketPeerLink#listenAddress()}).
     * @return this.
     */
    public LinkSettings listen(final InetSocketAddress listen)
    {
        this.listen = listen;
        return this;
    }

    /**
     * The listening address.
     *
     * @return the address.
     */
    public InetSocketAddress listen()
    {
        return listen;
    }

    /**
     * Set the peer's address, dialled; with TLS its certificate must name the host or IP address given here.
     *
     * @param peer the address; port 0 if it is not known yet (nothing is dialled until it is set with
     *             {@link SocketPeerLink#peer(InetSocketAddress)}).
     * @return this.
     */
    public LinkSettings peer(final InetSocketAddress peer)
    {
        this.peer = peer;
        return this;
    }

    /**
     * The peer's address.
     *
     * @return the address.
     */
    public InetSocketAddress peer()
    {
        return peer;
    }

    /**
     * Use TLS: the context's key manager holds this node's key, its trust manager the authority that signed the
     * peer's certificate.
     *
     * @param sslContext the context, or null for plain TCP (the default).
     * @return this.
     */
    public LinkSettings sslContext(final SSLContext sslContext)
    {
        this.sslContext = sslContext;
        return this;
    }

    /**
     * The TLS context.
     *
     * @return the context, or null.
     */
    public SSLContext sslContext()
    {
        return sslContext;
    }

    /**
     * Set the heartbeat timeout: the deadline of a connection's TCP connect, TLS and authentication, how long a
     * write may stay blocked (or the outgoing buffer full) before the peer counts as not reading, and how long a
     * closing connection may take to send what it holds.
     *
     * @param timeout positive; default {@link #HEARTBEAT_TIMEOUT_DEFAULT}.
     * @return this.
     */
    public LinkSettings heartbeatTimeout(final Duration timeout)
    {
        this.heartbeatTimeout = Objects.requireNonNull(timeout, "heartbeatTimeout");
        return this;
    }

    /**
     * The heartbeat timeout.
     *
     * @return the timeout.
     */
    public Duration heartbeatTimeout()
    {
        return heartbeatTimeout;
    }

    /**
     * The smallest {@code maxFrameBytes} that carries a journal record of a size: the record's bytes and the
     * record frame's header.
     *
     * @param recordBytes the journal's largest record ({@code JournalContext.maxRecordBytes}).
     * @return bytes.
     */
    public static int frameBytesFor(final int recordBytes)
    {
        return Math.max(Wire.MIN_MAX_FRAME_BYTES, Wire.HEADER_BYTES + PeerRecordEncoder.BLOCK_LENGTH +
            WireValidator.DATA_LENGTH_BYTES + recordBytes);
    }

    /**
     * Set the largest frame sent or accepted; a larger one arriving ends its connection. Each connection's
     * outgoing buffer and the link's incoming buffer hold at least eight such frames.
     *
     * @param maxFrameBytes 4096 to 2^25; at least {@link #frameBytesFor} the journal's largest record. Each
     *                      connection's buffers take about 16 times this.
     * @return this.
     */
    public LinkSettings maxFrameBytes(final int maxFrameBytes)
    {
        this.maxFrameBytes = maxFrameBytes;
        return this;
    }

    /**
     * The largest frame.
     *
     * @return bytes, without the length prefix.
     */
    public int maxFrameBytes()
    {
        return maxFrameBytes;
    }

    /**
     * Set the shortest time between two log lines about refused connections, failed dials or closed connections:
     * the first is logged at once, the ones that follow within the interval are counted and summed up in one line.
     *
     * @param interval not negative; zero logs every one. Default {@link #REFUSAL_LOG_INTERVAL_DEFAULT}.
     * @return this.
     */
    public LinkSettings refusalLogInterval(final Duration interval)
    {
        this.refusalLogInterval = Objects.requireNonNull(interval, "refusalLogInterval");
        return this;
    }

    /**
     * The shortest time between two log lines about refusals.
     *
     * @return the interval.
     */
    public Duration refusalLogInterval()
    {
        return refusalLogInterval;
    }

    /**
     * Set where the link's log lines go: refusals, failed dials, connections closed for a broken protocol or a
     * peer that stopped reading. Whatever a peer chose is escaped first.
     *
     * @param log receives the lines, from the link's threads.
     * @return this.
     */
    public LinkSettings log(final Consumer<String> log)
    {
        this.log = log;
        return this;
    }

    /**
     * Where log lines go.
     *
     * @return the consumer.
     */
    public Consumer<String> log()
    {
        return log;
    }

    /**
     * Set the clock the link measures its timeouts with.
     *
     * @param clock monotonic nanoseconds; default the system's.
     * @return this.
     */
    public LinkSettings clock(final NanoClock clock)
    {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /**
     * The clock.
     *
     * @return the clock.
     */
    public NanoClock clock()
    {
        return clock;
    }

    @Override
    public String toString()
    {
        return "LinkSettings{clusterId=" + clusterId + ", nodeId=" + nodeId + ", peerNodeId=" + peerNodeId +
            ", listen=" + listen + ", peer=" + peer + ", tls=" + (null != sslContext) + ", heartbeatTimeout=" +
            heartbeatTimeout + ", maxFrameBytes=" + maxFrameBytes + ", secret=" + (null == secret ? "unset" : "set") +
            "}";
    }
}
