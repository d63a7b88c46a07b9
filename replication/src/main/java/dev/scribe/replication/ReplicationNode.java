package dev.scribe.replication;

import dev.scribe.engine.Engine;
import dev.scribe.engine.EngineContext;
import dev.scribe.engine.EngineRole;
import dev.scribe.engine.EpochHistory;
import dev.scribe.journal.Journal;
import dev.scribe.journal.Truncation;
import dev.scribe.replication.protocol.ClientHandshake;
import dev.scribe.replication.protocol.RejectedException;
import dev.scribe.replication.protocol.Secret;
import dev.scribe.replication.sbe.NodeRole;
import dev.scribe.replication.sbe.RejectCode;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongUnaryOperator;

/**
 * One node of a replicated pair: an engine plus the links that keep a hot standby in step with the primary. A
 * primary streams its journal to the standby that connects and completes REPLICATED results on its
 * acknowledgements; a standby journals and applies what it receives and takes no commands. Promotion (API, tool or,
 * if enabled, a heartbeat timeout) starts the next epoch; a primary that meets a newer epoch steps down, and when
 * the new primary tells it where their journals part, drops its records from there and rejoins as the standby.
 *
 * <p>Role changes run on the node's supervisor thread, one at a time.
 */
public final class ReplicationNode implements AutoCloseable
{
    /**
     * The state hash check interval a node's engine gets when its context sets none: every 2^20 records. Each check
     * hashes all aggregate state on the business-logic thread.
     */
    public static final int DEFAULT_HASH_CHECK_INTERVAL = 1 << 20;

    private final ReplicationContext context;
    private final Secret secret;
    private final DivergenceCheck divergence = new DivergenceCheck();
    private final NodeLink link = new NodeLink(divergence);
    private final ConcurrentLinkedQueue<Runnable> requests = new ConcurrentLinkedQueue<>();
    private final Consumer<String> log;
    private final Acceptor acceptor;
    private final Thread supervisor;
    private final ControlFile control;
    private volatile Engine engine;
    private volatile NodeCounters counters;
    private volatile PrimarySession session;
    private volatile StandbyClient client;
    private volatile boolean closed;
    private volatile boolean probing;
    private long truncations;
    private long nextProbeNs;

    private ReplicationNode(final ReplicationContext context, final Consumer<String> log) throws IOException
    {
        this.context = context;
        this.log = log;
        this.secret = Secret.of(context.secret());
        launch(context.initialRole());
        control = new ControlFile(engine.context().directory().resolve(ControlFile.DIRECTORY),
            engine.context().journalContext().fileAccess());
        acceptor = new Acceptor(this, context, secret);
        supervisor = new Thread(this::supervise, "scribe-repl-supervisor-" + context.nodeId());
        supervisor.setDaemon(true);
        supervisor.start();
        acceptor.start();
        if (context.initialRole() == EngineRole.STANDBY)
        {
            startClient();
        }
    }

    /**
     * Start a node: launch its engine in the initial role, listen for the peer, and (a standby) connect to the
     * primary.
     *
     * @param context the node's settings.
     * @param log     receives a line for each notable event (role changes, truncations, link problems).
     * @return the running node.
     * @throws IOException if the listening socket cannot be bound.
     */
    public static ReplicationNode start(final ReplicationContext context, final Consumer<String> log)
        throws IOException
    {
        return new ReplicationNode(context.conclude(), log);
    }

    /**
     * The node's engine; it changes when the node steps down (the engine is relaunched as a standby).
     *
     * @return the current engine.
     */
    public Engine engine()
    {
        return engine;
    }

    /**
     * The address the node listens on.
     *
     * @return the bound address.
     */
    public InetSocketAddress listenAddress()
    {
        return acceptor.address();
    }

    /**
     * Make this node the primary, if it is a standby: stop following the old primary, then start the next epoch.
     * Blocks until done.
     *
     * @param why recorded in the log.
     * @return the epoch afterwards.
     */
    public long promote(final String why)
    {
        return onSupervisor(() -> doPromote(why));
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
        return onSupervisor(() -> doDemote(why));
    }

    /**
     * A snapshot of the node's state.
     *
     * @return the status.
     */
    public NodeStatus status()
    {
        final Engine e = engine;
        final PrimarySession s = session;
        final StandbyClient c = client;
        final boolean connected = e.role() == EngineRole.PRIMARY ? null != s && !s.ended() : null != c &&
            c.connected();
        return new NodeStatus(context.nodeId(), e.role(), e.epoch(), e.lastPosition(), e.acknowledgedPosition(),
            connected, divergence.diverged(), truncations);
    }

