package dev.scribe.examples.bank;

import dev.scribe.engine.Projection;
import dev.scribe.examples.bank.AccountEvent.Closed;
import dev.scribe.examples.bank.AccountEvent.Deposited;
import dev.scribe.examples.bank.AccountEvent.Opened;
import dev.scribe.examples.bank.AccountEvent.TransferReceived;
import dev.scribe.examples.bank.AccountEvent.TransferSent;
import dev.scribe.examples.bank.AccountEvent.Withdrawn;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A read model of the bank: the balance of every open account, how many there are and the money they hold. The
 * engine feeds it each accepted event on its own thread, behind the business logic. Its state goes into the
 * engine's snapshots under the name {@code balances}, so a launch restores it with the aggregates and replays only
 * the journal after the snapshot. It is not thread-safe by itself: read it from other threads only through
 * {@link dev.scribe.engine.Engine#query}, as in {@code engine.query(view, BalancesView::totalMoney)}.
 *
 * <p>It trails the business logic a little: once a command's outcome is known, the view has its events when
 * {@link #position()} has reached the outcome's position.
 */
public final class BalancesView implements Projection
{
    /**
     * One account's balance.
     *
     * @param account the account id.
     * @param balance its balance.
     */
    public record AccountBalance(String account, long balance)
    {
    }

    /**
     * The totals and the largest balances, as of one moment.
     *
     * @param openAccounts how many accounts are open.
     * @param totalMoney   the sum of their balances.
     * @param top          the largest balances, largest first (ties by account id).
     */
    public record Summary(int openAccounts, long totalMoney, List<AccountBalance> top)
    {
        /**
         * A summary; the balances are kept as an unmodifiable copy.
         *
         * @param openAccounts how many accounts are open.
         * @param totalMoney   the sum of their balances.
         * @param top          the largest balances, largest first (ties by account id).
         */
        public Summary
        {
            top = List.copyOf(top);
        }
    }

    private static final long NO_ACCOUNT = -1;
    private static final Comparator<AccountBalance> LARGEST_FIRST = Comparator
        .comparingLong(AccountBalance::balance).reversed()
        .thenComparing(AccountBalance::account);

    private final Map<String, Long> balances = new HashMap<>();
    private long totalMoney;
    private long position = NO_ACCOUNT;

    @Override
    public String snapshotName()
    {
        return "balances";
    }

    @Override
    public void onEvent(final long position, final String account, final long version, final Object event)
    {
        if (event instanceof Opened)
        {
            balances.put(account, 0L);
        }
        else if (event instanceof Deposited deposited)
        {
            change(account, deposited.amount());
            totalMoney += deposited.amount();
        }
        else if (event instanceof Withdrawn withdrawn)
        {
            change(account, -withdrawn.amount());
            totalMoney -= withdrawn.amount();
        }
        else if (event instanceof TransferSent sent)
        {
            change(account, -sent.amount());
        }
        else if (event instanceof TransferReceived received)
        {
            change(account, received.amount());
        }
        else if (event instanceof Closed)
        {
            balances.remove(account);
        }
        this.position = position;
    }

    private void change(final String account, final long amount)
    {
        balances.merge(account, amount, Long::sum);
    }

    /**
     * The balance of an account.
     *
     * @param account the account id.
     * @return its balance, or -1 if no open account has that id.
     */
    public long balance(final String account)
    {
        return balances.getOrDefault(account, NO_ACCOUNT);
    }

    /**
     * How many accounts are open.
     *
     * @return the count.
     */
    public int openAccounts()
    {
        return balances.size();
    }

    /**
     * All the money in the bank: deposits less withdrawals, which transfers do not change.
     *
     * @return the sum of the balances.
     */
    public long totalMoney()
    {
        return totalMoney;
    }

    /**
     * Journal position of the last record whose events the view has.
     *
     * @return the position, or -1 before the first.
     */
    public long position()
    {
        return position;
    }

    /**
     * A copy of every open account's balance.
     *
     * @return balances by account id, in id order.
     */
    public Map<String, Long> balances()
    {
        return new TreeMap<>(balances);
    }

    /**
     * The totals and the largest balances.
     *
     * @param top how many of the largest balances to include.
     * @return the summary.
     */
    public Summary summary(final int top)
    {
        final List<AccountBalance> all = new ArrayList<>(balances.size());
        for (final Map.Entry<String, Long> balance : balances.entrySet())
        {
            all.add(new AccountBalance(balance.getKey(), balance.getValue()));
        }
        all.sort(LARGEST_FIRST);
        return new Summary(balances.size(), totalMoney, all.subList(0, Math.min(top, all.size())));
    }
}
