package dev.scribe.examples.failover;

import dev.scribe.test.TcpProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bank under a seeded schedule of faults: primaries and standbys killed with SIGKILL, the link between the two
 * node processes broken through a proxy, promotions while the old primary lives. After every round the money is
 * all there and no balance is negative; at the end every acknowledged transfer is on the primary exactly once and
 * both nodes have the same state. {@code -Dscribe.campaign.rounds=N} and {@code -Dscribe.campaign.seed=S} run a
 * longer or another campaign.
 */
class FailoverCampaignTest
{
    private static final Duration STEP = Duration.ofSeconds(60);
    private static final long TOTAL = TransferLoad.ACCOUNTS * 1_000L;

    @TempDir
    Path dir;

    /** A node: its process and how to start it again. */
    private final class Node
    {
        final int id;
        final List<String> args;
        NodeProcess process;

        Node(final int id, final int listen, final InetSocketAddress peer)
        {
            this.id = id;
            this.args = List.of("--id", String.valueOf(id), "--dir", dir.resolve("node-" + id).toString(),
                "--listen", "127.0.0.1:" + listen, "--peer", "127.0.0.1:" + peer.getPort());
        }

        void start(final String role) throws Exception
        {
            final List<String> all = new java.util.ArrayList<>(args);
            all.add("--role");
            all.add(role);
            process = NodeProcess.start("node-" + id, dir.resolve("acks.txt"), dir.resolve("nodes.log"), all);
            process.await("ready", STEP);
        }

        String status() throws InterruptedException
        {
            return process.ask("status", "status", STEP);
        }
    }

    @Test
    void moneyIsConservedAndEveryAcknowledgedTransferSurvivesASeededScheduleOfFaults() throws Exception
    {
        final long seed = Long.getLong("scribe.campaign.seed", 0x5EEDL);
        final int rounds = Integer.getInteger("scribe.campaign.rounds", 6);
        final SplittableRandom random = new SplittableRandom(seed);
        final StringBuilder schedule = new StringBuilder("seed " + seed + ":");
        final int port1 = FailoverDemoPorts.free();
        final int port2 = FailoverDemoPorts.free();
        try (TcpProxy toOne = TcpProxy.start(new InetSocketAddress("127.0.0.1", port1));
            TcpProxy toTwo = TcpProxy.start(new InetSocketAddress("127.0.0.1", port2)))
        {
            Node primary = new Node(1, port1, toTwo.address());
            Node standby = new Node(2, port2, toOne.address());
            primary.start("PRIMARY");
            standby.start("STANDBY");
            try
            {
                primary.process.ask("open " + TransferLoad.ACCOUNTS, "opened", STEP);
                for (int round = 0; round < rounds; round++)
                {
                    primary.process.send("load 400 " + (seed * 1000 + round));
                    for (int i = 0, acks = 1 + random.nextInt(200); i < acks; i++)
                    {
                        primary.process.await("ack ", STEP);
                    }
                    final int fault = random.nextInt(4);
                    schedule.append(' ').append(new String[] {"kill-primary", "kill-standby", "link", "promote"}[fault]);
                    switch (fault)
                    {
                        case 0 ->
                        {
                            primary.process.kill();
                            standby.process.ask("promote", "promoted", STEP);
                            final Node old = primary;
                            primary = standby;
                            standby = old;
                            standby.start("STANDBY");
                        }
                        case 1 ->
                        {
                            standby.process.kill();
                            standby.start("STANDBY");
                        }
                        case 2 ->
                        {
                            toOne.blackhole();
                            toTwo.blackhole();
                            final String during = primary.status();
                            toOne.pass();
                            toTwo.pass();
                            assertTrue(during.contains("total=" + TOTAL), during);
                        }
                        default ->
                        {
                            standby.process.ask("promote", "promoted", STEP);
                            final Node old = primary;
                            primary = standby;
                            standby = old;
                        }
                    }
                    final String status = awaitConverged(primary, standby, schedule);
                    assertTrue(status.contains(" total=" + TOTAL + " negative=0"), schedule + "\n" + status);
                }
                primary.process.flushLedger();
                standby.process.flushLedger();
                NodeProcess.mergeLedgers(dir.resolve("acks.txt"));
                final String verified = primary.process.ask("verify " + dir.resolve("acks.txt"), "verified", STEP);
                assertTrue(verified.contains(" missing=0 duplicates=0 moved=0"), schedule + "\n" + verified);
                assertTrue(!verified.contains(" of=0"), verified);
                primary.process.close();
                standby.process.close();
                NodeErrors.assertNone(dir.resolve("node-1"));
                NodeErrors.assertNone(dir.resolve("node-2"));
            }
            catch (final Throwable t)
            {
                final List<String> log = java.nio.file.Files.readAllLines(dir.resolve("nodes.log"));
                System.err.println(String.join("\n", log.subList(Math.max(0, log.size() - 80), log.size())));
                throw t;
            }
            finally
            {
                primary.process.close();
                standby.process.close();
                System.err.println(schedule);
            }
        }
    }

    /** Wait until both nodes have the same last position and hash, one primary and one standby. */
    private static String awaitConverged(final Node primary, final Node standby, final CharSequence schedule)
        throws Exception
    {
        final long deadline = System.nanoTime() + STEP.toNanos();
        while (true)
        {
            final String a = primary.status();
            final String b = standby.status();
            if (a.contains("role=PRIMARY") && b.contains("role=STANDBY") && field(a, "last").equals(field(b, "last")) &&
                field(a, "hash").equals(field(b, "hash")) && "true".equals(field(b, "connected")))
            {
                assertEquals(field(a, "epoch"), field(b, "epoch"));
                return a;
            }
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("nodes did not converge after " + schedule + ":\n" + a + "\n" + b);
            }
            Thread.sleep(20);
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
}
