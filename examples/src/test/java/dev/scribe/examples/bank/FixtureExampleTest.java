package dev.scribe.examples.bank;

import dev.scribe.engine.CommandFixture;
import dev.scribe.engine.ProjectionFixture;
import dev.scribe.examples.bank.AccountEvent.Deposited;
import dev.scribe.examples.bank.AccountEvent.Opened;
import dev.scribe.examples.bank.AccountEvent.Withdrawn;
import dev.scribe.examples.bank.BankCommand.Transfer;
import dev.scribe.examples.bank.BankCommand.Withdraw;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The fixtures' javadoc examples, kept here word for word (but for the directory) so they stay true to the API.
 */
class FixtureExampleTest
{
    @TempDir
    Path dir;

    @Test
    void theCommandFixtureExample()
    {
        try (CommandFixture bank = CommandFixture.launch(Bank.context(dir, new BalancesView())))
        {
            bank.given("acc-1", new Opened(), new Deposited(100, "branch"))
                .when(new Withdraw("acc-1", 500))
                .thenRejected("insufficient funds");
            bank.when(new Withdraw("acc-1", 30)).thenEmitted(new Withdrawn(30));
        }
    }

    @Test
    void theProjectionFixtureExample()
    {
        try (ProjectionFixture<BalancesView> balances =
            ProjectionFixture.launch(Bank.context(dir, new BalancesView()), new BalancesView()))
        {
            balances.given("acc-1", new Opened(), new Deposited(100, "branch"))
                .given("acc-2", new Opened());
            balances.when(new Transfer("acc-1", "acc-2", 30)).thenAccepted();
            assertEquals(70, balances.projection().balance("acc-1"));
            assertEquals(30, balances.projection().balance("acc-2"));
        }
    }
}
