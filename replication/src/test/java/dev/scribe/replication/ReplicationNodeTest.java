package dev.scribe.replication;

import dev.scribe.engine.Bank;
import dev.scribe.engine.Durability;
import dev.scribe.engine.EngineRole;
import dev.scribe.engine.Outcome;
import dev.scribe.engine.SendOptions;
import dev.scribe.journal.PositionFormat;
import dev.scribe.test.TcpProxy;
import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two nodes in one JVM over real sockets on 127.0.0.1 (and a fault-injecting proxy between them).
 */
class ReplicationNodeTest
{
    private static final SendOptions REPLICATED = SendOptions.defaults().durability(Durability.REPLICATED);

    @TempDir
    Path dir;

    private static Outcome join(final CompletableFuture<Outcome> future)
    {
        return Nodes.result(future, "an outcome");
    }

    @Test
    void standbyFollowsThePrimaryAndReplicatedResultsCompleteOnItsAcknowledgement() throws Exception
    {
        final Nodes.Log primaryLog = new Nodes.Log("primary");
        final Nodes.Log standbyLog = new Nodes.Log("standby");
        try (ReplicationNode primary = NodePair.startAlone(
            Nodes.node(1, dir.resolve("one"), EngineRole.PRIMARY, NodePair.UNKNOWN_PEER), primaryLog))
        {
            Nodes.open(primary.engine(), Nodes.accounts(7));
            final List<CompletableFuture<Outcome>> sent = new ArrayList<>();
            for (int i = 0; i < 200; i++)
            {
                sent.add(primary.engine().send(new Bank.Deposit("acc-" + (i % 7), 10), REPLICATED));
            }
            assertFalse(sent.get(0).isDone(), () -> "no standby has acknowledged yet, but the first result is " +
                sent.get(0).handle((outcome, failure) -> null == failure ? outcome.toString() : failure.toString())
                    .join());
            try (ReplicationNode standby = NodePair.startPeer(
                Nodes.node(2, dir.resolve("two"), EngineRole.STANDBY, primary.listenAddress()), primary, standbyLog))
            {
                for (final CompletableFuture<Outcome> future : sent)
                {
                    final Outcome outcome = join(future);
                    assertTrue(outcome.accepted() && !outcome.degraded(), outcome.toString());
                }
                for (int i = 0; i < 300; i++)
                {
                    assertTrue(join(primary.engine().send(new Bank.Transfer("acc-" + (i % 7), "acc-" + ((i + 1) % 7),
                        3), REPLICATED)).accepted());
                }
                final long last = primary.engine().lastPosition();
                Deadlines.await(() -> standby.engine().lastPosition() == last, "the standby to catch up");
                assertEquals(primary.engine().stateHash(), standby.engine().stateHash());
                assertEquals(Outcome.Status.NOT_PRIMARY,
                    join(standby.engine().send(new Bank.Deposit("acc-1", 1))).status());
                assertTrue(primary.status().peerConnected());
                assertEquals(0, primary.status().divergences());
                assertEquals(0, standby.status().divergences());
            }
        }
    }

