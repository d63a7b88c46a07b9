package dev.scribe.examples.bank;

import dev.scribe.engine.Decision;
import dev.scribe.engine.EngineContext;
import dev.scribe.examples.bank.Account.Status;
import dev.scribe.examples.bank.AccountEvent.Closed;
import dev.scribe.examples.bank.AccountEvent.Deposited;
import dev.scribe.examples.bank.AccountEvent.Opened;
import dev.scribe.examples.bank.AccountEvent.TransferReceived;
import dev.scribe.examples.bank.AccountEvent.TransferSent;
import dev.scribe.examples.bank.AccountEvent.Withdrawn;
import dev.scribe.examples.bank.BankCommand.CloseAccount;
import dev.scribe.examples.bank.BankCommand.Deposit;
import dev.scribe.examples.bank.BankCommand.OpenAccount;
import dev.scribe.examples.bank.BankCommand.Transfer;
import dev.scribe.examples.bank.BankCommand.Withdraw;

import java.nio.file.Path;

/**
 * The bank's rules, and the {@link EngineContext} that wires them into an engine. Each command handler below runs
 * on the engine's business-logic thread: it reads the account as it is before the command, then either rejects
 * the command with a reason a client can show, or emits the events that record what happened. Nothing is
 * journaled or changed for a rejected command.
 */
public final class Bank
{
    private Bank()
    {
    }

    /**
     * The bank's engine settings: the {@link Account} aggregate, the type ids its events are journaled under, one
     * handler per {@link BankCommand}, and the balances projection. Make a new context (and a new view) for each
     * launch: the view is rebuilt from the journal every time.
     *
     * @param directory the engine directory; the journal goes in its {@code journal} subdirectory.
     * @param balances  the read model to keep up to date.
     * @return a context ready for {@link dev.scribe.engine.Engine#launch(EngineContext)}.
     */
    public static EngineContext context(final Path directory, final BalancesView balances)
    {
        return new EngineContext()
            .directory(directory)
            .aggregate(Account.class, Account::new)
            .event(Opened.class, 1)
            .event(Deposited.class, 2)
            .event(Withdrawn.class, 3)
            .event(TransferSent.class, 4)
            .event(TransferReceived.class, 5)
            .event(Closed.class, 6)
            .events(AccountEventHistory.versions())
            .command(OpenAccount.class, OpenAccount::account, Bank::openAccount)
            .command(Deposit.class, Deposit::account, Bank::deposit)
            .command(Withdraw.class, Withdraw::account, Bank::withdraw)
            .command(Transfer.class, Transfer::from, Bank::transfer)
            .command(CloseAccount.class, CloseAccount::account, Bank::closeAccount)
            .projection(balances);
    }

    private static void openAccount(final OpenAccount command, final Account account, final Decision out)
    {
        if (account.status() == Status.OPEN)
        {
            out.reject(command.account() + " is already open");
        }
        else if (account.status() == Status.CLOSED)
        {
            out.reject(command.account() + " was closed; account ids are not reused");
        }
        else
        {
            out.emit(new Opened());
        }
    }

    private static void deposit(final Deposit command, final Account account, final Decision out)
    {
        if (account.status() != Status.OPEN)
        {
            out.reject(notOpen(command.account(), account));
        }
        else if (command.amount() <= 0)
        {
            out.reject(notPositive(command.amount()));
        }
        else if (command.amount() > Long.MAX_VALUE - account.balance())
        {
            out.reject("the deposit would overflow the balance of " + command.account());
        }
        else
        {
            out.emit(new Deposited(command.amount(), "api"));
        }
    }

    private static void withdraw(final Withdraw command, final Account account, final Decision out)
    {
        if (account.status() != Status.OPEN)
        {
            out.reject(notOpen(command.account(), account));
        }
        else if (command.amount() <= 0)
        {
            out.reject(notPositive(command.amount()));
        }
        else if (command.amount() > account.balance())
        {
            out.reject(insufficientFunds(command.account(), account, command.amount()));
        }
        else
        {
            out.emit(new Withdrawn(command.amount()));
        }
    }

    /** Checks the account debited, then the one credited; both events go in the command's one record. */
    private static void transfer(final Transfer command, final Account from, final Decision out)
    {
        if (command.from().equals(command.to()))
        {
            out.reject("cannot transfer from " + command.from() + " to itself");
        }
        else if (from.status() != Status.OPEN)
        {
            out.reject(notOpen(command.from(), from));
        }
        else if (command.amount() <= 0)
        {
            out.reject(notPositive(command.amount()));
        }
        else if (command.amount() > from.balance())
        {
            out.reject(insufficientFunds(command.from(), from, command.amount()));
        }
        else
        {
            credit(command, out);
        }
    }

    private static void credit(final Transfer command, final Decision out)
    {
        final Decision.Target<Account> to = out.aggregate(Account.class, command.to());
        final Account account = to.state();
        if (account.status() != Status.OPEN)
        {
            out.reject(notOpen(command.to(), account));
        }
        else if (command.amount() > Long.MAX_VALUE - account.balance())
        {
            out.reject("the transfer would overflow the balance of " + command.to());
        }
        else
        {
            out.emit(new TransferSent(command.to(), command.amount()));
            to.emit(new TransferReceived(command.from(), command.amount()));
        }
    }

    private static void closeAccount(final CloseAccount command, final Account account, final Decision out)
    {
        if (account.status() != Status.OPEN)
        {
            out.reject(notOpen(command.account(), account));
        }
        else if (account.balance() != 0)
        {
            out.reject("cannot close " + command.account() + ": its balance is " + account.balance() +
                ", not zero");
        }
        else
        {
            out.emit(new Closed());
        }
    }

    private static String notOpen(final String id, final Account account)
    {
        return account.status() == Status.CLOSED ? id + " is closed" : "no account " + id;
    }

    private static String notPositive(final long amount)
    {
        return "the amount must be positive: " + amount;
    }

    private static String insufficientFunds(final String id, final Account account, final long amount)
    {
        return "insufficient funds in " + id + ": balance " + account.balance() + ", asked " + amount;
    }
}
