package dev.scribe.examples.bank;

import dev.scribe.engine.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The balances view, fed on its own thread from commands sent by several threads at once, agrees with the
 * aggregates the business logic decided them against, and with the money the producers saw go in and out.
 */
class BalancesViewTest
{
    private static final int ACCOUNTS = 50;

    @TempDir
    Path dir;

    @Test
    void agreesWithTheAggregatesAfterARunFromSeveralThreads() throws InterruptedException
    {
        final BalancesView view = new BalancesView();
        final Map<String, Long> balances;
        try (Engine engine = Engine.launch(Probe.context(dir, view)))
        {
            final BankLoad load = new BankLoad(engine, ACCOUNTS, 4, 256, 7);
            load.openAccounts();
            final BankLoad.Result result = load.run(20_000);
            assertEquals(20_000, result.commands());
            assertTrue(result.overdrafts() > 0, "some withdrawals or transfers went over the balance");
            BankLoad.awaitView(engine, view, result.lastPosition(), 10_000);

            balances = engine.query(view, BalancesView::balances);
            assertEquals(aggregateBalances(engine), balances);
            assertEquals(ACCOUNTS, (int)engine.query(view, BalancesView::openAccounts));
            final long total = engine.query(view, BalancesView::totalMoney);
            assertEquals(result.deposited() - result.withdrawn(), total);
            assertEquals(total, balances.values().stream().mapToLong(Long::longValue).sum());
        }

        final BalancesView replayed = new BalancesView();
        try (Engine engine = Engine.launch(Probe.context(dir, replayed)))
        {
            assertEquals(balances, engine.query(replayed, BalancesView::balances), "rebuilt from the journal");
            assertEquals(aggregateBalances(engine), balances);
        }
    }

    private static Map<String, Long> aggregateBalances(final Engine engine)
    {
        final Map<String, Long> balances = new TreeMap<>();
        for (int i = 0; i < ACCOUNTS; i++)
        {
            final String account = BankLoad.accountId(i);
            final Probe.Seen seen = Probe.peek(engine, account);
            assertEquals(Account.Status.OPEN, seen.status(), account);
            balances.put(account, seen.balance());
        }
        return balances;
    }
}
