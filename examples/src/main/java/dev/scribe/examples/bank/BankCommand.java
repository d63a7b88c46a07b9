package dev.scribe.examples.bank;

/**
 * What a client can ask the bank to do. Commands are plain records; each names the account it is about, which is
 * the id of the {@link Account} aggregate that decides it. Amounts are in the smallest unit of the currency.
 */
public sealed interface BankCommand
{
    /**
     * Open a new account.
     *
     * @param account the new account's id.
     */
    record OpenAccount(String account) implements BankCommand
    {
    }

    /**
     * Put money into an open account.
     *
     * @param account the account.
     * @param amount  a positive amount.
     */
    record Deposit(String account, long amount) implements BankCommand
    {
    }

    /**
     * Take money out of an open account; never more than its balance.
     *
     * @param account the account.
     * @param amount  a positive amount.
     */
    record Withdraw(String account, long amount) implements BankCommand
    {
    }

    /**
     * Move money between two open accounts: both change, in one journal record, or neither does.
     *
     * @param from   the account debited; the command's aggregate.
     * @param to     the account credited.
     * @param amount a positive amount, at most {@code from}'s balance.
     */
    record Transfer(String from, String to, long amount) implements BankCommand
    {
    }

    /**
     * Close an account whose balance is zero. A closed account takes no more commands and its id is not reused.
     *
     * @param account the account.
     */
    record CloseAccount(String account) implements BankCommand
    {
    }
}
