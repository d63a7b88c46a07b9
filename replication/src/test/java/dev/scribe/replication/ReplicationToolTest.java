package dev.scribe.replication;

import dev.scribe.engine.Bank;
import dev.scribe.engine.Durability;
import dev.scribe.engine.Engine;
import dev.scribe.engine.EngineRole;
import dev.scribe.engine.Outcome;
import dev.scribe.engine.SendOptions;
import dev.scribe.journal.PositionFormat;
import dev.scribe.journal.tool.ToolExit;
import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The replication tool run in the test JVM against live nodes, as {@code bin/scribe replication} runs it from
 * another process: it reads the nodes' counters files and talks to them through their control files only.
 */
class ReplicationToolTest
{
    private static final SendOptions REPLICATED = SendOptions.defaults().durability(Durability.REPLICATED);

    @TempDir
    Path dir;

    /** One run of the tool, with what it printed. */
    private record Run(int exitCode, String out, String err)
    {
        static Run of(final String... args)
        {
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final ByteArrayOutputStream err = new ByteArrayOutputStream();
            final int exitCode = new ReplicationTool(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
            return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }

        /** The status lines, as name to value. */
        Map<String, String> fields()
        {
            assertEquals(ToolExit.OK, exitCode, err);
            final Map<String, String> fields = new LinkedHashMap<>();
            for (final String line : out.split("\n"))
            {
                final int colon = line.indexOf(':');
                if (colon > 0)
                {
                    fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
                }
            }
            return fields;
        }
    }

    private static Map<String, String> awaitStatus(final Path engineDir, final Predicate<Map<String, String>> expected,
        final String what) throws InterruptedException
    {
        final AtomicReference<Map<String, String>> last = new AtomicReference<>();
        Deadlines.await(() ->
        {
            final Run run = Run.of("status", engineDir.toString());
            if (run.exitCode() != ToolExit.OK)
            {
                return false; // a node relaunching its engine for longer than the tool waits: ask again
            }
            last.set(run.fields());
            return expected.test(last.get());
        }, what);
        return last.get();
    }

    private static void deposits(final Engine engine, final int count)
    {
        Nodes.open(engine, Nodes.accounts(3));
        for (int i = 0; i < count; i++)
        {
            final Outcome outcome = Nodes.result(engine.send(new Bank.Deposit("acc-" + (i % 3), 5), REPLICATED),
                "the outcome of deposit " + i);
            assertTrue(outcome.accepted(), outcome.toString());
        }
    }

    @Test
    void statusShowsEachNodesRoleEpochPositionsAndLink() throws Exception
    {
        final Path oneDir = dir.resolve("one");
        final Path twoDir = dir.resolve("two");
        try (NodePair pair = NodePair.start(
            Nodes.node(1, oneDir, EngineRole.PRIMARY, NodePair.UNKNOWN_PEER), new Nodes.Log("one"),
            Nodes.node(2, twoDir, EngineRole.STANDBY, NodePair.UNKNOWN_PEER), new Nodes.Log("two")))
        {
            final ReplicationNode one = pair.one;
            final ReplicationNode two = pair.two;
            deposits(one.engine(), 50);
            final String last = PositionFormat.position(one.engine().lastPosition());
            final String epoch = Long.toString(one.engine().epoch());

            final Map<String, String> primary = awaitStatus(oneDir,
                fields -> last.equals(fields.get("sent position")) &&
                    last.equals(fields.get("acknowledged position").split(" ")[0]),
                "the primary's status to show the acknowledgement");
            assertEquals("primary", primary.get("role"));
            assertEquals(epoch, primary.get("epoch"));
            assertEquals(last, primary.get("last position"));
            assertEquals(last, primary.get("sent position"));
            assertEquals("0", primary.get("lag"));
            assertEquals("yes", primary.get("peer connected"));
            assertEquals("0", primary.get("divergences"));
            assertEquals("0", primary.get("truncations"));
            assertTrue(primary.get("node").contains("running"), primary.toString());

            final Map<String, String> standby = awaitStatus(twoDir, fields -> last.equals(
                fields.get("acknowledged position").split(" ")[0]), "the standby's status to show its acknowledgement");
            assertEquals("standby", standby.get("role"));
            assertEquals(epoch, standby.get("epoch"));
            assertEquals(last, standby.get("last position"));
            assertEquals("yes", standby.get("peer connected"));
            assertFalse(standby.containsKey("lag"), "a standby has no lag of its own to show");
            assertEquals(two.status().lastPosition(), PositionFormat.parsePosition(standby.get("last position")),
                "the printed position reads back");
        }
    }

