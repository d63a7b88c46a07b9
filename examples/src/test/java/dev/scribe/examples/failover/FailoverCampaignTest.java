package dev.scribe.examples.failover;

import dev.scribe.test.TcpProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;

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
    private static final Duration STEP = BankPair.STEP;
    private static final long TOTAL = BankPair.TOTAL;

    @TempDir
    Path dir;

    @Test
    void moneyIsConservedAndEveryAcknowledgedTransferSurvivesASeededScheduleOfFaults() throws Exception
    {
        final long seed = Long.getLong("scribe.campaign.seed", 0x5EEDL);
        final int rounds = Integer.getInteger("scribe.campaign.rounds", 6);
        final SplittableRandom random = new SplittableRandom(seed);
        final StringBuilder schedule = new StringBuilder("seed " + seed + ":");
        final BankPair pair = new BankPair(dir);
        // each proxy is pointed at its node's port once the node has started and printed it
        final InetSocketAddress notStarted = new InetSocketAddress("127.0.0.1", 0);
        try (TcpProxy toOne = TcpProxy.start(notStarted);
            TcpProxy toTwo = TcpProxy.start(notStarted))
        {
            BankPair.Node primary = pair.new Node(1);
            BankPair.Node standby = pair.new Node(2);
            primary.pairWith(standby);
            primary.behind(toOne);
            standby.behind(toTwo);
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
                    schedule.append(' ')
                        .append(new String[] {"kill-primary", "kill-standby", "link", "promote"}[fault]);
                    switch (fault)
                    {
                        case 0 ->
                        {
                            primary.process.kill();
                            standby.process.ask("promote", "promoted", STEP);
                            final BankPair.Node old = primary;
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
                            final BankPair.Node old = primary;
                            primary = standby;
                            standby = old;
                        }
                    }
                    final String status = BankPair.awaitConverged(primary, standby, schedule);
                    assertTrue(status.contains(" total=" + TOTAL + " negative=0"), schedule + "\n" + status);
                }
                pair.verify(primary, standby, schedule);
            }
            catch (final Throwable t)
            {
                System.err.println(pair.logTail());
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
}
