package dev.scribe.replication;

import dev.scribe.engine.EngineContext;
import dev.scribe.engine.EngineRole;
import dev.scribe.replication.link.LinkSettings;
import dev.scribe.replication.protocol.Secret;

import javax.net.ssl.SSLContext;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Settings of one node of a replicated pair: who it is, where it listens, where its peer is, the shared secret,
 * timing, and how to build its engine. {@link #conclude()} checks them and names what is wrong.
 */
public final class ReplicationContext
{
    /**
     * Defaults and the system properties that override them (a value set on the context wins over both).
     */
    public static final class Configuration
    {
        /** System property for the heartbeat interval, in milliseconds. */
        public static final String HEARTBEAT_INTERVAL_PROP_NAME = "scribe.replication.heartbeat.interval.ms";
        /** Default interval between heartbeats when a link is idle. */
        public static final Duration HEARTBEAT_INTERVAL_DEFAULT = Duration.ofMillis(50);
        /** System property for the heartbeat timeout, in milliseconds. */
        public static final String HEARTBEAT_TIMEOUT_PROP_NAME = "scribe.replication.heartbeat.timeout.ms";
        /** Default silence after which a link counts as lost. */
        public static final Duration HEARTBEAT_TIMEOUT_DEFAULT = Duration.ofMillis(250);
        /** System property for the refusal log interval, in milliseconds. */
        public static final String REFUSAL_LOG_INTERVAL_PROP_NAME = "scribe.replication.refusal.log.interval.ms";
        /**
         * Default shortest time between two log lines about refused connections: the refusals in between are
         * counted and summed up in the next line.
         */
        public static final Duration REFUSAL_LOG_INTERVAL_DEFAULT = Duration.ofSeconds(5);
        /** System property for the state hash check interval. */
        public static final String HASH_CHECK_INTERVAL_PROP_NAME = "scribe.replication.hash.check.interval";
        /**
         * Default state hash check interval: every 2^20 records. Each check hashes all aggregate state on the
         * business-logic thread.
         */
        public static final int HASH_CHECK_INTERVAL_DEFAULT = 1 << 20;
        /** System property for the largest frame, in bytes. */
        public static final String MAX_FRAME_BYTES_PROP_NAME = "scribe.replication.max.frame.bytes";
        /** Default largest frame: 0, just what the journal's largest record needs. */
        public static final int MAX_FRAME_BYTES_DEFAULT = 0;

        /**
         * The longest heartbeat or refusal-log time, about 36 years: the node counts in nanoseconds and waits up to
         * five heartbeat timeouts at once (resuming), which must not overflow.
         */
        static final Duration LONGEST = Duration.ofNanos(Long.MAX_VALUE / 8);

        private Configuration()
        {
        }

        static Duration millis(final String property, final Duration defaultValue)
        {
            final String value = System.getProperty(property);
            if (null == value)
            {
                return defaultValue;
            }
            final long parsed = parse(property, value);
            if (parsed > LONGEST.toMillis())
            {
                throw new IllegalArgumentException("system property " + property + " is too large: " + value +
                    " (at most " + LONGEST.toMillis() + ")");
            }
            return Duration.ofMillis(parsed);
        }

        static int integer(final String property, final int defaultValue)
        {
            final String value = System.getProperty(property);
            final long parsed = null == value ? defaultValue : parse(property, value);
            if (parsed > Integer.MAX_VALUE)
            {
                throw new IllegalArgumentException("system property " + property + " is too large: " + value);
            }
            return (int)parsed;
        }

        private static long parse(final String property, final String value)
        {
            try
            {
                final long parsed = Long.parseLong(value.trim());
                if (parsed < 0)
                {
                    throw new IllegalArgumentException("system property " + property + " must not be negative: " +
                        value);
                }
                return parsed;
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("system property " + property + " must be a whole number: '" +
                    value + "'", ex);
            }
        }
    }

    private String clusterId;
    private int nodeId = -1;
    private int peerNodeId = -1;
    private InetSocketAddress listen;
    private InetSocketAddress peer;
    private byte[] secret;
    private SSLContext sslContext;
    // settings a system property may give: null until set in code, or resolved by conclude()
    private Duration heartbeatInterval;
    private Duration heartbeatTimeout;
    private boolean autoPromote;
    private Integer maxFrameBytes;
    private Duration refusalLogInterval;
    private EngineRole initialRole = EngineRole.STANDBY;
    private boolean newCluster;
    private Integer hashCheckInterval;
    private Supplier<EngineContext> engine;
    private boolean concluded;

    /**
     * Check the settings.
     *
     * @return this.
     * @throws IllegalArgumentException naming the missing or wrong setting.
     */
    public ReplicationContext conclude()
    {
        if (concluded)
        {
            return this;
        }
        require(null != clusterId && !clusterId.isEmpty() && clusterId.length() <= 64,
            "clusterId must be 1 to 64 characters");
        require(nodeId >= 0, "nodeId must be set and not negative");
        if (peerNodeId < 0 && (nodeId == 1 || nodeId == 2))
        {
            peerNodeId = 3 - nodeId;
        }
        require(peerNodeId >= 0, "peerNodeId must be set and not negative (it defaults only for node ids 1 and 2)");
        require(peerNodeId != nodeId, "peerNodeId must differ from nodeId: both are " + nodeId);
        require(null != listen, "listen address must be set");
        require(null != peer, "peer address must be set");
        require(null != secret && secret.length >= 16, "secret must be at least 16 bytes");
        require(null != engine, "engine (a supplier of the node's EngineContext) must be set");
        heartbeatInterval = heartbeatInterval();
        heartbeatTimeout = heartbeatTimeout();
        maxFrameBytes = maxFrameBytes();
        refusalLogInterval = refusalLogInterval();
        hashCheckInterval = hashCheckInterval();
        require(!heartbeatInterval.isNegative() && !heartbeatInterval.isZero(), "heartbeatInterval (or system " +
            "property " + Configuration.HEARTBEAT_INTERVAL_PROP_NAME + ") must be positive");
        require(heartbeatInterval.compareTo(Configuration.LONGEST) <= 0, "heartbeatInterval (or system property " +
            Configuration.HEARTBEAT_INTERVAL_PROP_NAME + ") must be at most " + Configuration.LONGEST + ": " +
            heartbeatInterval);
        require(heartbeatTimeout.compareTo(Configuration.LONGEST) <= 0, "heartbeatTimeout (or system property " +
            Configuration.HEARTBEAT_TIMEOUT_PROP_NAME + ") must be at most " + Configuration.LONGEST + ": " +
            heartbeatTimeout);
        require(heartbeatTimeout.compareTo(heartbeatInterval.multipliedBy(2)) >= 0,
            "heartbeatTimeout must be at least twice heartbeatInterval (or system properties " +
            Configuration.HEARTBEAT_TIMEOUT_PROP_NAME + ", " + Configuration.HEARTBEAT_INTERVAL_PROP_NAME + "): " +
            heartbeatTimeout + " < 2 x " + heartbeatInterval);
        require(!refusalLogInterval.isNegative() && refusalLogInterval.compareTo(Configuration.LONGEST) <= 0,
            "refusalLogInterval (or system property " + Configuration.REFUSAL_LOG_INTERVAL_PROP_NAME + ") must " +
            "be 0 to " + Configuration.LONGEST + ": " + refusalLogInterval);
        require(0 == maxFrameBytes || maxFrameBytes >= 4096 && maxFrameBytes <= 1 << 25,
            "maxFrameBytes (or system property " + Configuration.MAX_FRAME_BYTES_PROP_NAME + ") must be 0 (to fit " +
            "the journal's largest record) or 4096 to 2^25: " + maxFrameBytes);
        require(hashCheckInterval == 0 || hashCheckInterval > 0 && Integer.bitCount(hashCheckInterval) == 1,
            "hashCheckInterval (or system property " + Configuration.HASH_CHECK_INTERVAL_PROP_NAME + ") must be 0 " +
            "(off) or a power of two: " + hashCheckInterval);
        concluded = true;
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
     * @param clusterId 1 to 64 characters.
     * @return this.
     */
    public ReplicationContext clusterId(final String clusterId)
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
     * Set this node's id, distinct from its peer's.
     *
     * @param nodeId the id.
     * @return this.
     */
    public ReplicationContext nodeId(final int nodeId)
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
     * Set the peer's node id: the only node this one streams to, follows or answers. Defaults to 2 for node 1 and
     * to 1 for node 2; other ids must set it.
     *
     * @param peerNodeId the peer's id.
     * @return this.
     */
    public ReplicationContext peerNodeId(final int peerNodeId)
    {
        this.peerNodeId = peerNodeId;
        return this;
    }

    /**
     * The peer's node id.
     *
     * @return the id, or -1 before {@link #conclude()} fills in the default.
     */
    public int peerNodeId()
    {
        return peerNodeId;
    }

    /**
     * Set the address this node listens on for its peer.
     *
     * @param listen the address; port 0 picks a free one (see {@link ReplicationNode#listenAddress()}).
     * @return this.
     */
    public ReplicationContext listen(final InetSocketAddress listen)
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
     * Set the peer's replication address.
     *
     * @param peer the address; port 0 if it is not known yet (nothing is dialled until it is set with
     *             {@link ReplicationNode#peer(InetSocketAddress)}).
     * @return this.
     */
    public ReplicationContext peer(final InetSocketAddress peer)
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
     * Set the shared secret that authenticates the peers to each other.
     *
     * @param secret at least 16 bytes; copied.
     * @return this.
     */
    public ReplicationContext secret(final byte[] secret)
    {
        this.secret = null == secret ? null : secret.clone();
        return this;
    }

    byte[] secret()
    {
        return secret;
    }

    /**
     * Use TLS on the replication link.
     *
     * @param sslContext the JDK SSL context, or null for plain TCP (the default).
     * @return this.
     */
    public ReplicationContext sslContext(final SSLContext sslContext)
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
     * Set how often an idle link sends a heartbeat.
     *
     * @param interval the interval.
     * @return this.
     */
    public ReplicationContext heartbeatInterval(final Duration interval)
    {
        this.heartbeatInterval = Objects.requireNonNull(interval, "heartbeatInterval");
        return this;
    }

    /**
     * The heartbeat interval.
     *
     * @return the interval.
     */
    public Duration heartbeatInterval()
    {
        return null != heartbeatInterval ? heartbeatInterval :
            Configuration.millis(Configuration.HEARTBEAT_INTERVAL_PROP_NAME, Configuration.HEARTBEAT_INTERVAL_DEFAULT);
    }

    /**
     * Set how long a link may be silent before it counts as lost (and, with {@link #autoPromote}, before a standby
     * promotes itself).
     *
     * @param timeout the timeout, at least twice the heartbeat interval.
     * @return this.
     */
    public ReplicationContext heartbeatTimeout(final Duration timeout)
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
        return null != heartbeatTimeout ? heartbeatTimeout :
            Configuration.millis(Configuration.HEARTBEAT_TIMEOUT_PROP_NAME, Configuration.HEARTBEAT_TIMEOUT_DEFAULT);
    }

    /**
     * Whether a standby promotes itself when it has heard nothing from the primary for the heartbeat timeout. Read
     * the fail-over runbook first: with two nodes a broken link looks the same as a dead primary.
     *
     * @param autoPromote true to promote automatically; false (the default) waits for the tool or the API.
     * @return this.
     */
    public ReplicationContext autoPromote(final boolean autoPromote)
    {
        this.autoPromote = autoPromote;
        return this;
    }

    /**
     * Whether a standby promotes itself.
     *
     * @return true if so.
     */
    public boolean autoPromote()
    {
        return autoPromote;
    }

    /**
     * Set the largest frame accepted on the link; larger ones close it. It must carry the journal's largest record
     * ({@link LinkSettings#frameBytesFor}), which the node checks at start; each connection's buffers take about
     * 16 times this.
     *
     * @param maxFrameBytes 0 (the default: just what the journal's largest record needs) or 4096 to 2^25.
     * @return this.
     */
    public ReplicationContext maxFrameBytes(final int maxFrameBytes)
    {
        this.maxFrameBytes = maxFrameBytes;
        return this;
    }

    /**
     * The largest frame.
     *
     * @return bytes, or 0 for what the journal's largest record needs.
     */
    public int maxFrameBytes()
    {
        return null != maxFrameBytes ? maxFrameBytes :
            Configuration.integer(Configuration.MAX_FRAME_BYTES_PROP_NAME, Configuration.MAX_FRAME_BYTES_DEFAULT);
    }

    /**
     * Set the shortest time between two log lines about refused connections (failed handshakes, connections beyond
     * the handshakes in progress): the first refusal is logged at once, the ones that follow within the interval are
     * counted and summed up in one line, so a flood of connections cannot flood the log.
     *
     * @param interval the interval; zero logs every refusal. Default
     *                 {@link Configuration#REFUSAL_LOG_INTERVAL_DEFAULT}.
     * @return this.
     */
    public ReplicationContext refusalLogInterval(final Duration interval)
    {
        this.refusalLogInterval = Objects.requireNonNull(interval, "refusalLogInterval");
        return this;
    }

    /**
     * The shortest time between two log lines about refused connections.
     *
     * @return the interval.
     */
    public Duration refusalLogInterval()
    {
        return null != refusalLogInterval ? refusalLogInterval : Configuration.millis(
            Configuration.REFUSAL_LOG_INTERVAL_PROP_NAME, Configuration.REFUSAL_LOG_INTERVAL_DEFAULT);
    }

    /**
     * Say that this node founds a new cluster: an empty journal with no replication state beside it is a new node,
     * and it may lead. Without this, such a node is taken as one that may have lost its disk (a replaced disk, a
     * deleted directory): it follows a primary and catches up before it leads, and an operator must force it to
     * lead alone, since a peer's acknowledged records could otherwise be dropped. Only the first start of a new
     * cluster needs it, on the node meant to lead first. A node with replication state or journal records beside
     * it ignores it, but a node whose disk was wiped looks new again: take it out of the node's settings after the
     * first start. Default false.
     *
     * @param newCluster true on the first start of a new cluster.
     * @return this.
     */
    public ReplicationContext newCluster(final boolean newCluster)
    {
        this.newCluster = newCluster;
        return this;
    }

    /**
     * Whether this node founds a new cluster.
     *
     * @return true if so.
     */
    public boolean newCluster()
    {
        return newCluster;
    }

    /**
     * Set the role this node starts in; a primary that finds a newer primary steps down on its own.
     *
     * @param role {@link EngineRole#STANDBY} (the default) or {@link EngineRole#PRIMARY}.
     * @return this.
     */
    public ReplicationContext initialRole(final EngineRole role)
    {
        this.initialRole = Objects.requireNonNull(role, "initialRole");
        return this;
    }

    /**
     * The role the node starts in.
     *
     * @return the role.
     */
    public EngineRole initialRole()
    {
        return initialRole;
    }

    /**
     * Set how often both nodes hash their state to detect divergence: after every record whose position is a
     * multiple of this power of two (positions are the same on primary and standby, so both hash the same states),
     * each node sends its hash to the other and a mismatch is raised as a divergence. Each check hashes all aggregate
     * state on the business-logic thread, so keep it rare.
     *
     * @param interval 0 (off) or a power of two; {@link Configuration#HASH_CHECK_INTERVAL_DEFAULT} unless set.
     * @return this.
     */
    public ReplicationContext hashCheckInterval(final int interval)
    {
        this.hashCheckInterval = interval;
        return this;
    }

    /**
     * How often both nodes hash their state to detect divergence.
     *
     * @return 0 (off) or a power of two.
     */
    public int hashCheckInterval()
    {
        return null != hashCheckInterval ? hashCheckInterval : Configuration.integer(
            Configuration.HASH_CHECK_INTERVAL_PROP_NAME, Configuration.HASH_CHECK_INTERVAL_DEFAULT);
    }

    /**
     * Set how to build the node's engine: called at start and again each time the node relaunches its engine (after
     * stepping down), so it must return a new context every time. The node launches it as a standby with its
     * replication link; it leads once the node has compared journals with its peer.
     *
     * @param engine supplies fresh engine contexts.
     * @return this.
     */
    public ReplicationContext engine(final Supplier<EngineContext> engine)
    {
        this.engine = engine;
        return this;
    }

    Supplier<EngineContext> engine()
    {
        return engine;
    }

    /**
     * The settings of this node's link to its peer, from these settings (concluded first): cluster id, node id,
     * secret, listening and peer addresses, TLS, heartbeat timeout, largest frame and refusal log interval. The
     * secret goes into the link's settings without leaving this object otherwise.
     *
     * @param peerNodeId the peer's node id: the only node the link admits.
     * @param log        where the link's log lines go.
     * @return new link settings.
     * @throws IllegalArgumentException naming a missing or wrong setting.
     */
    public LinkSettings linkSettings(final int peerNodeId, final Consumer<String> log)
    {
        final int frameBytes = maxFrameBytes();
        return withFrame(peerNodeId, log, 0 == frameBytes ? LinkSettings.MAX_FRAME_BYTES_DEFAULT : frameBytes);
    }

    /**
     * The settings of the link of a node whose journal's largest record is known: the frame carries such a record
     * ({@link #maxFrameBytes} 0 takes just what it needs).
     *
     * @param peerNodeId     the peer's node id: the only node the link admits.
     * @param log            where the link's log lines go.
     * @param maxRecordBytes the journal's largest record.
     * @return new link settings.
     * @throws IllegalArgumentException naming a missing or wrong setting, or if {@link #maxFrameBytes} is set and
     *                                  too small for such a record.
     */
    public LinkSettings linkSettings(final int peerNodeId, final Consumer<String> log, final int maxRecordBytes)
    {
        final int needed = LinkSettings.frameBytesFor(maxRecordBytes);
        final int frameBytes = maxFrameBytes();
        if (0 != frameBytes && frameBytes < needed)
        {
            throw new IllegalArgumentException("maxFrameBytes " + frameBytes + " cannot carry the journal's " +
                "largest record (maxRecordBytes " + maxRecordBytes + "), which needs " + needed + "; raise it or " +
                "leave it 0");
        }
        return withFrame(peerNodeId, log, 0 == frameBytes ? needed : frameBytes);
    }

    private LinkSettings withFrame(final int peerNodeId, final Consumer<String> log, final int frameBytes)
    {
        conclude();
        return new LinkSettings()
            .clusterId(clusterId)
            .nodeId(nodeId)
            .peerNodeId(peerNodeId)
            .secret(Secret.of(secret))
            .listen(listen)
            .peer(peer)
            .sslContext(sslContext)
            .heartbeatTimeout(heartbeatTimeout)
            .maxFrameBytes(frameBytes)
            .refusalLogInterval(refusalLogInterval)
            .log(log)
            .conclude();
    }

    @Override
    public String toString()
    {
        return "ReplicationContext{clusterId=" + clusterId + ", nodeId=" + nodeId + ", listen=" + listen + ", peer=" +
            peer + ", tls=" + (null != sslContext) + ", heartbeat=" + heartbeatInterval + "/" + heartbeatTimeout +
            ", autoPromote=" + autoPromote + ", newCluster=" + newCluster + ", secret=" +
            (null == secret ? "unset" : "set") + "}";
    }
}
