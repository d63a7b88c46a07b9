package dev.scribe.examples.bank;

import dev.scribe.engine.Aggregate;
import dev.scribe.examples.bank.AccountEvent.Closed;
import dev.scribe.examples.bank.AccountEvent.Deposited;
import dev.scribe.examples.bank.AccountEvent.Opened;
import dev.scribe.examples.bank.AccountEvent.TransferReceived;
import dev.scribe.examples.bank.AccountEvent.TransferSent;
import dev.scribe.examples.bank.AccountEvent.Withdrawn;

/**
 * One bank account, the aggregate every command is decided against. Its state changes only in its {@code apply}
 * methods, one per event: the engine calls them when a command's events are journaled and again, in the same
 * order, when the journal is replayed, so they must only update fields (no checks, no clock, no I/O). The checks
 * belong in the command handlers of {@link Bank}, which read {@link #status()} and {@link #balance()}.
 */
public final class Account implements Aggregate
{
    /**
     * Where an account is in its life.
     */
    public enum Status
    {
        /** No account has this id yet: the state of an aggregate that has never had an event. */
        NOT_OPENED,
        /** Open: takes deposits, withdrawals and transfers. */
        OPEN,
        /** Closed for good. */
        CLOSED
    }

    private Status status = Status.NOT_OPENED;
    private long balance;

    /**
     * Where the account is in its life.
     *
     * @return the status.
     */
    public Status status()
    {
        return status;
    }

    /**
     * The money in the account.
     *
     * @return the balance, never negative.
     */
    public long balance()
    {
        return balance;
    }

    void apply(final Opened event)
    {
        status = Status.OPEN;
    }

    void apply(final Deposited event)
    {
        balance += event.amount();
    }

    void apply(final Withdrawn event)
    {
        balance -= event.amount();
    }

    void apply(final TransferSent event)
    {
        balance -= event.amount();
    }

    void apply(final TransferReceived event)
    {
        balance += event.amount();
    }

    void apply(final Closed event)
    {
        status = Status.CLOSED;
    }
}