    private long onSupervisor(final java.util.function.LongSupplier action)
    {
        final java.util.concurrent.CompletableFuture<Long> done = new java.util.concurrent.CompletableFuture<>();
        requests.add(() ->
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
        LockSupport.unpark(supervisor);
        return done.join();
    }

    private void launch(final EngineRole role)
    {
        final EngineContext engineContext = context.engine().get().role(role).replicationLink(link);
        if (0 == engineContext.hashCheckInterval())
        {
            engineContext.hashCheckInterval(DEFAULT_HASH_CHECK_INTERVAL);
        }
        final Engine launched = Engine.launch(engineContext);
        divergence.errorHandler(launched.errorHandler());
        engine = launched;
        counters = new NodeCounters(launched);
        counters.update(launched, divergence.diverged(), truncations);
        log.accept("node " + context.nodeId() + " is " + role + " at epoch " + launched.epoch() + ", last position " +
            launched.lastPosition());
    }

    private void startClient()
    {
        final StandbyClient started = new StandbyClient(engine, new StandbyClient.Node()
        {
            @Override
            public Socket connect() throws IOException
            {
                return Transport.connect(context);
            }

            @Override
            public ClientHandshake handshake()
            {
                return clientHandshake();
            }

            @Override
            public void truncate(final long fromPosition, final String why)
            {
                requests.add(() -> doTruncate(fromPosition, why));
                LockSupport.unpark(supervisor);
            }

            @Override
            public void log(final String message)
            {
                log.accept(message);
            }
        }, link, divergence, context, counters);
        client = started;
        started.start();
    }

    private ClientHandshake clientHandshake()
    {
        return new ClientHandshake(context.clusterId(), context.nodeId(), secret, handshakeTimeout());
    }

    Duration handshakeTimeout()
    {
        return context.heartbeatTimeout().multipliedBy(4);
    }

    private long doPromote(final String why)
    {
        final Engine e = engine;
        if (e.role() == EngineRole.PRIMARY)
        {
            return e.epoch();
        }
        final StandbyClient c = client;
        client = null;
        long minimumEpoch = 0;
        if (null != c)
        {
            c.close();
            minimumEpoch = c.highestEpochSeen() + 1;
        }
        final long epoch = e.promote(minimumEpoch);
        counters.update(e, divergence.diverged(), truncations);
        log.accept("node " + context.nodeId() + " promoted to primary at epoch " + epoch + " (" + why + "), epoch " +
            "starts at " + e.epochHistory().startOf(epoch));
        return epoch;
    }

    private long doDemote(final String why)
    {
        if (engine.role() != EngineRole.PRIMARY)
        {
            return engine.epoch();
        }
        log.accept("node " + context.nodeId() + " steps down at epoch " + engine.epoch() + ": " + why);
        closeSession();
        engine.close();
        divergence.reset();
        launch(EngineRole.STANDBY);
        startClient();
        return engine.epoch();
    }

    private long doTruncate(final long fromPosition, final String why)
    {
        final StandbyClient c = client;
        client = null;
        if (null != c)
        {
            c.close();
        }
        final Engine e = engine;
        final EngineContext engineContext = e.context();
        e.close();
        final Path dropped = engineContext.directory().resolve("dropped")
            .resolve("from-" + fromPosition + "-" + System.currentTimeMillis());
        final Truncation truncation = Journal.truncate(engineContext.journalContext(), fromPosition, dropped);
        divergence.reset(); // hashes of the dropped records' positions no longer describe this journal
        truncations++;
        log.accept("node " + context.nodeId() + " truncated its journal: " + truncation + " (" + why + "); the " +
            "dropped records are kept in " + dropped);
        launch(EngineRole.STANDBY);
        startClient();
        return engine.epoch();
    }

    /** Called by the acceptor for an authenticated standby that the admission let in. */
    void attach(final PrimarySession newSession)
    {
        requests.add(() ->
        {
            if (engine.role() != EngineRole.PRIMARY || closed)
            {
                newSession.close();
                return;
            }
            closeSession();
            session = newSession;
            newSession.start();
            log.accept("standby " + newSession.standbyNodeId() + " connected");
        });
        LockSupport.unpark(supervisor);
    }

    /** What the admission policy sees of this node. */
    Admission.NodeView view()
    {
        return new Admission.NodeView()
        {
            @Override
            public EngineRole role()
            {
                return engine.role();
            }

            @Override
            public long epoch()
            {
                return engine.epoch();
            }

            @Override
            public EpochHistory history()
            {
                return engine.epochHistory();
            }

            @Override
            public long lastPosition()
            {
                return engine.lastPosition();
            }

            @Override
            public long epochAt(final long position)
            {
                final LongUnaryOperator lookup = Admission.epochLookup(engine.context().journalContext().directory());
                return lookup.applyAsLong(position);
            }

            @Override
            public int nodeId()
            {
                return context.nodeId();
            }

            @Override
            public boolean standbyStreaming()
            {
                final PrimarySession s = session;
                return null != s && !s.ended();
            }

            @Override
            public void stepDown(final String why)
            {
                requests.add(() -> doDemote(why));
                LockSupport.unpark(supervisor);
            }
        };
    }

    Engine currentEngine()
    {
        return engine;
    }

    NodeLink link()
    {
        return link;
    }

    DivergenceCheck divergence()
    {
        return divergence;
    }

    NodeCounters counters()
    {
        return counters;
    }

    void log(final String message)
    {
        log.accept(message);
    }

    private void closeSession()
    {
        final PrimarySession s = session;
        session = null;
        if (null != s)
        {
            s.close();
        }
    }

    private void supervise()
    {
        final long tickNs = Math.min(context.heartbeatInterval().toNanos(), 10_000_000L);
        while (!closed)
        {
            for (Runnable request = requests.poll(); null != request; request = requests.poll())
            {
                runSafely(request);
            }
            runSafely(this::duties);
            LockSupport.parkNanos(tickNs);
        }
        for (Runnable request = requests.poll(); null != request; request = requests.poll())
        {
            runSafely(request);
        }
    }

    private void runSafely(final Runnable action)
    {
        try
        {
            action.run();
        }
        catch (final RuntimeException ex)
        {
            log.accept("node " + context.nodeId() + ": " + ex);
            final Engine e = engine;
            if (null != e)
            {
                e.errorHandler().onError(ex);
            }
        }
    }

    private void duties()
    {
        final Engine e = engine;
        counters.update(e, divergence.diverged(), truncations);
        final String request = control.take();
        if (null != request)
        {
            control.done(request, handleControl(request));
        }
        if (e.role() == EngineRole.STANDBY)
        {
            final StandbyClient c = client;
            if (context.autoPromote() && null != c && c.streamed() && !c.connected() &&
                System.nanoTime() - c.lastHeardNs() > context.heartbeatTimeout().toNanos())
            {
                doPromote("no frame from the primary for " + context.heartbeatTimeout().toMillis() + " ms");
            }
            return;
        }
        final PrimarySession s = session;
        if (null != s && s.ended())
        {
            log.accept("standby " + s.standbyNodeId() + " lost: " + s.endReason());
            closeSession();
        }
        if (null == session && System.nanoTime() - nextProbeNs > 0 && !probing)
        {
            nextProbeNs = System.nanoTime() + context.heartbeatInterval().toNanos() * 4;
            probing = true;
            final Thread prober = new Thread(() ->
            {
                try
                {
                    probe(e);
                }
                finally
                {
                    probing = false;
                }
            }, "scribe-repl-probe-" + context.nodeId());
            prober.setDaemon(true);
            prober.start();
        }
    }

    private String handleControl(final String request)
    {
        return switch (request)
        {
            case "promote" -> "epoch " + doPromote("requested by the replication tool");
            case "demote" -> "epoch " + doDemote("requested by the replication tool");
            default -> "unknown request '" + request + "'";
        };
    }

    /**
     * A primary without a standby asks its peer who it is: a newer primary there means this one must step down.
     */
    private void probe(final Engine e)
    {
        try (Socket s = Transport.connect(context))
        {
            clientHandshake().run(s, NodeRole.PRIMARY, e.epoch(), e.lastPosition());
        }
        catch (final RejectedException ex)
        {
            if (ex.code() == RejectCode.STEP_DOWN)
            {
                requests.add(() -> doDemote("peer says: " + ex.reason()));
                LockSupport.unpark(supervisor);
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            // the peer is down or unreachable: stay the primary
        }
    }

    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        LockSupport.unpark(supervisor);
        try
        {
            supervisor.join(10_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        acceptor.close();
        final StandbyClient c = client;
        if (null != c)
        {
            c.close();
        }
        closeSession();
        engine.close();
    }
}
