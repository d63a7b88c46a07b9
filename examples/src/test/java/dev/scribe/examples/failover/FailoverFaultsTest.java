package dev.scribe.examples.failover;

import dev.scribe.examples.bank.BalancesView;
import dev.scribe.examples.bank.Bank;
import dev.scribe.journal.Journal;
import dev.scribe.journal.PositionFormat;
import dev.scribe.test.Deadlines;
import dev.scribe.test.TcpProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bank's two node processes under the faults a fail-over must survive beyond kills: a primary frozen (SIGSTOP)
 * past its standby's promotion, a primary that comes back having lost the tail of its journal, and the mistakes a
 * tired operator makes (both nodes started as the primary, the old primary restarted as the primary after a
 * fail-over, a standby promoted while the primary is only paused). Each ends with every acknowledged transfer on
 * both nodes exactly once.
 */
class FailoverFaultsTest
{
    @TempDir
    Path dir;

    @Test
    void aPrimaryFrozenPastItsStandbysPromotionStepsDownAndNothingAcknowledgedIsLost() throws Exception
    {
        final BankPair pair = new BankPair(dir);
        final BankPair.Node one = pair.new Node(1,
            "--auto-promote", "--heartbeat-timeout-ms", "500");
        final BankPair.Node two = pair.new Node(2,
            "--auto-promote", "--heartbeat-timeout-ms", "500");
        one.pairWith(two);
        run(pair, one, two, () ->
        {
            one.start("PRIMARY");
            two.start("STANDBY");
            one.process.ask("open " + TransferLoad.ACCOUNTS, "opened", BankPair.STEP);
            one.process.send("load 3000 11");
            awaitAcks(one, 100);
            final String before = one.status();
            one.process.pause();
            try
            {
                two.awaitStatus("role", "PRIMARY");
            }
            finally
            {
                one.process.resume();
            }
            two.process.send("load 300 12");
            awaitAcks(two, 50);
            final String after = two.status();
            assertNotEquals(BankPair.field(before, "epoch"), BankPair.field(after, "epoch"));
            pair.verify(two, one, "node 1 frozen past node 2's promotion");
        });
    }

    @Test
    void aPrimaryRelaunchedWithoutTheTailOfItsJournalFollowsTheStandbyThatHasIt() throws Exception
    {
        final BankPair pair = new BankPair(dir);
        final BankPair.Node one = pair.new Node(1);
        final BankPair.Node two = pair.new Node(2);
        one.pairWith(two);
        run(pair, one, two, () ->
        {
            one.start("PRIMARY");
            two.start("STANDBY");
            one.process.ask("open " + TransferLoad.ACCOUNTS, "opened", BankPair.STEP);
            one.process.send("load 400 21");
            final String firstAck = awaitAcks(one, 1);
            awaitAcks(one, 150);
            one.process.kill();
            final long cut = PositionFormat.parsePosition(firstAck.substring(firstAck.lastIndexOf(' ') + 1));
            // a machine crash: the journal loses its unsynced tail and the machine boots again; the node's mark of
            // the boot it last ran in goes too, which the node reads as "records may be missing"
            Journal.truncate(Bank.context(one.directory(), new BalancesView()).conclude().journalContext(), cut,
                dir.resolve("lost-tail"));
            Files.delete(one.directory().resolve("replication").resolve("journal-mark"));
            one.start("PRIMARY");
            final String primary = two.awaitStatus("role", "PRIMARY");
            assertTrue(BankPair.field(one.status(), "role").equals("STANDBY"), one.status());
            two.process.send("load 100 22");
            awaitAcks(two, 50);
            pair.verify(two, one, "node 1 relaunched as the primary without its journal from " + cut + " on: " +
                primary);
        });
    }

    @Test
    void bothNodesStartedAsThePrimaryAgreeOnOne() throws Exception
    {
        final BankPair pair = new BankPair(dir);
        final BankPair.Node one = pair.new Node(1);
        final BankPair.Node two = pair.new Node(2);
        one.pairWith(two);
        // started at once, neither can tell the other its port: each dials the other through a proxy that is
        // pointed at the node's port once the node prints it
        final InetSocketAddress notStarted = new InetSocketAddress("127.0.0.1", 0);
        try (TcpProxy toOne = TcpProxy.start(notStarted);
            TcpProxy toTwo = TcpProxy.start(notStarted))
        {
            one.behind(toOne);
            two.behind(toTwo);
            startBothAsPrimaries(pair, one, two);
        }
    }

