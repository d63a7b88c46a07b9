package dev.scribe.examples.failover;

import dev.scribe.journal.PositionFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fail-over with real processes: nodes in child JVMs on 127.0.0.1, killed with SIGKILL.
 */
class FailoverTest
{
    private static final Duration STEP = BankPair.STEP;

    @TempDir
    Path dir;

    @Test
    void primaryKilledAtASeededMomentLosesNoAcknowledgedTransfer() throws Exception
    {
        for (final long seed : new long[] {0x5C21BEL, 20261123L})
        {
            final int killAfter = 100 + new SplittableRandom(seed).nextInt(2_900);
            final ByteArrayOutputStream text = new ByteArrayOutputStream();
            final boolean ok = FailoverDemo.run(dir.resolve("seed-" + seed), 3_000, killAfter,
                new PrintStream(text, true, StandardCharsets.UTF_8));
            final String report = text.toString(StandardCharsets.UTF_8);
            assertTrue(ok, "seed " + seed + " (kill after " + killAfter + " acknowledgements):\n" + report);
            assertTrue(report.contains("Primary node 2 is serving in epoch 3; standby node 1 has acknowledged " +
                "everything up to "), report);
            assertTrue(report.contains("   Node 1 had journaled "), report);
            assertTrue(report.contains("in the nodes' journals: each is in both, once, at the position its client " +
                "was told."), report);
        }
    }

    @Test
    void standbyKilledAndRestartedCatchesUpFromItsOwnPosition() throws Exception
    {
        final Path ledger = dir.resolve("acks.txt");
        final Path log = dir.resolve("nodes.log");
        // each node listens on a port it picks and prints; the primary is told the standby's at each start
        final List<String> one = List.of("--id", "1", "--dir", dir.resolve("node-1").toString(), "--listen",
            "127.0.0.1:0", "--peer", "127.0.0.1:0", "--role", "PRIMARY", "--new-cluster");
        try (NodeProcess primary = NodeProcess.start("node-1", ledger, log, one))
        {
            final int port1 = listening(primary);
            primary.await("ready", STEP);
            final List<String> two = List.of("--id", "2", "--dir", dir.resolve("node-2").toString(), "--listen",
                "127.0.0.1:0", "--peer", "127.0.0.1:" + port1, "--role", "STANDBY");
            NodeProcess standby = NodeProcess.start("node-2", ledger, log, two);
            try
            {
                primary.ask("peer 127.0.0.1:" + listening(standby), "peer", STEP);
                standby.await("ready", STEP);
                primary.ask("open 20", "opened", STEP);
                primary.send("load 4000 7");
                primary.await("ack ", STEP);
                final String before = standby.ask("status", "status", STEP);
                standby.kill();
                standby = NodeProcess.start("node-2", ledger, log, two);
                primary.ask("peer 127.0.0.1:" + listening(standby), "peer", STEP);
                final String ready = standby.await("ready", STEP);
                assertTrue(PositionFormat.parsePosition(field(ready, "last")) >=
                    PositionFormat.parsePosition(field(before, "last")),
                    "the restarted standby starts from its own journal: " + before + " / " + ready);
                primary.await("loaded", STEP);
                final String expected = primary.ask("status", "status", STEP);
                final NodeProcess restarted = standby;
                final String status = BankPair.awaitAnswer(() -> restarted.ask("status", "status", STEP),
                    answer -> field(answer, "last").equals(field(expected, "last")),
                    answer -> "the restarted standby to reach last=" + field(expected, "last") + ": " + answer);
                assertEquals(field(expected, "last"), field(status, "last"), status);
                assertEquals(field(expected, "hash"), field(status, "hash"), status);
                assertEquals("0", field(status, "truncations"), "a standby that was behind drops nothing");
                primary.flushLedger();
                standby.flushLedger();
                NodeProcess.mergeLedgers(ledger);
                final String verified = standby.ask("verify " + ledger, "verified", STEP);
                assertTrue(verified.contains(" missing=0 duplicates=0 moved=0"), verified);
            }
            finally
            {
                standby.close();
            }
        }
    }

    private static int listening(final NodeProcess node) throws InterruptedException
    {
        return Integer.parseInt(node.await("listening ", STEP).substring("listening ".length()));
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
        throw new AssertionError("no " + name + " in " + status);
    }
}