    @Test
    void promotedStandbyTakesCommandsAndTheOldPrimaryRejoinsAfterTruncating() throws Exception
    {
        final Nodes.Log oneLog = new Nodes.Log("one");
        final Nodes.Log twoLog = new Nodes.Log("two");
        try (ReplicationNode one = NodePair.startAlone(
                Nodes.node(1, dir.resolve("one"), EngineRole.PRIMARY, NodePair.UNKNOWN_PEER), oneLog);
            TcpProxy toOne = TcpProxy.start(one.listenAddress());
            ReplicationNode two = ReplicationNode.start(
                Nodes.node(2, dir.resolve("two"), EngineRole.STANDBY, toOne.address()), twoLog);
            TcpProxy toTwo = TcpProxy.start(two.listenAddress()))
        {
            one.peer(toTwo.address());
            Nodes.open(one.engine(), Nodes.accounts(5));
            for (int i = 0; i < 100; i++)
            {
                assertTrue(join(one.engine().send(new Bank.Deposit("acc-" + (i % 5), 10), REPLICATED)).accepted());
            }
            final long replicated = one.engine().lastPosition();
            toOne.blackhole();
            toTwo.blackhole();
            final List<CompletableFuture<Outcome>> isolated = new ArrayList<>();
            for (int i = 0; i < 20; i++)
            {
                isolated.add(one.engine().send(new Bank.Deposit("acc-0", 1), REPLICATED));
                assertTrue(join(one.engine().send(new Bank.Deposit("acc-1", 1))).accepted(), "JOURNALED goes on");
            }
            final long isolatedLast = one.engine().lastPosition();
            assertEquals(2, one.engine().epoch(), "node 1 starts the even epochs");
            assertEquals(3, two.promote("test"), "node 2 starts the odd epochs, each above every one it knows");
            for (int i = 0; i < 50; i++)
            {
                assertTrue(join(two.engine().send(new Bank.Deposit("acc-2", 1))).accepted());
            }
            for (final CompletableFuture<Outcome> future : isolated)
            {
                assertFalse(future.isDone(), "the isolated primary acknowledges nothing at REPLICATED");
            }
            final long epochStart = two.port().epochHistory().startOf(3);
            assertTrue(epochStart > replicated);

            toOne.pass();
            toTwo.pass();
            Deadlines.await(() -> one.status().truncations() == 1, "the old primary to step down and truncate");
            for (final CompletableFuture<Outcome> future : isolated)
            {
                assertEquals(Outcome.Status.IN_DOUBT, join(future).status());
            }
            Deadlines.await(() -> one.engine().lastPosition() == two.engine().lastPosition(), "one to follow two");
            assertEquals(EngineRole.STANDBY, one.engine().role());
            assertEquals(3, one.engine().epoch());
            assertEquals(two.engine().stateHash(), one.engine().stateHash());
            assertTrue(oneLog.lines.stream().anyMatch(line -> line.contains("truncated its journal") &&
                line.contains("from position " + PositionFormat.position(epochStart))), oneLog.lines.toString());
            assertTrue(isolatedLast >= epochStart, "the isolated records were past the new epoch's start");
        }
    }

    @Test
    void standbyPromotesItselfAfterTheHeartbeatTimeoutOnlyOnceItHasStreamed() throws Exception
    {
        final Nodes.Log twoLog = new Nodes.Log("two");
        try (ReplicationNode two = NodePair.startAlone(Nodes.node(2, dir.resolve("two"), EngineRole.STANDBY,
            NodePair.UNKNOWN_PEER).autoPromote(true), twoLog))
        {
            final ReplicationNode one = NodePair.startPeer(Nodes.node(1, dir.resolve("one"), EngineRole.PRIMARY,
                two.listenAddress()), two, new Nodes.Log("one"));
            final long closedNs;
            try (one)
            {
                assertEquals(EngineRole.STANDBY, two.engine().role(), "a standby that never streamed waits");
                Nodes.open(one.engine(), "acc-1");
                assertTrue(join(one.engine().send(new Bank.Deposit("acc-1", 5), REPLICATED)).accepted());
                assertTrue(two.status().peerConnected());
                closedNs = System.nanoTime();
            }
            Deadlines.await(() -> two.engine().role() == EngineRole.PRIMARY, "the standby to promote itself");
            final long tookMs = (System.nanoTime() - closedNs) / 1_000_000;
            assertTrue(tookMs >= 200, "promoted only after the heartbeat timeout (250 ms) since the last frame " +
                "heard (one heartbeat interval, 50 ms, at most before the primary stopped): " + tookMs + " ms");
            assertEquals(3, two.engine().epoch());
            assertTrue(join(two.engine().send(new Bank.Deposit("acc-1", 5))).accepted());
            Deadlines.await(() -> twoLog.lines.stream().anyMatch(line -> line.contains("no frame from the primary")),
                "the promotion to be logged with its reason");
        }
    }
}
