package dev.scribe.examples.bank;

import dev.scribe.engine.Decision;
import dev.scribe.engine.Engine;
import dev.scribe.engine.EngineContext;
import dev.scribe.engine.Outcome;
import dev.scribe.examples.bank.AccountEvent.Opened;
import dev.scribe.examples.bank.AccountEvent.Withdrawn;
import dev.scribe.examples.bank.BankCommand.OpenAccount;
import dev.scribe.examples.bank.BankCommand.Withdraw;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The README's "engine by example", kept here word for word (but for the directory) so it stays true
 * to the API.
 */
class ReadmeExampleTest
{
    @TempDir
    Path dir;

    @Test
    void readmeExampleRuns()
    {
        // from here to the end of the try block: README.md, "The engine by example"
        BalancesView balances = new BalancesView();                       // a projection: a read model on its own thread
        EngineContext context = new EngineContext()
            .directory(dir)                                               // the journal goes in data/bank/journal
            .aggregate(Account.class, Account::new)                       // state changes only in its apply(event) methods
            .command(OpenAccount.class, OpenAccount::account, (OpenAccount cmd, Account account, Decision out) ->
                out.emit(new Opened()))
            .command(Withdraw.class, Withdraw::account, (Withdraw cmd, Account account, Decision out) ->
            {
                if (cmd.amount() > account.balance())
                {
                    out.reject("insufficient funds: balance " + account.balance());   // nothing is written
                }
                else
                {
                    out.emit(new Withdrawn(cmd.amount()));                // journaled as one record, then applied
                }
            })
            .projection(balances);

        try (Engine engine = Engine.launch(context))                      // replays the journal, then starts the ring
        {
            engine.send(new OpenAccount("acc-1")).join();                 // send from any thread; a future of the Outcome
            Outcome outcome = engine.send(new Withdraw("acc-1", 50)).join();   // REJECTED: insufficient funds: balance 0
            long total = engine.query(balances, BalancesView::totalMoney);     // a consistent read of the view
            long hash = engine.stateHash();                                    // the same after a replay, on any machine

            assertEquals("insufficient funds: balance 0", outcome.reason());
            assertEquals(0, total);
            assertEquals(hash, engine.stateHash());
        }
    }
}
