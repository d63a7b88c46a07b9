package dev.scribe.examples.failover;

import dev.scribe.engine.Durability;
import dev.scribe.engine.Engine;
import dev.scribe.engine.EngineRole;
import dev.scribe.engine.Outcome;
import dev.scribe.engine.SendOptions;
import dev.scribe.examples.MetricsEndpoint;
import dev.scribe.examples.bank.BalancesView;
import dev.scribe.examples.bank.Bank;
import dev.scribe.examples.bank.BankCommand;
import dev.scribe.journal.PositionFormat;
import dev.scribe.metrics.ScribeMetrics;
import dev.scribe.replication.NodeStatus;
import dev.scribe.replication.ReplicationContext;
import dev.scribe.replication.ReplicationNode;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One node of the replicated bank, as a process driven line by line over standard input; it answers on standard
 * output. Used by the fail-over demo and by tests that kill nodes with SIGKILL.
 *
 * <pre>
 * BankNode --id N --dir DIR --listen HOST:PORT --peer HOST:PORT --role PRIMARY|STANDBY [--auto-promote]
 *          [--heartbeat-timeout-ms MS] [--new-cluster] [--metrics HOST:PORT]
 *   (--new-cluster on the first start of the node that founds the cluster: see ReplicationContext.newCluster;
 *    port 0 in --listen picks a free port; port 0 in --peer: the peer's is not known yet, until "peer";
 *    --metrics serves the node's meters at http://HOST:PORT/metrics, port 0 a free port)
 *   (at start, with --metrics, once it serves them, or "error ..." if it cannot) → "metrics PORT"
 *   (at start, as soon as it listens, before it resumes and says "ready") → "listening PORT"
 *   peer HOST:PORT      dial the peer there from now on                   → "peer HOST:PORT"
 *   open N              open acc-0..acc-(N-1) with 1,000 each, at REPLICATED  → "opened N"
 *   load COUNT SEED     COUNT transfers at REPLICATED in the background  → "ack KEY FROM TO AMOUNT POSITION"
 *                                                              per acknowledged one, then "loaded"
 *   promote             become the primary                               → "promoted EPOCH START-POSITION"
 *   status                                                               → "status role=.. epoch=.. ..."
 *   verify FILE         each "ack" line of FILE here exactly once?       → "verified found=.. missing=.. ..."
 *   resend FILE         send each "ack" line's transfer again, same key   → "resent same=.. different=.."
 *   quit
 * </pre>
 */
public final class BankNode
{
    /** The demo's shared secret; a real deployment reads its own from a file (see the replication runbook). */
    static final byte[] DEMO_SECRET = "scribe fail-over demo secret, not for production".getBytes(
        StandardCharsets.UTF_8);

    private final ReplicationNode node;
    private final PrintStream out;
    private final int nodeId;
    private final AtomicReference<Thread> load = new AtomicReference<>();

    private BankNode(final ReplicationNode node, final int nodeId, final PrintStream out)
    {
        this.node = node;
        this.nodeId = nodeId;
        this.out = out;
    }

    /**
     * Run a node until {@code quit} or the end of standard input.
     *
     * @param args see the class description.
     * @throws Exception if the node cannot start.
     */
    public static void main(final String[] args) throws Exception
    {
        final NodeArgs parsed = NodeArgs.parse(args);
        final PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
            StandardCharsets.UTF_8);
        final MetricsEndpoint metrics;
        try
        {
            metrics = null == parsed.metrics() ? null : MetricsEndpoint.start(parsed.metrics());
        }
        catch (final BindException ex)
        {
            out.println("error " + ex.getMessage());
            System.exit(1);
            return;
        }
        if (null != metrics)
        {
            out.println("metrics " + metrics.port());
        }
        try
        {
            run(parsed, metrics, out, new PrintStream(new FileOutputStream(FileDescriptor.err), true,
                StandardCharsets.UTF_8));
        }
        finally
        {
            // its server's thread would keep the process alive
            if (null != metrics)
            {
                metrics.close();
            }
        }
        out.println("bye");
    }

    private static void run(final NodeArgs parsed, final MetricsEndpoint metrics, final PrintStream out,
        final PrintStream err) throws Exception
    {
        final ReplicationContext context = new ReplicationContext()
            .clusterId("scribe-bank-demo")
            .nodeId(parsed.id())
            .listen(parsed.listen())
            .peer(parsed.peer())
            .secret(DEMO_SECRET)
            .initialRole(parsed.role())
            .autoPromote(parsed.autoPromote())
            .newCluster(parsed.newCluster())
            .heartbeatTimeout(Duration.ofMillis(parsed.heartbeatTimeoutMs()))
            .hashCheckInterval(1024)
            .engine(() -> Bank.context(parsed.dir(), new BalancesView()));
        final ReplicationNode node = ReplicationNode.open(context, line -> err.println("[node " + parsed.id() + "] " +
            line));
        // the port first, so that a peer (or a proxy in front of this node) can reach it while it resumes
        out.println("listening " + node.listenAddress().getPort());
        node.awaitResumed();
        if (null != metrics)
        {
            metrics.bind(ScribeMetrics.of(node));
        }
        final BankNode bank = new BankNode(node, parsed.id(), out);
        out.println("ready " + bank.describe(node.status()));
        bank.serve(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
        node.close();
    }

    private void serve(final BufferedReader in) throws Exception
    {
        for (String line = in.readLine(); null != line; line = in.readLine())
        {
            try
            {
                if (!handle(line.trim().split("\\s+")))
                {
                    return;
                }
            }
            catch (final RuntimeException ex)
            {
                out.println("error " + ex);
            }
        }
    }

    private boolean handle(final String[] words) throws Exception
    {
        switch (words[0])
        {
            case "open" -> open(Integer.parseInt(words[1]));
            case "load" -> startLoad(Integer.parseInt(words[1]), Long.parseLong(words[2]));
            case "promote" ->
            {
                final long epoch = node.promote("requested on standard input");
                out.println("promoted " + epoch + " " + PositionFormat.position(node.epochHistory().startOf(epoch)));
            }
            case "status" -> out.println("status " + describe(node.status()));
            case "peer" ->
            {
                final InetSocketAddress peer = NodeArgs.address(words[1]);
                node.peer(peer);
                out.println("peer " + peer.getHostString() + ":" + peer.getPort());
            }
            case "verify" -> out.println("verified " + AckLedger.verify(node.engine(), Path.of(words[1])));
            case "resend" -> out.println("resent " + AckLedger.resend(node.engine(), Path.of(words[1])));
            case "quit" ->
            {
                stopLoad();
                return false;
            }
            default -> out.println("error unknown command '" + words[0] + "'");
        }
        return true;
    }

    private String describe(final NodeStatus status)
    {
        final Engine engine = node.engine();
        final BalancesView balances = (BalancesView)engine.context().projections().get(0);
        return "node=" + nodeId + " role=" + status.role() + " epoch=" + status.epoch() + " last=" +
            PositionFormat.position(status.lastPosition()) + " acked=" +
            PositionFormat.position(status.acknowledgedPosition()) + " connected=" +
            status.peerConnected() + " hash=" + PositionFormat.hash(engine.stateHash()) + " divergences=" +
            status.divergences() + " truncations=" + status.truncations() + " total=" +
            engine.query(balances, BalancesView::totalMoney) + " negative=" +
            engine.query(balances, v -> v.balances().values().stream().filter(b -> b < 0).count());
    }

    private void open(final int accounts)
    {
        final SendOptions replicated = SendOptions.defaults().durability(Durability.REPLICATED);
        for (int i = 0; i < accounts; i++)
        {
            final String account = "acc-" + i;
            node.engine().send(new BankCommand.OpenAccount(account), replicated).join();
            node.engine().send(new BankCommand.Deposit(account, 1_000), replicated).join();
        }
        out.println("opened " + accounts);
    }

    private void startLoad(final int count, final long seed)
    {
        final Thread thread = new Thread(() -> new TransferLoad(node.engine(), nodeId, seed, out).run(count),
            "bank-load");
        thread.setDaemon(true);
        load.set(thread);
        thread.start();
    }

    private void stopLoad() throws InterruptedException
    {
        final Thread thread = load.get();
        if (null != thread)
        {
            thread.interrupt();
            thread.join(10_000);
        }
    }

    /** Whether an outcome counts as acknowledged at REPLICATED. */
    static boolean acknowledged(final Outcome outcome)
    {
        return outcome.accepted() && !outcome.degraded();
    }

    /** The node's arguments. */
    record NodeArgs(int id, Path dir, InetSocketAddress listen, InetSocketAddress peer, EngineRole role,
        boolean autoPromote, long heartbeatTimeoutMs, boolean newCluster, InetSocketAddress metrics)
    {
        static NodeArgs parse(final String[] args)
        {
            int id = -1;
            Path dir = null;
            InetSocketAddress listen = null;
            InetSocketAddress peer = null;
            EngineRole role = EngineRole.STANDBY;
            boolean autoPromote = false;
            boolean newCluster = false;
            long timeoutMs = 250;
            InetSocketAddress metrics = null;
            int i = 0;
            while (i < args.length)
            {
                final String name = args[i];
                final String value = "--auto-promote".equals(name) || "--new-cluster".equals(name) ||
                    i + 1 == args.length ? "" : args[i + 1];
                switch (name)
                {
                    case "--id" -> id = Integer.parseInt(value);
                    case "--dir" -> dir = Path.of(value);
                    case "--listen" -> listen = address(value);
                    case "--peer" -> peer = address(value);
                    case "--role" -> role = EngineRole.valueOf(value);
                    case "--auto-promote" -> autoPromote = true;
                    case "--new-cluster" -> newCluster = true;
                    case "--heartbeat-timeout-ms" -> timeoutMs = Long.parseLong(value);
                    case "--metrics" -> metrics = address(value);
                    default -> throw new IllegalArgumentException("unknown argument " + name);
                }
                i += value.isEmpty() ? 1 : 2;
            }
            if (id < 0 || null == dir || null == listen || null == peer)
            {
                throw new IllegalArgumentException("--id, --dir, --listen and --peer are required");
            }
            return new NodeArgs(id, dir, listen, peer, role, autoPromote, timeoutMs, newCluster, metrics);
        }

        private static InetSocketAddress address(final String text)
        {
            final int colon = text.lastIndexOf(':');
            return new InetSocketAddress(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
        }
    }
}
