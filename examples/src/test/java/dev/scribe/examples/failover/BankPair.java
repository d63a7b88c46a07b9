package dev.scribe.examples.failover;

import dev.scribe.test.Deadlines;
import dev.scribe.test.TcpProxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two bank node processes for the real-process fail-over tests: how to start each again, ask its status, wait
 * until the two agree, and check at the end that every acknowledged transfer is on a node exactly once.
 */
final class BankPair
{
    /** The longest any one step may take (60 s on a quiet machine, scaled). */
    static final Duration STEP = Deadlines.scaled(Duration.ofSeconds(60));
    /** All the money the bank's accounts hold. */
    static final long TOTAL = TransferLoad.ACCOUNTS * 1_000L;

    private final Path dir;

    BankPair(final Path dir)
    {
        this.dir = dir;
    }

    /**
     * A node: its process and how to start it again. It listens on a port of the system's choosing at each start and
     * prints it; its peer dials it there (told with the node's {@code peer} command), or through a proxy in front of
     * it that is pointed at the new port.
     */
    final class Node
    {
        final int id;
        final List<String> extra;
        Node peer;
        TcpProxy proxy;
        int port;
        NodeProcess process;

        Node(final int id, final String... extra)
        {
            this.id = id;
            this.extra = List.of(extra);
        }

        /** Make two nodes each other's peer. */
        void pairWith(final Node other)
        {
            peer = other;
            other.peer = this;
        }

        /** Have the peer dial this node through a proxy, which follows the node to each new port. */
        void behind(final TcpProxy proxy)
        {
            this.proxy = proxy;
        }

        /** Where the peer dials this node: its proxy, or its port (0 before it has started). */
        InetSocketAddress address()
        {
            return null != proxy ? proxy.address() : new InetSocketAddress("127.0.0.1", port);
        }

        Path directory()
        {
            return dir.resolve("node-" + id);
        }

        void start(final String role) throws Exception
        {
            final InetSocketAddress peerAddress = peer.address();
            final List<String> all = new ArrayList<>(List.of("--id", String.valueOf(id), "--dir",
                directory().toString(), "--listen", "127.0.0.1:0", "--peer", "127.0.0.1:" + peerAddress.getPort()));
            all.addAll(extra);
            all.add("--role");
            all.add(role);
            if (!Files.exists(directory()))
            {
                all.add("--new-cluster"); // the first start of each node founds the cluster
            }
            process = NodeProcess.start("node-" + id, dir.resolve("acks.txt"), dir.resolve("nodes.log"), all);
            port = Integer.parseInt(process.await("listening ", STEP).substring("listening ".length()));
            if (null != proxy)
            {
                proxy.target(new InetSocketAddress("127.0.0.1", port));
            }
            process.await("ready", STEP);
            if (null == proxy && null != peer.process && peer.process.alive())
            {
                peer.process.ask("peer 127.0.0.1:" + port, "peer", STEP);
            }
        }

        String status() throws InterruptedException
        {
            return process.ask("status", "status", STEP);
        }

        /** Wait until this node's status has a field with a value; return that status. */
        String awaitStatus(final String name, final String value)
        {
            return awaitAnswer(this::status, status -> value.equals(field(status, name)),
                status -> "node " + id + " to reach " + name + "=" + value + "; its status: " + status);
        }
    }

    /** An answer a node process gives when asked. */
    @FunctionalInterface
    interface Asking
    {
        String ask() throws InterruptedException;
    }

    /**
     * Ask again and again, within {@link #STEP}, until the answer is the one expected; return it. An interrupt ends
     * the wait (and is kept).
     */
    static String awaitAnswer(final Asking asking, final Predicate<String> expected,
        final Function<String, String> what)
    {
        final String[] last = {""};
        Deadlines.await(() ->
        {
            try
            {
                last[0] = asking.ask();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return false;
            }
            return expected.test(last[0]);
        }, () -> what.apply(last[0]), STEP);
        return last[0];
    }

    /** Wait until both nodes have the same last position and hash, one primary and one standby. */
    static String awaitConverged(final Node primary, final Node standby, final CharSequence what)
    {
        final String both = awaitAnswer(() -> primary.status() + "\n" + standby.status(), statuses ->
        {
            final String a = statuses.substring(0, statuses.indexOf('\n'));
            final String b = statuses.substring(statuses.indexOf('\n') + 1);
            return a.contains("role=PRIMARY") && b.contains("role=STANDBY") &&
                field(a, "last").equals(field(b, "last")) && field(a, "hash").equals(field(b, "hash")) &&
                "true".equals(field(b, "connected"));
        }, statuses -> "the nodes to converge after " + what + ":\n" + statuses);
        final String a = both.substring(0, both.indexOf('\n'));
        assertEquals(field(a, "epoch"), field(both.substring(both.indexOf('\n') + 1), "epoch"));
        return a;
    }

    /**
     * End the test: both nodes agree, every acknowledged transfer is on the primary exactly once, the money is all
     * there, and no node logged an error.
     */
    void verify(final Node primary, final Node standby, final CharSequence what) throws Exception
    {
        final String status = awaitConverged(primary, standby, what);
        assertTrue(status.contains(" total=" + TOTAL + " negative=0"), what + "\n" + status);
        primary.process.flushLedger();
        standby.process.flushLedger();
        NodeProcess.mergeLedgers(dir.resolve("acks.txt"));
        final String verified = primary.process.ask("verify " + dir.resolve("acks.txt"), "verified", STEP);
        assertTrue(verified.contains(" missing=0 duplicates=0 moved=0"), what + "\n" + verified);
        assertTrue(!verified.contains(" of=0"), verified);
        primary.process.close();
        standby.process.close();
    }

    /** The last lines the nodes logged, to show when a test fails. */
    String logTail() throws IOException
    {
        final Path log = dir.resolve("nodes.log");
        if (!Files.exists(log))
        {
            return "";
        }
        final List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    }

    static String field(final String status, final String name)
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
}
