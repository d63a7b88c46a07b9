package dev.scribe.replication;

import dev.scribe.engine.Engine;
import dev.scribe.engine.EngineRole;
import dev.scribe.engine.EpochHistory;
import dev.scribe.engine.replica.ReplicaPort;
import dev.scribe.journal.JvmFlags;
import dev.scribe.replication.link.SocketPeerLink;
import dev.scribe.replication.node.NodeAgent;
import dev.scribe.replication.node.NodeObserver;
import dev.scribe.replication.node.NodeSettings;
import dev.scribe.replication.node.NodeState;
import org.agrona.concurrent.AgentRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One node of a replicated pair: an engine plus what keeps a hot standby in step with the primary. Every decision
 * (whom to follow or stream to, which epoch to start, when to step down, promote or truncate) is made by a
 * {@link NodeAgent}, the deterministic state machine that the replication simulation tests; this class runs it on
 * one thread over the real journal ({@link EngineReplicaLog}) and authenticated sockets ({@link SocketPeerLink}).
 *
 * <p>A primary streams its journal to its standby and completes REPLICATED results on its acknowledgements; a
 * standby journals and applies what it receives and takes no commands. A node started as the primary first compares
 * journals with its peer and leads only if its journal is not behind. Promotion (API, tool or, if enabled, a
 * heartbeat timeout) starts a new epoch of this node's own; a primary that meets a newer epoch steps down, and drops
 * what the newer epoch replaced before it rejoins as the standby.
 */
public final class ReplicationNode implements AutoCloseable
{
    /** The logger {@link #start(ReplicationContext)} reports to. */
    public static final String LOGGER_NAME = "dev.scribe.replication";

    /** How long past the resume timeout {@link #start} waits for the agent's decision on a slow machine. */
    private static final long RESUME_SLACK_NS = TimeUnit.SECONDS.toNanos(30);

    private final ReplicationContext context;
    private final Consumer<String> log;
    private final DivergenceCheck divergence = new DivergenceCheck();
    private final NodeLink link = new NodeLink(divergence);
    private final EngineReplicaLog journal;
    private final SocketPeerLink peer;
    private final NodeAgent agent;
    private final NodeDuty duty;
    private final AgentRunner runner;
    private volatile NodeDuty dutyToWake;
    private volatile boolean closed;

