package dev.scribe.bench;

import dev.scribe.engine.Engine;
import dev.scribe.engine.EngineRole;
import dev.scribe.replication.NodeStatus;
import dev.scribe.replication.ReplicationContext;
import dev.scribe.replication.ReplicationNode;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A replicated pair in this JVM for the replication benchmarks: a primary and a live standby
 * {@link ReplicationNode}, each running the benchmarks' bank ({@link BenchBank}, with a {@link Balances} projection)
 * in its own directory under one fresh trial directory, linked over TCP on 127.0.0.1 with the replication defaults
 * (50 ms heartbeats, 250 ms timeout, no automatic promotion). {@link #start} returns once the standby is streaming;
 * {@link #close} stops both nodes and deletes the directory.
 *
 * <p>Both nodes write their log lines, prefixed with their role, to the stream given: a few per pair (roles, the link
 * coming up), more only if something goes wrong, which a benchmark should show.
 */
final class ReplicatedPair implements AutoCloseable
{
    /** How long the pair may take to connect, or the standby to catch up, before the run fails. */
    static final Duration DEADLINE = Duration.ofSeconds(60);
    /** The secret both nodes of every benchmark pair share. */
    static final byte[] SECRET = "scribe benchmark pair secret".getBytes(StandardCharsets.UTF_8);
    /** The cluster id of every benchmark pair. */
    static final String CLUSTER_ID = "scribe-bench";

    private final Path directory;
    private final PrintStream log;
    private final AtomicReference<Balances> primaryBalances = new AtomicReference<>();
    private ReplicationNode primary;
    private ReplicationNode standby;

    private ReplicatedPair(final Path directory, final PrintStream log)
    {
        this.directory = directory;
        this.log = log;
    }

    /**
     * Start a primary and a standby in a fresh directory and wait until the standby streams from the primary.
     *
     * @param prefix the trial directory's name prefix.
     * @param log    receives the nodes' log lines, prefixed with their role, and the catch-up times.
     * @return the running pair.
     * @throws IllegalStateException if the pair does not connect within {@link #DEADLINE}.
     */
    static ReplicatedPair start(final String prefix, final PrintStream log)
    {
        final ReplicatedPair pair = new ReplicatedPair(BenchFixtures.createTrialDirectory(prefix), log);
        try
        {
            pair.startNodes();
            return pair;
        }
        catch (final IOException ex)
        {
            pair.close();
            throw new UncheckedIOException("cannot start the replicated pair", ex);
        }
        catch (final RuntimeException ex)
        {
            pair.close();
            throw ex;
        }
    }

    private void startNodes() throws IOException
    {
        // each node binds a port of its own choosing; the primary learns the standby's once the standby has bound
        final InetSocketAddress anyPort = new InetSocketAddress("127.0.0.1", 0);
        final Path primaryDirectory = directory.resolve("primary");
        final Path standbyDirectory = directory.resolve("standby");
        primary = ReplicationNode.start(context(1, EngineRole.PRIMARY, anyPort, anyPort)
            .engine(() ->
            {
                final Balances balances = new Balances();
                primaryBalances.set(balances);
                return BenchBank.context(primaryDirectory, balances);
            }), prefixed(log, "primary"));
        standby = ReplicationNode.start(context(2, EngineRole.STANDBY, anyPort, primary.listenAddress())
            .engine(() -> BenchBank.context(standbyDirectory, new Balances())), prefixed(log, "standby"));
        primary.peer(standby.listenAddress());
        await(() -> primary.status().peerConnected(), "the standby to connect to the primary");
    }

    /**
     * The settings of one benchmark node, but for its engine.
     */
    static ReplicationContext context(
        final int nodeId, final EngineRole role, final InetSocketAddress listen, final InetSocketAddress peer)
    {
        return new ReplicationContext()
            .clusterId(CLUSTER_ID)
            .nodeId(nodeId)
            .listen(listen)
            .peer(peer)
            .secret(SECRET)
            .initialRole(role)
            .newCluster(role == EngineRole.PRIMARY); // every benchmark node starts in a new directory
    }

    /**
     * A node's log, one line at a time to a stream, prefixed with the node's role in the pair.
     */
    static Consumer<String> prefixed(final PrintStream stream, final String name)
    {
        return line -> stream.println(name + ": " + line);
    }

    /**
     * The primary's engine, which takes the commands.
     */
    Engine primary()
    {
        return primary.engine();
    }

    /**
     * The projection of the primary's engine.
     */
    Balances primaryBalances()
    {
        return primaryBalances.get();
    }

    /**
     * Wait until the standby has journaled everything the primary has, then check that both still hold their roles
     * in the first epoch, that their aggregate state hashes are equal, and that neither found a divergence. How long
     * the standby took to catch up is printed to the log: at {@code JOURNALED} nothing holds the primary back
     * for the standby, so this shows how far behind it was.
     *
     * @throws IllegalStateException if any of that is not so, or the standby does not catch up within
     *                               {@link #DEADLINE}.
     */
    void awaitInStep()
    {
        final long last = primary.engine().lastPosition();
        final long startNs = System.nanoTime();
        await(() -> standby.engine().lastPosition() >= last, "the standby to journal up to position " + last);
        log.println(String.format(Locale.ROOT, "standby: caught up with the primary's last position in %.1f ms",
            (System.nanoTime() - startNs) / 1e6));
        final NodeStatus primaryStatus = primary.status();
        final NodeStatus standbyStatus = standby.status();
        if (primaryStatus.role() != EngineRole.PRIMARY || standbyStatus.role() != EngineRole.STANDBY ||
            primaryStatus.epoch() != standbyStatus.epoch() || primaryStatus.divergences() != 0 ||
            standbyStatus.divergences() != 0 || primaryStatus.truncations() != 0 || standbyStatus.truncations() != 0)
        {
            throw new IllegalStateException("the pair left its steady state: " + primaryStatus + ", " +
                standbyStatus);
        }
        final long primaryHash = primary.engine().stateHash();
        final long standbyHash = standby.engine().stateHash();
        if (primaryHash != standbyHash)
        {
            throw new IllegalStateException("the standby's state hash " + standbyHash + " differs from the " +
                "primary's " + primaryHash + " at position " + last);
        }
    }

    private static void await(final BooleanSupplier condition, final String what)
    {
        final long deadlineNs = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new IllegalStateException("timed out after " + DEADLINE.toSeconds() + " s waiting for " + what);
            }
            try
            {
                TimeUnit.MILLISECONDS.sleep(1);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, ex);
            }
        }
    }

    /**
     * Stop the standby, then the primary (which completes what it still holds), and delete the directory.
     */
    @Override
    public void close()
    {
        try
        {
            closeNode(standby);
        }
        finally
        {
            try
            {
                closeNode(primary);
            }
            finally
            {
                BenchFixtures.delete(directory);
            }
        }
    }

    private static void closeNode(final ReplicationNode node)
    {
        if (null != node)
        {
            node.close();
        }
    }
}
