package dev.scribe.examples.bank;

import dev.scribe.engine.Engine;
import dev.scribe.engine.EventTap;
import dev.scribe.engine.Outcome;
import dev.scribe.engine.SendOptions;
import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The current code launched on the journal version 1 of the bank's events wrote (kept in the repository) gets the
 * state the version 1 code computed.
 */
class BankV1FixtureTest
{
    @TempDir
    Path dir;

    @Test
    void theCurrentCodeReadsTheVersion1JournalIntoTheSameBalances() throws Exception
    {
        final int records = BankV1Fixture.load(dir);
        assertTrue(records > 400, "the fixture has " + records + " records");
        final BalancesView view = new BalancesView();
        final Map<String, Integer> channels = new ConcurrentHashMap<>();
        final EventTap deposits = (position, account, version, event) ->
        {
            if (event instanceof AccountEvent.Deposited deposited)
            {
                channels.merge(deposited.channel(), 1, Integer::sum);
            }
        };
        try (Engine engine = Engine.launch(Bank.context(dir, view).tap(deposits)))
        {
            assertEquals(records, engine.replayedRecords());
            assertEquals(Map.of(AccountEventHistory.UNKNOWN_CHANNEL, 20), channels,
                "the version 1 deposits are read as version 2 through the upcaster");
            assertEquals(BankV1Fixture.balances(), engine.query(view, BalancesView::balances));
            final Outcome closed = engine.send(new BankCommand.OpenAccount("acc-19")).join();
            assertTrue(closed.reason().contains("was closed"), closed.toString());
            final Outcome repeat = engine.send(new BankCommand.Transfer("acc-05", "acc-18", 6),
                SendOptions.defaults().idempotencyKey("transfer-5")).join();
            assertTrue(repeat.accepted() && repeat.duplicate(), "idempotency keys come back from the old journal: " +
                repeat);
            assertTrue(engine.send(new BankCommand.Deposit("acc-00", 51)).join().accepted());
            final long expected = BankV1Fixture.balances().get("acc-00") + 51;
            Deadlines.await(() -> engine.query(view, v -> v.balance("acc-00")) == expected,
                "the balances view to show acc-00 at " + expected);
            final long balance = engine.query(view, v -> v.balance("acc-00"));
            assertEquals(expected, balance, "the projection follows new commands on the old journal");
            Deadlines.await(() -> channels.containsKey("api"), "the tap to see the new deposit");
            assertEquals(1, channels.get("api"), "new deposits are journaled at version 2");
        }
    }
}
