package dev.scribe.examples.failover;

import dev.scribe.examples.DemoDirectory;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The fail-over demo: a primary and a standby as two processes on 127.0.0.1. Transfers go to the primary at
 * REPLICATED; the primary is killed with SIGKILL mid-stream; the standby is promoted and takes more transfers; the
 * old primary comes back as the new standby. Each step prints the nodes' positions, epochs and state hashes, and at
 * the end the survivor is checked against every acknowledgement a client received.
 *
 * <pre>bin/demo failover [dir] [transfers]</pre>
 */
public final class FailoverDemo
{
    private static final Duration STEP = Duration.ofSeconds(60);

    private FailoverDemo()
    {
    }

    /**
     * Run the demo.
     *
     * @param args optional directory (default {@code data/failover}) and transfers per phase (default 20,000).
     * @throws Exception if a step fails.
     */
    public static void main(final String[] args) throws Exception
    {
        final PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
            StandardCharsets.UTF_8);
        final Path dir = args.length > 0 ? Path.of(args[0]) : Path.of("data", "failover");
        final int transfers = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        final boolean ok = run(dir, transfers, transfers / 2, out);
        out.println(ok ? "OK: every acknowledged transfer is on the survivor exactly once" : "FAILED");
        if (!ok)
        {
            System.exit(1);
        }
    }

    /**
     * Run the demo's steps.
     *
     * @param dir       where the nodes' directories go (emptied first).
     * @param transfers transfers sent in each phase.
     * @param killAfter acknowledgements seen before the primary is killed.
     * @param out       where the steps are printed.
     * @return whether every check held.
     * @throws Exception if a step fails.
     */
    public static boolean run(final Path dir, final int transfers, final int killAfter, final PrintStream out)
        throws Exception
    {
        DemoDirectory.delete(dir);
        Files.createDirectories(dir);
        final Path ledger = dir.resolve("acks.txt");
        final Path stderr = dir.resolve("nodes.log");
        // each node listens on a port it picks and prints; a node started later dials the other's, which is told
        // the new node's port in turn, so no port is chosen before its node holds it
        final List<String> founding = new ArrayList<>(with(args(1, dir.resolve("node-1"), 0), "PRIMARY"));
        founding.add("--new-cluster");
        NodeProcess primary = NodeProcess.start("node-1", ledger, stderr, founding);
        final int port1 = listening(primary);
        primary.await("ready", STEP);
        try (NodeProcess standby = NodeProcess.start("node-2", ledger, stderr,
            with(args(2, dir.resolve("node-2"), port1), "STANDBY")))
        {
            final int port2 = listening(standby);
            standby.await("ready", STEP);
            primary.ask("peer 127.0.0.1:" + port2, "peer", STEP);
            out.println("1. started node 1 (primary, 127.0.0.1:" + port1 + ") and node 2 (standby, 127.0.0.1:" +
                port2 + "); logs in " + stderr);
            primary.ask("open " + TransferLoad.ACCOUNTS, "opened", STEP);
            out.println("2. " + transfers + " transfers to node 1 at REPLICATED; SIGKILL node 1 after " + killAfter +
                " acknowledgements");
            primary.send("load " + transfers + " 1");
            for (int i = 0; i < killAfter; i++)
            {
                primary.await("ack ", STEP);
            }
            primary.kill();
            NodeProcess.mergeLedgers(ledger);
            final long acked = Files.readAllLines(ledger).size();
            out.println("   node 1 killed (pid " + primary.pid() + ") after " + acked + " acknowledgements");
            out.println("   node 2: " + standby.ask("status", "status", STEP));
            out.println("3. promote node 2: " + standby.ask("promote", "promoted", STEP));
            out.println("   node 2: " + standby.ask("status", "status", STEP));
            out.println("4. " + transfers / 2 + " more transfers to node 2; restart node 1 as the standby");
            primary.close();
            primary = NodeProcess.start("node-1", ledger, stderr, with(args(1, dir.resolve("node-1"), port2),
                "STANDBY"));
            final int restarted = listening(primary);
            primary.await("ready", STEP);
            standby.ask("peer 127.0.0.1:" + restarted, "peer", STEP);
            standby.ask("load " + transfers / 2 + " 2", "loaded", STEP);
            final String survivor = awaitCaughtUp(standby, primary);
            out.println("   node 2: " + survivor);
            out.println("   node 1: " + primary.ask("status", "status", STEP));
            primary.flushLedger();
            standby.flushLedger();
            NodeProcess.mergeLedgers(ledger);
            final String verified = standby.ask("verify " + ledger.toAbsolutePath(), "verified", STEP);
            out.println("5. acknowledged transfers on the survivor, node 2: " + verified);
            final String onOne = primary.ask("verify " + ledger.toAbsolutePath(), "verified", STEP);
            out.println("   and on node 1, its standby: " + onOne);
            final String resent = standby.ask("resend " + ledger.toAbsolutePath(), "resent", STEP);
            out.println("6. every acknowledged transfer sent again with its idempotency key: " + resent);
            return verified.contains(" missing=0 duplicates=0 moved=0") && onOne.contains(" missing=0 duplicates=0") &&
                resent.contains(" different=0");
        }
        finally
        {
            primary.close();
        }
    }

    /** Wait until both nodes report the same last position and hash; returns the first's status. */
    private static String awaitCaughtUp(final NodeProcess first, final NodeProcess second) throws Exception
    {
        final long deadline = System.nanoTime() + STEP.toNanos();
        while (true)
        {
            final String a = first.ask("status", "status", STEP);
            final String b = second.ask("status", "status", STEP);
            if (field(a, "last").equals(field(b, "last")) && field(a, "hash").equals(field(b, "hash")))
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

    private static String field(final String status, final String name)
    {
        for (final String word : status.split(" "))
        {
            if (word.startsWith(name + "="))
            {
                return word.substring(name.length() + 1);
            }
        }
        return "";
    }

    /** A node's arguments: it listens on a port it picks, and dials its peer's port (0: not known yet). */
    private static List<String> args(final int id, final Path dir, final int peer)
    {
        return List.of("--id", String.valueOf(id), "--dir", dir.toString(), "--listen", "127.0.0.1:0",
            "--peer", "127.0.0.1:" + peer);
    }

    /** The port a node started listening on, as it prints it. */
    private static int listening(final NodeProcess node) throws InterruptedException
    {
        return Integer.parseInt(node.await("listening ", STEP).substring("listening ".length()));
    }

    private static List<String> with(final List<String> args, final String role)
    {
        final List<String> all = new ArrayList<>(args);
        all.add("--role");
        all.add(role);
        return all;
    }
}
