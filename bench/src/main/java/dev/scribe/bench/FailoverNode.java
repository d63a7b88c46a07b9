package dev.scribe.bench;

import dev.scribe.engine.Durability;
import dev.scribe.engine.Engine;
import dev.scribe.engine.EngineRole;
import dev.scribe.engine.Outcome;
import dev.scribe.engine.SendOptions;
import dev.scribe.replication.ReplicationNode;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One node of the pair {@link FailoverTimer} starts as child JVMs: a {@link ReplicationNode} running the benchmarks'
 * bank, with automatic promotion on. Not meant to be started by hand.
 * <pre>
 * FailoverNode --role PRIMARY|STANDBY --node-id N --listen PORT --peer PORT --dir DIR \
 *     --heartbeat-interval-ms MS --heartbeat-timeout-ms MS --rate N --window N
 * </pre>
 * Both nodes listen on 127.0.0.1; {@code --listen 0} picks a free port, {@code --peer 0} says the peer's is not
 * known (the node then dials nothing and only the peer dials it). It talks to the timer through its standard
 * output, one line per event, each time a wall-clock time in microseconds since the epoch (the timer runs on the
 * same machine, so the clocks agree).
 * Either node prints {@code STARTED <port it listens on>} once it listens for its peer; then:
 * <ul>
 *     <li>The primary waits for the standby to connect, opens and funds the bank's accounts, prints
 *     {@code LOADING}, then sends the bank's commands at {@code REPLICATED} at {@code rate} commands per second
 *     ({@code 0}: as fast as its window of {@code window} outstanding commands allows), printing
 *     {@code LOAD <completed commands>} every second, until it is killed.</li>
 *     <li>The standby prints {@code FOLLOWING} once it streams from the primary. From then on, every millisecond, it
 *     notes whether its engine has become the primary ({@code PROMOTED <micros>} the first time it has) and sends a
 *     deposit at {@code JOURNALED} (a new primary has no standby to acknowledge {@code REPLICATED}), waiting for
 *     its outcome; {@code NOT_PRIMARY} means try again. The first accepted one prints {@code ACCEPTED <micros>}:
 *     the time its outcome was seen.</li>
 * </ul>
 * Anything unexpected prints {@code FAILED <why>} and exits with status 1. The node's log goes to standard error,
 * each line with the wall-clock time.
 * Either node closes and exits when its standard input ends, which the timer does to stop it (and which also
 * happens if the timer dies).
 */
public final class FailoverNode
{
    /** Line either node prints once it listens for its peer. */
    static final String STARTED = "STARTED";
    /** Line the primary prints when its load starts. */
    static final String LOADING = "LOADING";
    /** Line the primary prints every second: commands completed so far. */
    static final String LOAD = "LOAD";
    /** Line the standby prints once it streams from the primary. */
    static final String FOLLOWING = "FOLLOWING";
    /** Line the standby prints when it first sees itself promoted, with the wall-clock time in microseconds. */
    static final String PROMOTED = "PROMOTED";
    /** Line the standby prints when its first command as the primary is accepted, with the time in microseconds. */
    static final String ACCEPTED = "ACCEPTED";
    /** Line printed, with the reason, before exiting on anything unexpected. */
    static final String FAILED = "FAILED";

