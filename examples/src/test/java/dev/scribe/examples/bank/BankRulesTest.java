package dev.scribe.examples.bank;

import dev.scribe.engine.Engine;
import dev.scribe.engine.Outcome;
import dev.scribe.examples.bank.Account.Status;
import dev.scribe.examples.bank.BankCommand.CloseAccount;
import dev.scribe.examples.bank.BankCommand.Deposit;
import dev.scribe.examples.bank.BankCommand.OpenAccount;
import dev.scribe.examples.bank.BankCommand.Transfer;
import dev.scribe.examples.bank.BankCommand.Withdraw;
import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bank's rules on a real engine: each command's accepted and rejected cases, checked on the aggregates (through
 * {@link Probe}), on the balances view and, for atomicity, on the state hash and the journal after a restart.
 */
class BankRulesTest
{
    @TempDir
    Path dir;

    private BalancesView view;
    private Engine engine;

    @BeforeEach
    void launch()
    {
        view = new BalancesView();
        engine = Engine.launch(Probe.context(dir, view));
    }

    @AfterEach
    void close()
    {
        engine.close();
    }

    @Test
    void withdrawalOverTheBalanceIsRejectedAndChangesNothing()
    {
        accept(new OpenAccount("a"));
        accept(new Deposit("a", 100));
        final long hash = engine.stateHash();

        reject(new Withdraw("a", 101), "insufficient funds in a: balance 100, asked 101");
        assertEquals(hash, engine.stateHash());
        assertEquals(new Probe.Seen(Status.OPEN, 100), Probe.peek(engine, "a"));

        accept(new Withdraw("a", 100));
        assertEquals(new Probe.Seen(Status.OPEN, 0), Probe.peek(engine, "a"));
        reject(new Withdraw("a", 1), "insufficient funds in a: balance 0, asked 1");
    }

    @Test
    void amountsMustBePositiveAndBalancesCannotOverflow()
    {
        accept(new OpenAccount("a"));
        accept(new OpenAccount("b"));
        reject(new Deposit("a", 0), "the amount must be positive: 0");
        reject(new Withdraw("a", -5), "the amount must be positive: -5");
        reject(new Transfer("a", "b", 0), "the amount must be positive: 0");

        accept(new Deposit("a", Long.MAX_VALUE));
        accept(new Deposit("b", 1));
        reject(new Deposit("a", 1), "the deposit would overflow the balance of a");
        reject(new Transfer("b", "a", 1), "the transfer would overflow the balance of a");
        assertEquals(new Probe.Seen(Status.OPEN, Long.MAX_VALUE), Probe.peek(engine, "a"));
        assertEquals(new Probe.Seen(Status.OPEN, 1), Probe.peek(engine, "b"));
    }

    @Test
    void depositsAndWithdrawalsToUnknownAccountsAreRejected()
    {
        final long emptyHash = engine.stateHash();
        reject(new Deposit("nobody", 10), "no account nobody");
        reject(new Withdraw("nobody", 10), "no account nobody");
        reject(new CloseAccount("nobody"), "no account nobody");
        assertEquals(emptyHash, engine.stateHash(), "no aggregate was made for the unknown account");
        assertEquals(new Probe.Seen(Status.NOT_OPENED, 0), Probe.peek(engine, "nobody"));

        accept(new OpenAccount("a"));
        reject(new OpenAccount("a"), "a is already open");
    }

    @Test
    void transferMovesMoneyBetweenTwoAccountsInOneRecord()
    {
        accept(new OpenAccount("a"));
        accept(new OpenAccount("b"));
        accept(new Deposit("a", 100));

        final Outcome transfer = accept(new Transfer("a", "b", 30));
        assertEquals(3, transfer.version(), "a's version: opened, deposited, sent");
        assertEquals(new Probe.Seen(Status.OPEN, 70), Probe.peek(engine, "a"));
        assertEquals(new Probe.Seen(Status.OPEN, 30), Probe.peek(engine, "b"));
        awaitView(transfer);
        assertEquals(Map.of("a", 70L, "b", 30L), engine.query(view, BalancesView::balances));
        assertEquals(100L, (long)engine.query(view, BalancesView::totalMoney), "a transfer moves money, it makes none");

        final long hash = engine.stateHash();
        engine.close();
        final BalancesView replayed = new BalancesView();
        engine = Engine.launch(Probe.context(dir, replayed));
        assertEquals(4, engine.replayedRecords(), "two openings, a deposit and one record for the transfer");
        assertEquals(hash, engine.stateHash());
        assertEquals(Map.of("a", 70L, "b", 30L), engine.query(replayed, BalancesView::balances));
    }

    @Test
    void rejectedTransferChangesNeitherAccount()
    {
        accept(new OpenAccount("a"));
        accept(new OpenAccount("b"));
        accept(new OpenAccount("c"));
        accept(new Deposit("a", 100));
        accept(new CloseAccount("c"));
        final long hash = engine.stateHash();

        reject(new Transfer("a", "b", 101), "insufficient funds in a: balance 100, asked 101");
        reject(new Transfer("a", "nobody", 10), "no account nobody");
        reject(new Transfer("a", "c", 10), "c is closed");
        reject(new Transfer("a", "a", 10), "cannot transfer from a to itself");
        reject(new Transfer("nobody", "a", 10), "no account nobody");
        reject(new Transfer("b", "a", 10), "insufficient funds in b: balance 0, asked 10");

        assertEquals(hash, engine.stateHash(), "no rejected transfer changed any aggregate");
        assertEquals(new Probe.Seen(Status.OPEN, 100), Probe.peek(engine, "a"));
        assertEquals(new Probe.Seen(Status.OPEN, 0), Probe.peek(engine, "b"));
        assertEquals(new Probe.Seen(Status.NOT_OPENED, 0), Probe.peek(engine, "nobody"));
    }

    @Test
    void accountClosesOnlyAtZeroBalanceAndForGood()
    {
        accept(new OpenAccount("a"));
        accept(new Deposit("a", 10));
        reject(new CloseAccount("a"), "cannot close a: its balance is 10, not zero");

        accept(new Withdraw("a", 10));
        final Outcome closed = accept(new CloseAccount("a"));
        assertEquals(new Probe.Seen(Status.CLOSED, 0), Probe.peek(engine, "a"));
        awaitView(closed);
        assertEquals(0, engine.query(view, BalancesView::openAccounts));
        assertEquals(-1L, (long)engine.query(view, v -> v.balance("a")));

        reject(new Deposit("a", 1), "a is closed");
        reject(new Withdraw("a", 1), "a is closed");
        reject(new CloseAccount("a"), "a is closed");
        reject(new OpenAccount("a"), "a was closed; account ids are not reused");
    }

    private Outcome accept(final Object command)
    {
        final Outcome outcome = engine.send(command).join();
        assertTrue(outcome.accepted(), command + ": " + outcome);
        return outcome;
    }

    private void reject(final Object command, final String reason)
    {
        final Outcome outcome = engine.send(command).join();
        assertEquals(Outcome.Status.REJECTED, outcome.status(), command + ": " + outcome);
        assertEquals(reason, outcome.reason(), command.toString());
    }

    private void awaitView(final Outcome outcome)
    {
        BankLoad.awaitView(engine, view, outcome.position(), Deadlines.scaled(Duration.ofSeconds(10)).toMillis());
    }
}
