package dev.scribe.examples.failover;

import dev.scribe.examples.DemoDirectory;
import dev.scribe.examples.MetricsEndpoint;
import dev.scribe.examples.MetricsOption;
import dev.scribe.examples.Progress;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The fail-over demo: a primary and a standby as two processes on 127.0.0.1. Transfers go to the primary at
 * REPLICATED; the primary is killed with SIGKILL mid-stream; the standby is promoted and takes more transfers; the
 * old primary comes back as the new standby. Each step says what happened: who serves in which epoch, how far the
 * standby has acknowledged, whether the states agree; and at the end the survivor is checked against every
 * acknowledgement a client received. With {@code --metrics-port PORT}, node 1 serves its meters at
 * {@code http://127.0.0.1:PORT/metrics} and node 2 at {@code PORT + 1}, until Enter is pressed after the last step.
 *
 * <pre>bin/demo failover [dir] [transfers] [--metrics-port PORT]</pre>
 */
public final class FailoverDemo
{
    private static final Duration STEP = Duration.ofSeconds(60);
    private static final String USAGE = "usage: bin/demo failover [dir] [transfers] [--metrics-port PORT]";

    private FailoverDemo()
    {
    }

    /**
     * Run the demo.
     *
     * @param all optional directory (default {@code data/failover}) and transfers in the first phase (default
     *            20,000; half as many in the second), and {@code --metrics-port PORT} anywhere.
     * @throws Exception if a step fails.
     */
    public static void main(final String[] all) throws Exception
    {
        final PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
            StandardCharsets.UTF_8);
        final MetricsOption metrics = MetricsOption.parse(all);
        final List<String> args = metrics.rest();
        if (args.size() > 2)
        {
            throw new IllegalArgumentException("too many arguments: " + args + "; " + USAGE);
        }
        if (metrics.port() == 0xffff)
        {
            throw new IllegalArgumentException("--metrics-port 65535 leaves no port for node 2, which serves on " +
                "the port after node 1's; " + USAGE);
        }
        final Path dir = args.size() > 0 ? Path.of(args.get(0)) : Path.of("data", "failover");
        final int transfers = args.size() > 1 ? transfers(args.get(1)) : 20_000;
        final boolean ok;
        try
        {
            ok = run(dir, transfers, transfers / 2, metrics.port(), System.in, out);
        }
        catch (final IllegalStateException ex)
        {
            out.println("FAILED: " + ex.getMessage() + " (the nodes' log: " + dir.resolve("nodes.log") + ")");
            System.exit(1);
            return;
        }
        out.println(ok ? "OK: every acknowledged transfer is on the survivor exactly once" : "FAILED");
        if (!ok)
        {
            System.exit(1);
        }
    }

    private static int transfers(final String text)
    {
        try
        {
            final int transfers = Integer.parseInt(text);
            if (transfers >= 2)
            {
                return transfers;
            }
        }
        catch (final NumberFormatException ignore)
        {
            // reported below
        }
        throw new IllegalArgumentException("the number of transfers must be an integer of 2 or more: '" + text +
            "'; " + USAGE);
    }

    /**
     * Run the demo's steps, without metrics.
     *
     * @param dir       where the nodes' directories go (emptied first).
     * @param transfers transfers sent in the first phase; half as many in the second.
     * @param killAfter acknowledgements seen before the primary is killed.
     * @param out       where the steps are printed.
     * @return whether every check held.
     * @throws Exception if a step fails.
     */
    public static boolean run(final Path dir, final int transfers, final int killAfter, final PrintStream out)
        throws Exception
    {
        return run(dir, transfers, killAfter, 0, null, out);
    }

    /**
     * Run the demo's steps.
     *
     * @param dir         where the nodes' directories go (emptied first).
     * @param transfers   transfers sent in the first phase; half as many in the second.
     * @param killAfter   acknowledgements seen before the primary is killed.
     * @param metricsPort node 1 serves its meters on this port of 127.0.0.1, node 2 on the next; 0 for none.
     * @param hold        with metrics, after the last step the nodes run on until a line is read from it (or the
     *                    process is stopped); null not to wait.
     * @param out         where the steps are printed.
     * @return whether every check held.
     * @throws Exception if a step fails.
     */
    public static boolean run(final Path dir, final int transfers, final int killAfter, final int metricsPort,
        final InputStream hold, final PrintStream out) throws Exception
    {
        DemoDirectory.delete(dir);
        Files.createDirectories(dir);
        final Path ledger = dir.resolve("acks.txt");
        final Path stderr = dir.resolve("nodes.log");
        out.println("Fail-over demo: a replicated bank as two processes on 127.0.0.1, in " +
            dir.toAbsolutePath().normalize() + " (the nodes log to nodes.log there)");
        // each node listens on a port it picks and prints; a node started later dials the other's, which is told
        // the new node's port in turn, so no port is chosen before its node holds it
        final List<String> founding = new ArrayList<>(args(1, dir.resolve("node-1"), 0, "PRIMARY", metricsPort));
        founding.add("--new-cluster");
        NodeProcess primary = NodeProcess.start("node-1", ledger, stderr, founding);
        final int port1 = listening(primary);
        primary.await("ready", STEP);
        try (NodeProcess standby = NodeProcess.start("node-2", ledger, stderr,
            args(2, dir.resolve("node-2"), port1, "STANDBY", metricsPort + (0 == metricsPort ? 0 : 1))))
        {
            final int port2 = listening(standby);
            standby.await("ready", STEP);
            primary.ask("peer 127.0.0.1:" + port2, "peer", STEP);
            primary.ask("open " + TransferLoad.ACCOUNTS, "opened", STEP);
            out.printf(Locale.ROOT, "1. Node 1 is the primary (127.0.0.1:%d) in epoch %s, node 2 its standby " +
                "(127.0.0.1:%d). Opened %d accounts with 1,000 each.%n", port1,
                NodeWords.field(primary.ask("status", "status", STEP), "epoch"), port2, TransferLoad.ACCOUNTS);
            if (0 != metricsPort)
            {
                out.printf(Locale.ROOT, "   Metrics: node 1 at %s, node 2 at %s (Prometheus text format; node 1's " +
                    "is gone while node 1 is down)%n", metricsUri(metricsPort), metricsUri(metricsPort + 1));
            }
            out.printf(Locale.ROOT, "2. Sending %,d transfers to node 1, each acknowledged once node 2 has " +
                "journaled it too; node 1 will be killed after %,d acknowledgements.%n", transfers, killAfter);
            primary.send("load " + transfers + " 1");
            final Progress sent = new Progress(out, "   acknowledged", transfers, "transfers");
            for (int i = 1; i <= killAfter; i++)
            {
                primary.await("ack ", STEP);
                sent.update(i);
            }
            primary.kill();
            NodeProcess.mergeLedgers(ledger);
            out.printf(Locale.ROOT, "   Killed node 1 with SIGKILL (pid %d) after %,d transfers were acknowledged.%n",
                primary.pid(), Files.readAllLines(ledger).size());
            out.println("   " + NodeWords.orphanedStandby(standby.ask("status", "status", STEP)));
            out.println("3. " + NodeWords.promoted(2, standby.ask("promote", "promoted", STEP)));
            primary.close();
            primary = NodeProcess.start("node-1", ledger, stderr, args(1, dir.resolve("node-1"), port2, "STANDBY",
                metricsPort));
            final int restarted = listening(primary);
            primary.await("ready", STEP);
            standby.ask("peer 127.0.0.1:" + restarted, "peer", STEP);
            out.printf(Locale.ROOT, "4. Restarted node 1 (127.0.0.1:%d) as the standby of node 2; sending %,d more " +
                "transfers to node 2.%n", restarted, transfers / 2);
            final Progress more = new Progress(out, "   acknowledged", transfers / 2, "transfers");
            final long[] acks = {0};
            standby.send("load " + transfers / 2 + " 2");
            standby.await("loaded", STEP, line -> more.update(line.startsWith("ack ") ? ++acks[0] : acks[0]));
            final String survivor = awaitCaughtUp(standby, primary);
            final String follower = primary.ask("status", "status", STEP);
            out.println(NodeWords.pair(survivor, follower));
            out.println("   " + NodeWords.rejoined(follower));
            return check(dir, ledger, primary, standby, metricsPort, hold, out);
        }
        finally
        {
            primary.close();
        }
    }

    /** Steps 5 and 6: every acknowledged transfer on both nodes, once, and sent again with its key. */
    private static boolean check(final Path dir, final Path ledger, final NodeProcess one, final NodeProcess two,
        final int metricsPort, final InputStream hold, final PrintStream out) throws Exception
    {
        one.flushLedger();
        two.flushLedger();
        NodeProcess.mergeLedgers(ledger);
        final String verified = two.ask("verify " + ledger.toAbsolutePath(), "verified", STEP);
        final String onOne = one.ask("verify " + ledger.toAbsolutePath(), "verified", STEP);
        out.printf(Locale.ROOT, "5. Looked up the %,d acknowledged transfers (%s) in the nodes' journals: %s.%n",
            NodeWords.count(verified, "of"), ledger.getFileName(), NodeWords.verified(verified, onOne));
        final String resent = two.ask("resend " + ledger.toAbsolutePath(), "resent", STEP);
        out.println("6. Sent every acknowledged transfer to node 2 again with its idempotency key: " +
            NodeWords.resent(resent) + ".");
        if (0 != metricsPort && null != hold)
        {
            MetricsEndpoint.awaitEnter(hold, out, "Metrics are still served: node 1 at " + metricsUri(metricsPort) +
                ", node 2 at " + metricsUri(metricsPort + 1));
        }
        return NodeWords.allFound(verified) && 0 == NodeWords.count(onOne, "missing") &&
            0 == NodeWords.count(onOne, "duplicates") && 0 == NodeWords.count(resent, "different");
    }

    private static String metricsUri(final int port)
    {
        return "http://" + MetricsEndpoint.HOST + ":" + port + MetricsEndpoint.PATH;
    }

    /** Wait until both nodes report the same last position and hash; returns the first's status. */
    private static String awaitCaughtUp(final NodeProcess first, final NodeProcess second) throws Exception
    {
        final long deadline = System.nanoTime() + STEP.toNanos();
        while (true)
        {
            final String a = first.ask("status", "status", STEP);
            final String b = second.ask("status", "status", STEP);
            if (NodeWords.field(a, "last").equals(NodeWords.field(b, "last")) &&
                NodeWords.field(a, "hash").equals(NodeWords.field(b, "hash")))
            {
                return a;
            }
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("nodes did not converge: " + a + " / " + b);
            }
            Thread.sleep(50);
        }
    }

    /**
     * A node's arguments: it listens on a port it picks, dials its peer's port (0: not known yet), and serves its
     * meters on a port of 127.0.0.1 (0: none).
     */
    private static List<String> args(final int id, final Path dir, final int peer, final String role,
        final int metricsPort)
    {
        final List<String> args = new ArrayList<>(List.of("--id", String.valueOf(id), "--dir", dir.toString(),
            "--listen", "127.0.0.1:0", "--peer", "127.0.0.1:" + peer, "--role", role));
        if (0 != metricsPort)
        {
            args.add("--metrics");
            args.add(MetricsEndpoint.HOST + ":" + metricsPort);
        }
        return args;
    }

    /** The port a node started listening on, as it prints it. */
    private static int listening(final NodeProcess node) throws InterruptedException
    {
        return Integer.parseInt(node.await("listening ", STEP).substring("listening ".length()));
    }
}