    private ReplicationNode(final ReplicationContext context, final Consumer<String> log) throws IOException
    {
        this.context = context;
        this.log = log;
        journal = new EngineReplicaLog(context, link, log);
        NodeDuty started = null;
        SocketPeerLink bound = null;
        try
        {
            bound = new SocketPeerLink(context.linkSettings(context.peerNodeId(), log,
                journal.engine().context().journalContext().maxRecordBytes()), divergence,
                this::wakeDuty);
            final Engine engine = journal.engine();
            final ControlFile control = new ControlFile(
                engine.context().directory().resolve(ControlFile.DIRECTORY),
                engine.context().journalContext().fileAccess());
            agent = new NodeAgent(settings(context), journal, bound, observer(), context.initialRole() ==
                EngineRole.PRIMARY, System.nanoTime());
            started = new NodeDuty(agent, journal, link, divergence, control, this::onControl, bound::flush,
                tickNs(context));
            dutyToWake = started;
        }
        catch (final IOException | RuntimeException ex)
        {
            if (null != bound)
            {
                bound.close();
            }
            journal.close();
            throw ex;
        }
        peer = bound;
        duty = started;
        runner = new AgentRunner(duty.idleStrategy(), this::onError, null, duty);
        AgentRunner.startOnThread(runner, r ->
        {
            final Thread t = new Thread(r, "scribe-node-" + context.nodeId());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Start a node that reports its notable events (role changes, truncations, link problems) to the
     * SLF4J logger {@value #LOGGER_NAME}, at level {@code INFO}; otherwise as
     * {@link #start(ReplicationContext, Consumer)}.
     *
     * @param context the node's settings.
     * @return the running node.
     * @throws IOException if the listening socket cannot be bound.
     */
    public static ReplicationNode start(final ReplicationContext context) throws IOException
    {
        final Logger logger = LoggerFactory.getLogger(LOGGER_NAME);
        return start(context, logger::info);
    }

    /**
     * Start a node: launch its engine (taking no commands yet), listen for the peer, and start deciding. A node
     * started as the primary first compares journals with its peer; this returns once it has decided (it leads, or
     * follows a peer whose journal is ahead), waiting up to 30 s past the resume timeout for an agent thread that a
     * loaded machine holds back.
     *
     * @param context the node's settings.
     * @param log     receives a line for each notable event (role changes, truncations, link problems).
     * @return the running node.
     * @throws IOException if the listening socket cannot be bound.
     */
    public static ReplicationNode start(final ReplicationContext context, final Consumer<String> log)
        throws IOException
    {
        final ReplicationNode node = open(context, log);
        node.awaitResumed();
        return node;
    }

    /**
     * Start a node as {@link #start(ReplicationContext, Consumer)} does, but return as soon as it listens, while a
     * node started as the primary may still be comparing journals with its peer: for a caller that listens on port 0
     * and must tell its {@link #listenAddress()} to the peer (or a proxy in front of it) before the two can compare.
     * Call {@link #awaitResumed()} before sending commands.
     *
     * @param context the node's settings.
     * @param log     receives a line for each notable event (role changes, truncations, link problems).
     * @return the running node, perhaps still resuming.
     * @throws IOException if the listening socket cannot be bound.
     */
    public static ReplicationNode open(final ReplicationContext context, final Consumer<String> log)
        throws IOException
    {
        JvmFlags.check(); // before the node's files are touched
        return new ReplicationNode(context.conclude(), log);
    }

    /**
     * The node's engine; it changes when the node steps down or truncates (the engine is relaunched as a standby).
     *
     * @return the current engine.
     */
    public Engine engine()
    {
        return journal.engine();
    }

    /**
     * The address the node listens on.
     *
     * @return the bound address.
     */
    public InetSocketAddress listenAddress()
    {
        return peer.listenAddress();
    }

    /**
     * Dial the peer at another address from now on: for a peer listening on a port picked when it started
     * ({@link ReplicationContext#listen} with port 0), which this node learns only after its own start.
     *
     * @param address the peer's address; port 0 while it is not known (the node then dials nothing).
     */
    public void peer(final InetSocketAddress address)
    {
        peer.peer(address);
    }

    /**
     * The peer's address this node dials now.
     *
     * @return the address from the context, or from {@link #peer(InetSocketAddress)} since.
     */
    public InetSocketAddress peerAddress()
    {
        return peer.peer();
    }

    /**
     * What the node is doing: resuming (comparing journals with its peer), following, leading or closed.
     *
     * @return the state after the last duty cycle.
     */
    public NodeState state()
    {
        return duty.state();
    }

    /**
     * Make this node the primary, if it is not: stop following, then start a new epoch of its own. A node that may
     * have lost journal records in a machine crash and has not caught up with a primary since is refused (see
     * {@link #promote(boolean, String)}). Blocks until done.
     *
     * @param why recorded in the log.
     * @return the epoch afterwards.
     * @throws IllegalStateException if the node refuses, saying why.
     */
    public long promote(final String why)
    {
        return promote(false, why);
    }

    /**
     * Make this node the primary, if it is not. Forcing it promotes even a node that may have lost records in a
     * machine crash: records its peer acknowledged may then be dropped, so force only a node known to be the most
     * complete. Blocks until done.
     *
     * @param force promote even a node that may have lost records.
     * @param why   recorded in the log.
     * @return the epoch afterwards.
     * @throws IllegalStateException if the node refuses, saying why.
     */
    public long promote(final boolean force, final String why)
    {
        return onDuty(() -> agent.promote(force, why));
    }

    /**
     * Make this node a standby, if it is the primary: results waiting for a standby complete in doubt, the engine
     * is relaunched as a standby and follows the peer. Blocks until done.
     *
     * @param why recorded in the log.
     * @return the epoch afterwards.
     */
    public long demote(final String why)
    {
        return onDuty(() -> agent.demote(why));
    }

    /**
     * A snapshot of the node's state.
     *
     * @return the status.
     */
    public NodeStatus status()
    {
        final ReplicaPort e = journal.port();
        return new NodeStatus(context.nodeId(), e.role(), e.epoch(), e.lastPosition(), e.acknowledgedPosition(),
            duty.connected(), divergence.diverged(), journal.truncations());
    }

    /**
     * Where each epoch begins in this node's journal.
     *
     * @return the current engine's epoch history, as of the last record it processed.
     */
    public EpochHistory epochHistory()
    {
        return journal.port().epochHistory();
    }

    Engine currentEngine()
    {
        return journal.engine();
    }

    /** The current engine's replication port. */
    ReplicaPort port()
    {
        return journal.port();
    }

    DivergenceCheck divergence()
    {
        return divergence;
    }

    private void wakeDuty()
    {
        final NodeDuty d = dutyToWake;
        if (null != d)
        {
            d.wake();
        }
    }

    /**
     * Wait until a node started with {@link #open} has decided whether it leads (it leads, or follows a peer whose
     * journal is ahead). It decides within the resume timeout by its own clock, but a loaded machine can hold its
     * thread back: this waits up to 30 s past the resume timeout, so a caller does not send its first commands to an
     * engine that is still a standby; it returns at once for a node that has decided.
     */
    public void awaitResumed()
    {
        final long deadlineNs = System.nanoTime() + settings(context).resumeTimeoutNs() +
            context.heartbeatTimeout().toNanos() + RESUME_SLACK_NS;
        while (duty.state() == NodeState.RESUMING && System.nanoTime() - deadlineNs < 0)
        {
            link.await(link.signals(), TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    private long onDuty(final LongSupplier action)
    {
        if (closed)
        {
            throw new IllegalStateException("node " + context.nodeId() + " is closed");
        }
        final CompletableFuture<Long> done = new CompletableFuture<>();
        duty.request(() ->
        {
            try
            {
                done.complete(action.getAsLong());
            }
            catch (final RuntimeException ex)
            {
                done.completeExceptionally(ex);
            }
        });
        try
        {
            while (true)
            {
                try
                {
                    return done.get(100, TimeUnit.MILLISECONDS);
                }
                catch (final TimeoutException ex)
                {
                    if (runner.isClosed() && !done.isDone())
                    {
                        throw new IllegalStateException("node " + context.nodeId() + " closed before it did that");
                    }
                }
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for node " + context.nodeId(), ex);
        }
        catch (final ExecutionException ex)
        {
            if (ex.getCause() instanceof RuntimeException cause)
            {
                throw cause;
            }
            throw new IllegalStateException(ex.getCause());
        }
    }

    private void onControl(final String request)
    {
        final ControlFile control = duty.control();
        String result;
        try
        {
            result = switch (request)
            {
                case "promote" -> "epoch " + agent.promote(false, "requested by the replication tool");
                case "promote-force" -> "epoch " + agent.promote(true, "forced by the replication tool");
                case "demote" -> "epoch " + agent.demote("requested by the replication tool");
                default -> "unknown request";
            };
        }
        catch (final IllegalStateException ex)
        {
            result = "refused: " + ex.getMessage();
        }
        catch (final RuntimeException ex)
        {
            onError(ex);
            result = "failed: " + ex;
        }
        control.done(request, result);
    }

    private void onError(final Throwable error)
    {
        log.accept("node " + context.nodeId() + ": " + error);
        final ReplicaPort e = journal.port();
        if (null != e)
        {
            e.errorHandler().onError(error);
        }
    }

    private NodeObserver observer()
    {
        final String prefix = "node " + context.nodeId() + ": ";
        return new NodeObserver()
        {
            @Override
            public void onTransition(final NodeState from, final NodeState to, final long epoch, final String why)
            {
                log.accept(prefix + from + " -> " + to + " at epoch " + epoch + ": " + why);
            }

            @Override
            public void onEvent(final String message)
            {
                log.accept(prefix + message);
            }

            @Override
            public void onViolation(final String message)
            {
                log.accept(prefix + "protocol violation: " + message);
            }

            @Override
            public void onAlarm(final String message)
            {
                log.accept(prefix + "ALARM: " + message);
            }
        };
    }

    static NodeSettings settings(final ReplicationContext context)
    {
        return new NodeSettings(context.nodeId(), context.peerNodeId(), context.heartbeatInterval().toNanos(),
            context.heartbeatTimeout().toNanos(), context.autoPromote(), 256);
    }

    private static long tickNs(final ReplicationContext context)
    {
        return Math.max(100_000L, Math.min(context.heartbeatInterval().toNanos() / 4, 10_000_000L));
    }

    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        runner.close();
        peer.close();
        journal.close();
    }
}
