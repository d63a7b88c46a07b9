package dev.scribe.engine;

import dev.scribe.engine.monitor.CountersFile;
import dev.scribe.engine.monitor.CountersSnapshot;
import dev.scribe.engine.testing.ExpectedErrors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The counters that are totals go on across restarts of an engine in this JVM; the per-run ones start afresh.
 */
class CounterTotalsTest
{
    @TempDir
    Path dir;

    @ExpectedErrors("listener broke")
    @Test
    void totalsGoOnAfterARelaunchAndPerRunValuesStartAfresh()
    {
        final Map<String, Long> first;
        final AtomicBoolean once = new AtomicBoolean();
        try (Engine engine = Engine.launch(Bank.context(dir).journalListener((position, record) ->
        {
            if (once.compareAndSet(false, true))
            {
                throw new IllegalStateException("listener broke");
            }
        })))
        {
            sendDeposits(engine, "a", 10);
            assertFalse(engine.send(new Bank.Withdraw("a", 1_000)).join().accepted());
            first = ToolRun.counters(dir);
        }
        assertEquals(12, first.get("commands processed"), first.toString());
        assertEquals(11, first.get("commands accepted"));
        assertEquals(1, first.get("commands rejected"));
        assertEquals(11, first.get("events journaled"));
        assertEquals(11, first.get("journal records written"));
        assertEquals(1, first.get("errors"));

        try (Engine engine = Engine.launch(Bank.context(dir)))
        {
            final Map<String, Long> relaunched = ToolRun.counters(dir);
            for (final String total : new String[] {"commands processed", "commands accepted", "commands rejected",
                "events journaled", "journal records written", "journal bytes written", "business-logic batches"})
            {
                assertEquals(first.get(total), relaunched.get(total), total + " after the relaunch");
            }
            assertEquals(0, relaunched.get("errors"), "errors go with the run's error log");
            assertEquals(0, relaunched.get("max command processing time ns"), "a maximum is per run");

            for (int i = 0; i < 5; i++)
            {
                assertTrue(engine.send(new Bank.Deposit("a", 1)).join().accepted());
            }
            assertFalse(engine.send(new Bank.Deposit("nobody", 1)).join().accepted());
            final Map<String, Long> more = ToolRun.counters(dir);
            assertEquals(12 + 6, more.get("commands processed"));
            assertEquals(11 + 5, more.get("commands accepted"));
            assertEquals(1 + 1, more.get("commands rejected"));
            assertEquals(11 + 5, more.get("events journaled"));
            assertEquals(11 + 5, more.get("journal records written"));
            assertTrue(more.get("journal bytes written") > first.get("journal bytes written"));
            assertTrue(more.get("business-logic batches") >= first.get("business-logic batches") + 6);
            assertEquals(first.get("commands accepted") + 5, engine.counters().acceptedCount());
        }
    }

    @Test
    void snapshotCountsAndPausesAreTotals()
    {
        final long pauses;
        try (Engine engine = Engine.launch(Bank.context(dir)))
        {
            sendDeposits(engine, "a", 3);
            engine.snapshot().join();
            final CountersSnapshot counters = CountersSnapshot.read(dir);
            assertEquals(1, counters.value(CountersSnapshot.SNAPSHOTS_WRITTEN_TYPE_ID).orElseThrow());
            pauses = counters.value(CountersSnapshot.SNAPSHOT_PAUSE_TOTAL_NS_TYPE_ID).orElseThrow();
            assertTrue(pauses > 0, "the business logic paused to copy the state");
        }
        try (Engine engine = Engine.launch(Bank.context(dir)))
        {
            assertTrue(engine.send(new Bank.Deposit("a", 1)).join().accepted());
            engine.snapshot().join();
            final CountersSnapshot counters = CountersSnapshot.read(dir);
            assertEquals(2, counters.value(CountersSnapshot.SNAPSHOTS_WRITTEN_TYPE_ID).orElseThrow());
            assertTrue(counters.value(CountersSnapshot.SNAPSHOT_PAUSE_TOTAL_NS_TYPE_ID).orElseThrow() > pauses);
        }
    }