    @Test
    void promoteMakesAStandbyThePrimaryOfTheNextEpoch() throws Exception
    {
        final Path oneDir = dir.resolve("one");
        final Path twoDir = dir.resolve("two");
        try (NodePair pair = NodePair.start(
            Nodes.node(1, oneDir, EngineRole.PRIMARY, NodePair.UNKNOWN_PEER), new Nodes.Log("one"),
            Nodes.node(2, twoDir, EngineRole.STANDBY, NodePair.UNKNOWN_PEER), new Nodes.Log("two")))
        {
            final ReplicationNode one = pair.one;
            final ReplicationNode two = pair.two;
            deposits(one.engine(), 20);
            final long epoch = one.engine().epoch();
            final long last = one.engine().lastPosition();
            Deadlines.await(() -> two.engine().lastPosition() == last, "the standby to catch up");

            final Run promote = Run.of("promote", twoDir.toString(), "--wait",
                Nodes.waitSeconds(Duration.ofSeconds(20)));
            assertEquals(ToolExit.OK, promote.exitCode(), promote.err());
            assertEquals("promote: epoch " + (epoch + 1), promote.out().trim());
            assertEquals(EngineRole.PRIMARY, two.engine().role());
            assertEquals(epoch + 1, two.engine().epoch());
            assertFalse(Files.exists(twoDir.resolve("replication").resolve("request")), "the node took the request");
            final Map<String, String> status = Run.of("status", twoDir.toString()).fields();
            assertEquals("primary", status.get("role"));
            assertEquals(Long.toString(epoch + 1), status.get("epoch"));
            Nodes.open(two.engine(), "acc-9");
            assertTrue(two.engine().send(new Bank.Deposit("acc-9", 1)).join().accepted(), "it takes commands");

            // the old primary meets the newer epoch, steps down and follows; its relaunched engine's counters say so
            final Map<String, String> old = awaitStatus(oneDir, fields -> "standby".equals(fields.get("role")) &&
                Long.toString(epoch + 1).equals(fields.get("epoch")), "the old primary to step down");
            assertEquals(EngineRole.STANDBY, one.engine().role());
            assertTrue(old.get("node").contains("running"), old.toString());

            final Run again = Run.of("promote", twoDir.toString());
            assertEquals(ToolExit.OK, again.exitCode(), again.err());
            assertEquals("promote: epoch " + (epoch + 1), again.out().trim(), "a primary stays in its epoch");
        }
    }

    @Test
    void aStandbyPromotedAfterItsPrimaryIsGoneShowsNothingAcknowledgedInItsEpoch() throws Exception
    {
        final Path twoDir = dir.resolve("two");
        try (ReplicationNode two = NodePair.startAlone(
            Nodes.node(2, twoDir, EngineRole.STANDBY, NodePair.UNKNOWN_PEER), new Nodes.Log("two")))
        {
            final long last;
            try (ReplicationNode one = NodePair.startPeer(
                Nodes.node(1, dir.resolve("one"), EngineRole.PRIMARY, two.listenAddress()), two,
                new Nodes.Log("one")))
            {
                deposits(one.engine(), 20);
                last = one.engine().lastPosition();
                awaitStatus(twoDir, fields -> PositionFormat.position(last).equals(
                    fields.get("acknowledged position").split(" ")[0]), "the standby to acknowledge " + last);
            }
            final Run promote = Run.of("promote", twoDir.toString());
            assertEquals(ToolExit.OK, promote.exitCode(), promote.err());
            final Map<String, String> status = Run.of("status", twoDir.toString()).fields();
            assertEquals("primary", status.get("role"));
            assertEquals("none (by the standby)", status.get("acknowledged position"),
                "not what it acknowledged to the old primary: " + status);
            assertEquals("all (nothing acknowledged in this epoch)", status.get("lag"));
            assertEquals("no", status.get("peer connected"));
            assertTrue(PositionFormat.parsePosition(status.get("last position")) > last,
                "the new epoch's first record");
        }
    }

