package dev.scribe.engine;

import java.nio.file.Path;

/**
 * The tests' bank, shared with the tests of the modules above the engine through its test jar: accounts with
 * deposits, withdrawals without overdraft, and transfers. Amounts must be positive and accounts open, so money is
 * only created by deposits and no balance goes below zero.
 */
public final class Bank
{
    /** The error-log text of the failure of a {@link Fail} command's handler, for {@code @ExpectedErrors}. */
    public static final String FAIL_ERROR = "the handler of dev.scribe.engine.Bank$Fail threw";

    /** Whether an error the engine reported is the failure of a {@link Fail} command's handler, which it is for. */
    public static boolean failError(final Throwable error)
    {
        return String.valueOf(error.getMessage()).startsWith(FAIL_ERROR);
    }

    public record Open(String account) {}
    public record Deposit(String account, long amount) {}
    public record Withdraw(String account, long amount) {}
    public record Transfer(String from, String to, long amount) {}
    public record Fail(String account) {}
    public record Stamp(String account) {}

    public record Opened(String account) {}
    public record Deposited(long amount) {}
    public record Withdrawn(long amount) {}

    static final class Account implements Aggregate
    {
        boolean open;
        long balance;

        void apply(final Opened event)
        {
            open = true;
        }

        void apply(final Deposited event)
        {
            balance += event.amount();
        }

        void apply(final Withdrawn event)
        {
            balance -= event.amount();
        }
    }

    private Bank()
    {
    }

    /**
     * A generated command: 0 open, 1 deposit, 2 withdraw, 3 transfer to {@code other}, anything else a failing
     * handler; accounts are {@code acc-<index>}.
     */
    static Object command(final int kind, final int account, final int other, final long amount)
    {
        final String id = "acc-" + account;
        return switch (kind)
        {
            case 0 -> new Open(id);
            case 1 -> new Deposit(id, amount);
            case 2 -> new Withdraw(id, amount);
            case 3 -> new Transfer(id, "acc-" + other, amount);
            default -> new Fail(id);
        };
    }

    /**
     * The balance of an account as the business logic sees it: a withdrawal of everything is refused, saying the
     * balance. Nothing is written.
     */
    static long balance(final Engine engine, final String account)
    {
        final Outcome outcome = EngineBank.await(engine.send(new Withdraw(account, Long.MAX_VALUE)));
        final String prefix = "insufficient funds: balance ";
        if (null == outcome.reason() || !outcome.reason().startsWith(prefix))
        {
            throw new AssertionError("no balance for " + account + ": " + outcome);
        }
        return Long.parseLong(outcome.reason().substring(prefix.length()));
    }

    /**
     * An engine context for the bank in a directory.
     *
     * @param dir the engine directory.
     * @return the context, to which a test may add more.
     */
    public static EngineContext context(final Path dir)
    {
        return new EngineContext()
            .directory(dir)
            .errorHandler(Throwable::printStackTrace)
            .aggregate(Account.class, Account::new)
            // pinned at the ids the bank has always journaled them under (CRC32C of the simple names)
            .event(Opened.class, 1_920_452_113)
            .event(Deposited.class, 1_914_626_856)
            .event(Withdrawn.class, 1_010_587_097)
            .command(Open.class, Open::account, (Open cmd, Account account, Decision out) ->
            {
                if (account.open)
                {
                    out.reject(cmd.account() + " is already open");
                    return;
                }
                out.emit(new Opened(cmd.account()));
            })
            .command(Deposit.class, Deposit::account, (Deposit cmd, Account account, Decision out) ->
            {
                if (!account.open)
                {
                    out.reject("no account " + cmd.account());
                }
                else if (cmd.amount() <= 0)
                {
                    out.reject("amount must be positive");
                }
                else
                {
                    out.emit(new Deposited(cmd.amount()));
                }
            })
            .command(Withdraw.class, Withdraw::account, (Withdraw cmd, Account account, Decision out) ->
            {
                if (!account.open)
                {
                    out.reject("no account " + cmd.account());
                }
                else if (cmd.amount() <= 0)
                {
                    out.reject("amount must be positive");
                }
                else if (account.balance < cmd.amount())
                {
                    out.reject("insufficient funds: balance " + account.balance);
                }
                else
                {
                    out.emit(new Withdrawn(cmd.amount()));
                }
            })
            .command(Transfer.class, Transfer::from, (Transfer cmd, Account from, Decision out) ->
            {
                final Decision.Target<Account> to = out.aggregate(Account.class, cmd.to());
                if (!from.open)
                {
                    out.reject("no account " + cmd.from());
                }
                else if (!to.state().open)
                {
                    out.reject("no account " + cmd.to());
                }
                else if (cmd.amount() <= 0)
                {
                    out.reject("amount must be positive");
                }
                else if (from.balance < cmd.amount())
                {
                    out.reject("insufficient funds: balance " + from.balance);
                }
                else
                {
                    out.emit(new Withdrawn(cmd.amount()));
                    to.emit(new Deposited(cmd.amount()));
                }
            })
            .command(Fail.class, Fail::account, (Fail cmd, Account account, Decision out) ->
            {
                throw new IllegalStateException("handler failed for " + cmd.account());
            });
    }
}