    @Test
    void totalsSurviveALaunchThatFailsWhileItReplays()
    {
        final CountersSnapshot before;
        try (Engine engine = Engine.launch(Bank.context(dir)))
        {
            sendDeposits(engine, "a", 1);
            engine.snapshot().join();
            assertTrue(engine.send(new Bank.Deposit("a", 1)).join().accepted());
            before = CountersSnapshot.read(dir);
        }
        // a build whose Deposited has another type id cannot replay the deposit after the snapshot
        final EngineContext wrongBuild = new EngineContext().directory(dir)
            .aggregate(Bank.Account.class, Bank.Account::new)
            .event(Bank.Opened.class, 1_920_452_113)
            .event(Bank.Deposited.class, 7)
            .event(Bank.Withdrawn.class, 1_010_587_097)
            .command(Bank.Open.class, Bank.Open::account, (Bank.Open cmd, Bank.Account account, Decision out) ->
                out.emit(new Bank.Opened(cmd.account())));
        final EngineException refused = assertThrows(EngineException.class, () -> Engine.launch(wrongBuild));
        assertTrue(refused.getMessage().contains("unknown type id"), refused.getMessage());

        try (Engine engine = Engine.launch(Bank.context(dir)))
        {
            final CountersSnapshot after = CountersSnapshot.read(dir);
            for (final int total : new int[] {CountersSnapshot.SNAPSHOTS_WRITTEN_TYPE_ID,
                CountersSnapshot.SNAPSHOT_PAUSE_TOTAL_NS_TYPE_ID, CountersSnapshot.JOURNAL_RECORDS_TYPE_ID})
            {
                assertEquals(before.value(total), after.value(total), "total of type " + total);
            }
            assertEquals(1, before.value(CountersSnapshot.SNAPSHOTS_WRITTEN_TYPE_ID).orElseThrow());
            assertTrue(engine.send(new Bank.Deposit("a", 1)).join().accepted(), "the right build goes on");
        }
    }

    @Test
    void totalsSurviveALaunchThatCannotCreateItsErrorLog() throws IOException
    {
        final CountersSnapshot before;
        try (Engine engine = Engine.launch(Bank.context(dir)))
        {
            sendDeposits(engine, "a", 3);
            before = CountersSnapshot.read(dir);
        }
        // the error log cannot be created (as on a full disk): here a directory holds the name it is written under
        final Path inTheWay = dir.resolve("errors.dat.new");
        Files.createDirectories(inTheWay.resolve("something"));
        final EngineException refused = assertThrows(EngineException.class, () -> Engine.launch(Bank.context(dir)));
        assertTrue(refused.getMessage().contains("cannot create"), refused.getMessage());
        Files.delete(inTheWay.resolve("something"));
        Files.delete(inTheWay);

        try (Engine engine = Engine.launch(Bank.context(dir)))
        {
            final CountersSnapshot after = CountersSnapshot.read(dir);
            for (final int total : new int[] {CountersSnapshot.JOURNAL_RECORDS_TYPE_ID,
                CountersSnapshot.JOURNAL_BYTES_TYPE_ID, CountersSnapshot.BATCHES_TYPE_ID})
            {
                assertEquals(before.value(total), after.value(total), "total of type " + total);
            }
            assertEquals(4, engine.counters().acceptedCount());
        }
    }

    @ExpectedErrors("the totals of the previous run could not be read")
    @Test
    void anUnreadableCountersFileIsReportedAndTheTotalsStartFromZero() throws IOException
    {
        try (Engine engine = Engine.launch(Bank.context(dir)))
        {
            sendDeposits(engine, "a", 2);
        }
        Files.write(dir.resolve(CountersFile.FILE_NAME), new byte[] {1, 2, 3});
        try (Engine engine = Engine.launch(Bank.context(dir)))
        {
            assertTrue(engine.send(new Bank.Deposit("a", 1)).join().accepted());
            final Map<String, Long> counters = ToolRun.counters(dir);
            assertEquals(1, counters.get("commands accepted"));
            assertEquals(1, counters.get("errors"), "the unreadable file is reported");
            assertTrue(ToolRun.errors(dir).contains("less than a header"), ToolRun.errors(dir));
        }
    }

    private static void sendDeposits(final Engine engine, final String account, final int deposits)
    {
        assertTrue(engine.send(new Bank.Open(account)).join().accepted());
        for (int i = 0; i < deposits; i++)
        {
            assertTrue(engine.send(new Bank.Deposit(account, 1)).join().accepted());
        }
    }
}
