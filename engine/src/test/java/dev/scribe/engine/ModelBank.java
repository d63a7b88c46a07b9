package dev.scribe.engine;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reference model of {@link Bank}: plain maps and the same rules, written as directly as possible. Positions are
 * a counter of accepted commands, so only their order means anything.
 */
final class ModelBank implements BankUnderTest
{
    private static final class Account
    {
        boolean open;
        long balance;
        long version;
    }

    private final Map<String, Account> accounts = new HashMap<>();
    private final Map<String, Outcome> firstByKey = new HashMap<>();
    private long lastPosition;

    @Override
    public Outcome send(final Object command, final SendOptions options)
    {
        final String key = options.idempotencyKey();
        final Outcome first = null == key ? null : firstByKey.get(key);
        if (null != first)
        {
            return Outcome.accepted(first.position(), first.version(), true);
        }
        final String id = idOf(command);
        final Account account = account(id);
        if (options.expectedVersion() != SendOptions.ANY_VERSION && options.expectedVersion() != account.version)
        {
            return Outcome.rejected("expected version " + options.expectedVersion() + " but " + id +
                " is at version " + account.version);
        }
        if (command instanceof Bank.Fail fail)
        {
            return Outcome.handlerFailed("the handler threw java.lang.IllegalStateException: handler failed for " +
                fail.account());
        }
        final String rejection = decideAndApply(command, account);
        if (null != rejection)
        {
            return Outcome.rejected(rejection);
        }
        final Outcome outcome = Outcome.accepted(++lastPosition, account.version, false);
        if (null != key)
        {
            firstByKey.put(key, outcome);
        }
        return outcome;
    }

    /** Decide a command; if it is accepted, change the accounts. Returns the rejection reason or null. */
    private String decideAndApply(final Object command, final Account account)
    {
        if (command instanceof Bank.Open open)
        {
            if (account.open)
            {
                return open.account() + " is already open";
            }
            account.open = true;
            account.version++;
            return null;
        }
        if (command instanceof Bank.Deposit deposit)
        {
            final String problem = !account.open ? "no account " + deposit.account() :
                deposit.amount() <= 0 ? "amount must be positive" : null;
            if (null == problem)
            {
                account.balance += deposit.amount();
                account.version++;
            }
            return problem;
        }
        if (command instanceof Bank.Withdraw withdraw)
        {
            final String problem = !account.open ? "no account " + withdraw.account() :
                withdraw.amount() <= 0 ? "amount must be positive" :
                account.balance < withdraw.amount() ? "insufficient funds: balance " + account.balance : null;
            if (null == problem)
            {
                account.balance -= withdraw.amount();
                account.version++;
            }
            return problem;
        }
        if (command instanceof Bank.Transfer transfer)
        {
            return transfer(transfer, account, account(transfer.to()));
        }
        throw new IllegalArgumentException("the model has no rule for " + command);
    }

    private static String transfer(final Bank.Transfer transfer, final Account from, final Account to)
    {
        final String problem = !from.open ? "no account " + transfer.from() :
            !to.open ? "no account " + transfer.to() :
            transfer.amount() <= 0 ? "amount must be positive" :
            from.balance < transfer.amount() ? "insufficient funds: balance " + from.balance : null;
        if (null == problem)
        {
            // a transfer to the same account debits and credits it: two events, no change of balance
            from.balance -= transfer.amount();
            from.version++;
            to.balance += transfer.amount();
            to.version++;
        }
        return problem;
    }

    private static String idOf(final Object command)
    {
        if (command instanceof Bank.Open open)
        {
            return open.account();
        }
        if (command instanceof Bank.Deposit deposit)
        {
            return deposit.account();
        }
        if (command instanceof Bank.Withdraw withdraw)
        {
            return withdraw.account();
        }
        if (command instanceof Bank.Transfer transfer)
        {
            return transfer.from();
        }
        if (command instanceof Bank.Fail fail)
        {
            return fail.account();
        }
        throw new IllegalArgumentException("the model has no rule for " + command);
    }

    private Account account(final String id)
    {
        return accounts.computeIfAbsent(id, ignore -> new Account());
    }

    /**
     * The version of an account: the number of events it has had.
     */
    long version(final String id)
    {
        final Account account = accounts.get(id);
        return null == account ? 0 : account.version;
    }

    @Override
    public Map<String, Long> balances()
    {
        final Map<String, Long> balances = new TreeMap<>();
        accounts.forEach((id, account) ->
        {
            if (account.open)
            {
                balances.put(id, account.balance);
            }
        });
        return balances;
    }

    @Override
    public void restart()
    {
        // the model's state is the state that would be replayed
    }

    @Override
    public void close()
    {
    }
}