    private static final long PROBE_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long REPORT_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);
    private static final long OUTCOME_TIMEOUT_SECONDS = 30;

    private final Map<String, String> options;
    private final PrintStream out;
    private final CountDownLatch inputEnded = new CountDownLatch(1);
    private volatile boolean stopping;

    private FailoverNode(final Map<String, String> options, final PrintStream out)
    {
        this.options = options;
        this.out = out;
    }

    /**
     * Run the node until its standard input ends.
     *
     * @param args the options; see the class documentation.
     * @throws Exception if the node cannot start.
     */
    public static void main(final String[] args) throws Exception
    {
        final PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        final FailoverNode node = new FailoverNode(parse(args), out);
        try
        {
            node.run();
        }
        catch (final RuntimeException ex)
        {
            out.println(FAILED + " " + ex);
            ex.printStackTrace(System.err);
            System.exit(1);
        }
        System.exit(0);
    }

    /**
     * The wall-clock time in microseconds since the epoch, the unit of the timestamps exchanged with the timer.
     */
    static long wallMicros()
    {
        final Instant now = Instant.now();
        return TimeUnit.SECONDS.toMicros(now.getEpochSecond()) + TimeUnit.NANOSECONDS.toMicros(now.getNano());
    }

    private void run() throws IOException, InterruptedException
    {
        final EngineRole role = EngineRole.valueOf(option("role"));
        final Path directory = Path.of(option("dir"));
        final Thread watcher = new Thread(this::watchInput, "failover-node-stdin");
        watcher.setDaemon(true);
        watcher.start();
        try (ReplicationNode node = ReplicationNode.start(ReplicatedPair.context(
            Integer.parseInt(option("node-id")), role, loopback("listen"), loopback("peer"))
            .heartbeatInterval(Duration.ofMillis(Long.parseLong(option("heartbeat-interval-ms"))))
            .heartbeatTimeout(Duration.ofMillis(Long.parseLong(option("heartbeat-timeout-ms"))))
            .autoPromote(true)
            .engine(() -> BenchBank.context(directory, new Balances())),
            timestamped(System.err, role.name().toLowerCase(Locale.ROOT))))
        {
            out.println(STARTED + " " + node.listenAddress().getPort());
            awaitPeer(node);
            if (role == EngineRole.PRIMARY)
            {
                BenchBank.open(node.engine());
                out.println(LOADING);
                load(node, Integer.parseInt(option("rate")), Integer.parseInt(option("window")));
            }
            else
            {
                out.println(FOLLOWING);
                probe(node);
            }
            inputEnded.await();
        }
    }

    /**
     * A node's log, one line at a time to a stream, prefixed with the node's role and the wall-clock time, so the
     * two children's lines can be put in order.
     */
    private static Consumer<String> timestamped(final PrintStream stream, final String name)
    {
        return line -> stream.println(name + " " + LocalTime.now() + ": " + line);
    }

    private void awaitPeer(final ReplicationNode node)
    {
        final long deadlineNs = System.nanoTime() + ReplicatedPair.DEADLINE.toNanos();
        while (!node.status().peerConnected())
        {
            if (stopping)
            {
                return;
            }
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new IllegalStateException("the peer did not connect within " +
                    ReplicatedPair.DEADLINE.toSeconds() + " s");
            }
            LockSupport.parkNanos(PROBE_INTERVAL_NS);
        }
    }

    /**
     * The primary's load: REPLICATED bank commands at a fixed rate, with a bounded window, until stopped or killed.
     */
    private void load(final ReplicationNode node, final int rate, final int windowSize)
    {
        final SendOptions replicated = SendOptions.defaults().durability(Durability.REPLICATED);
        final Object[] commands = BenchBank.commandCycle();
        final SendWindow<Outcome> window = new SendWindow<>(windowSize);
        final double periodNs = 0 == rate ? 0 : 1e9 / rate;
        final long startNs = System.nanoTime();
        long nextReportNs = startNs + REPORT_INTERVAL_NS;
        long completed = 0;
        for (long i = 0; !stopping; i++)
        {
            final long dueNs = startNs + (long)(i * periodNs);
            long nowNs = System.nanoTime();
            while (nowNs < dueNs)
            {
                LockSupport.parkNanos(dueNs - nowNs);
                nowNs = System.nanoTime();
            }
            final Outcome oldest = window.awaitOldest();
            if (null != oldest)
            {
                BenchBank.checkReplicated(oldest);
                completed++;
            }
            window.add(node.engine().send(commands[(int)(i % commands.length)], replicated));
            if (nowNs - nextReportNs >= 0)
            {
                out.println(LOAD + " " + completed);
                nextReportNs += REPORT_INTERVAL_NS;
            }
        }
    }

    /**
     * The standby's probe: a command every millisecond until one is accepted, which it is once promoted.
     */
    private void probe(final ReplicationNode node)
    {
        final Object command = new BenchBank.Deposit(BenchBank.accountId(0), BenchBank.AMOUNT);
        boolean promoted = false;
        while (!stopping)
        {
            final Engine engine = node.engine();
            if (!promoted && engine.role() == EngineRole.PRIMARY)
            {
                promoted = true;
                out.println(PROMOTED + " " + wallMicros());
            }
            final Outcome outcome = engine.send(command).orTimeout(OUTCOME_TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
            if (outcome.accepted())
            {
                out.println(ACCEPTED + " " + wallMicros());
                return;
            }
            if (outcome.status() != Outcome.Status.NOT_PRIMARY)
            {
                throw new IllegalStateException("the probe command was refused: " + outcome);
            }
            LockSupport.parkNanos(PROBE_INTERVAL_NS);
        }
    }

    private void watchInput()
    {
        final InputStream in = System.in;
        try
        {
            while (in.read() >= 0)
            {
                // nothing is sent on it: it only tells when the timer is done with this node
            }
        }
        catch (final IOException ex)
        {
            // a broken pipe ends the input too
        }
        stopping = true;
        inputEnded.countDown();
    }

    private String option(final String name)
    {
        final String value = options.get(name);
        if (null == value)
        {
            throw new IllegalArgumentException("missing --" + name);
        }
        return value;
    }

    private InetSocketAddress loopback(final String name)
    {
        return new InetSocketAddress("127.0.0.1", Integer.parseInt(option(name)));
    }

    private static Map<String, String> parse(final String[] args)
    {
        final Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2)
        {
            if (!args[i].startsWith("--") || i + 1 >= args.length)
            {
                throw new IllegalArgumentException("expected --name value pairs: " + List.of(args));
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }
}