    private static void startBothAsPrimaries(final BankPair pair, final BankPair.Node one, final BankPair.Node two)
        throws Exception
    {
        run(pair, one, two, () ->
        {
            final Thread starting = new Thread(() ->
            {
                try
                {
                    two.start("PRIMARY");
                }
                catch (final Exception ex)
                {
                    throw new IllegalStateException(ex);
                }
            });
            starting.start();
            one.start("PRIMARY");
            Deadlines.await(() -> !starting.isAlive(), () -> "node 2 to start as the primary too", BankPair.STEP);
            assertTrue(null != two.process, "node 2 did not start");
            final BankPair.Node primary = awaitOnePrimary(one, two);
            final BankPair.Node standby = primary == one ? two : one;
            primary.process.ask("open " + TransferLoad.ACCOUNTS, "opened", BankPair.STEP);
            primary.process.send("load 300 31");
            awaitAcks(primary, 100);
            pair.verify(primary, standby, "both nodes started as the primary");
        });
    }

    @Test
    void theOldPrimaryRestartedAsThePrimaryAfterAFailOverFollowsTheNewOne() throws Exception
    {
        final BankPair pair = new BankPair(dir);
        final BankPair.Node one = pair.new Node(1);
        final BankPair.Node two = pair.new Node(2);
        one.pairWith(two);
        run(pair, one, two, () ->
        {
            one.start("PRIMARY");
            two.start("STANDBY");
            one.process.ask("open " + TransferLoad.ACCOUNTS, "opened", BankPair.STEP);
            one.process.send("load 400 41");
            awaitAcks(one, 100);
            one.process.kill();
            two.process.ask("promote", "promoted", BankPair.STEP);
            one.start("PRIMARY");
            one.awaitStatus("role", "STANDBY");
            two.process.send("load 200 42");
            awaitAcks(two, 50);
            pair.verify(two, one, "node 1 restarted as the primary after node 2 took over");
        });
    }

    @Test
    void aStandbyPromotedWhileThePrimaryIsOnlyFrozenTakesOverAndNothingAcknowledgedIsLost() throws Exception
    {
        final BankPair pair = new BankPair(dir);
        final BankPair.Node one = pair.new Node(1);
        final BankPair.Node two = pair.new Node(2);
        one.pairWith(two);
        run(pair, one, two, () ->
        {
            one.start("PRIMARY");
            two.start("STANDBY");
            one.process.ask("open " + TransferLoad.ACCOUNTS, "opened", BankPair.STEP);
            one.process.send("load 3000 51");
            awaitAcks(one, 100);
            one.process.pause();
            try
            {
                two.process.ask("promote", "promoted", BankPair.STEP);
            }
            finally
            {
                one.process.resume();
            }
            two.process.send("load 200 52");
            awaitAcks(two, 50);
            pair.verify(two, one, "node 2 promoted by hand while node 1 was frozen");
        });
    }

    /** A step of a test that may throw. */
    @FunctionalInterface
    private interface Steps
    {
        void run() throws Exception;
    }

    private static void run(final BankPair pair, final BankPair.Node one, final BankPair.Node two, final Steps steps)
        throws Exception
    {
        try
        {
            steps.run();
        }
        catch (final Throwable t)
        {
            System.err.println(pair.logTail());
            throw t;
        }
        finally
        {
            for (final BankPair.Node node : new BankPair.Node[] {one, two})
            {
                if (null != node.process)
                {
                    node.process.resume();
                    node.process.close();
                }
            }
        }
    }

    private static String awaitAcks(final BankPair.Node node, final int count) throws Exception
    {
        String last = null;
        for (int i = 0; i < count; i++)
        {
            last = node.process.await("ack ", BankPair.STEP);
        }
        return last;
    }

    /** Wait until one of the two is the primary and the other a standby; return the primary. */
    private static BankPair.Node awaitOnePrimary(final BankPair.Node one, final BankPair.Node two)
    {
        final String roles = BankPair.awaitAnswer(
            () -> BankPair.field(one.status(), "role") + ", " + BankPair.field(two.status(), "role"),
            answer -> "PRIMARY, STANDBY".equals(answer) || "STANDBY, PRIMARY".equals(answer),
            answer -> "the nodes to settle on one primary; their roles: " + answer);
        return "PRIMARY, STANDBY".equals(roles) ? one : two;
    }
}
