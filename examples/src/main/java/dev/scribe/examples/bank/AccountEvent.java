package dev.scribe.examples.bank;

/**
 * What happened to an account: the facts the journal keeps. Events are plain records, applied by
 * {@link Account}'s {@code apply} methods and read by {@link BalancesView}. Each is journaled under the type id
 * {@link Bank} pins for it, so a class may be renamed without making old journals unreadable.
 */
public sealed interface AccountEvent
{
    /** The account was opened, with a zero balance. */
    record Opened() implements AccountEvent
    {
    }

    /**
     * Money was put in. Version 2: version 1 had no channel ({@link AccountEventHistory.DepositedV1}).
     *
     * @param amount  the amount.
     * @param channel how the money came in: {@code "api"} for deposits sent to the engine, {@code "unknown"} for
     *                those journaled before deposits recorded it.
     */
    record Deposited(long amount, String channel) implements AccountEvent
    {
    }

    /**
     * Money was taken out.
     *
     * @param amount the amount.
     */
    record Withdrawn(long amount) implements AccountEvent
    {
    }

    /**
     * Money left this account for another, in the same record as the other's {@link TransferReceived}.
     *
     * @param to     the account credited.
     * @param amount the amount.
     */
    record TransferSent(String to, long amount) implements AccountEvent
    {
    }

    /**
     * Money arrived from another account, in the same record as the other's {@link TransferSent}.
     *
     * @param from   the account debited.
     * @param amount the amount.
     */
    record TransferReceived(String from, long amount) implements AccountEvent
    {
    }

    /** The account was closed; its balance was zero. */
    record Closed() implements AccountEvent
    {
    }
}