    @Test
    void demoteMakesThePrimaryAStandby() throws Exception
    {
        final Path oneDir = dir.resolve("one");
        try (NodePair pair = NodePair.start(
            Nodes.node(1, oneDir, EngineRole.PRIMARY, NodePair.UNKNOWN_PEER), new Nodes.Log("one"),
            Nodes.node(2, dir.resolve("two"), EngineRole.STANDBY, NodePair.UNKNOWN_PEER), new Nodes.Log("two")))
        {
            final ReplicationNode one = pair.one;
            final ReplicationNode two = pair.two;
            deposits(one.engine(), 10);
            final long epoch = one.engine().epoch();

            final Run demote = Run.of("demote", oneDir.toString(), "--wait",
                Nodes.waitSeconds(Duration.ofSeconds(20)));
            assertEquals(ToolExit.OK, demote.exitCode(), demote.err());
            assertEquals("demote: epoch " + epoch, demote.out().trim());
            assertEquals(EngineRole.STANDBY, one.engine().role());
            assertEquals(EngineRole.STANDBY, two.engine().role());
            assertEquals(Outcome.Status.NOT_PRIMARY, Nodes.result(one.engine().send(new Bank.Deposit("acc-1", 1)),
                "the outcome of a deposit sent to the demoted node").status());
            final Map<String, String> status = Run.of("status", oneDir.toString()).fields();
            assertEquals("standby", status.get("role"));
            assertEquals(Long.toString(epoch), status.get("epoch"));
            assertEquals(PositionFormat.position(one.engine().lastPosition()), status.get("last position"));
        }
    }

    @Test
    void aDirectoryThatIsNotANodesIsWrongInputExitTwo() throws Exception
    {
        final Path missing = dir.resolve("missing");
        final Path empty = Files.createDirectories(dir.resolve("empty"));
        final Path plainEngine = dir.resolve("engine");
        try (Engine engine = Engine.launch(Nodes.bank(plainEngine)))
        {
            Nodes.open(engine, "acc-1");
            assertTrue(engine.send(new Bank.Deposit("acc-1", 1)).join().accepted());
        }
        for (final String command : new String[] {"status", "promote", "demote"})
        {
            final Run onMissing = Run.of(command, missing.toString());
            assertEquals(ToolExit.USAGE, onMissing.exitCode(), command);
            assertTrue(onMissing.err().contains("is not a directory"), onMissing.err());

            final Run onEmpty = Run.of(command, empty.toString());
            assertEquals(ToolExit.USAGE, onEmpty.exitCode(), command);
            assertTrue(onEmpty.err().contains("is not a replication node's engine directory") &&
                onEmpty.err().contains("no counters file"), onEmpty.err());

            final Run onEngine = Run.of(command, plainEngine.toString());
            assertEquals(ToolExit.USAGE, onEngine.exitCode(), command);
            assertTrue(onEngine.err().contains("not a replication node's: its counters have no replication"),
                onEngine.err());
            assertEquals("", onEngine.out());
        }
        assertFalse(Files.exists(plainEngine.resolve("replication")), "nothing written into a plain engine's dir");
    }

    @Test
    void aRequestNobodyTakesTimesOutWithExitOneAndIsWithdrawn() throws Exception
    {
        final Path nodeDir = dir.resolve("one");
        try (ReplicationNode one = ReplicationNode.start(
            Nodes.node(1, nodeDir, EngineRole.PRIMARY, NodePair.UNKNOWN_PEER), new Nodes.Log("one")))
        {
            assertEquals(EngineRole.PRIMARY, one.status().role());
        }
        // the node is closed but its counters file names this (live) JVM: the request is written and never taken
        final Run promote = Run.of("promote", nodeDir.toString(), "--wait", "0.3");
        assertEquals(ToolExit.FAILED, promote.exitCode());
        assertTrue(promote.err().contains("did not take the promote request within 0.300 s; it was withdrawn"),
            promote.err());
        assertFalse(Files.exists(nodeDir.resolve("replication").resolve("request")), "withdrawn");
        assertFalse(Files.exists(nodeDir.resolve("replication").resolve("result")), "no answer was invented");

        final Map<String, String> stopped = Run.of("status", nodeDir.toString()).fields();
        assertEquals("primary", stopped.get("role"), "status shows a stopped node's last values");
    }

    @Test
    void wrongUsageExitsTwo()
    {
        final Path nodeDir = dir.resolve("one");
        assertEquals(ToolExit.USAGE, Run.of().exitCode());
        assertEquals(ToolExit.USAGE, Run.of("status").exitCode());
        assertEquals(ToolExit.USAGE, Run.of("elect", nodeDir.toString()).exitCode());
        assertEquals(ToolExit.USAGE, Run.of("status", nodeDir.toString(), "--wait", "1").exitCode());
        assertEquals(ToolExit.USAGE, Run.of("promote", nodeDir.toString(), "--wait").exitCode());
        assertEquals(ToolExit.USAGE, Run.of("promote", nodeDir.toString(), "--wait", "0").exitCode());
        final Run notANumber = Run.of("demote", nodeDir.toString(), "--wait", "soon");
        assertEquals(ToolExit.USAGE, notANumber.exitCode());
        assertTrue(notANumber.err().contains("--wait must be a number, was 'soon'"), notANumber.err());
        assertTrue(notANumber.err().contains("usage: replication status DIR"), notANumber.err());
    }
}
