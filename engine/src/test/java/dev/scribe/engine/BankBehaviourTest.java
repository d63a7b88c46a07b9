package dev.scribe.engine;

import dev.scribe.engine.testing.ExpectedErrors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rules of {@link Bank}, run against the reference model ({@link ModelBankTest}), the business logic on the
 * command fixture ({@link FixtureBankTest}) and the real engine ({@link EngineBankTest}); the ledger's invariants
 * are checked after every step.
 */
abstract class BankBehaviourTest
{
    @TempDir
    Path dir;

    private BankUnderTest bank;
    private final BankLedger ledger = new BankLedger();

    abstract BankUnderTest open(Path dir);

    @BeforeEach
    void openBank()
    {
        bank = open(dir);
    }

    @AfterEach
    void closeBank()
    {
        bank.close();
    }

    private Outcome send(final Object command)
    {
        return send(command, SendOptions.defaults());
    }

    private Outcome send(final Object command, final SendOptions options)
    {
        final Outcome outcome = bank.send(command, options);
        ledger.record(command, options, outcome);
        ledger.check(bank.balances());
        return outcome;
    }

    private Outcome sendWithKey(final Object command, final String key)
    {
        return send(command, SendOptions.defaults().idempotencyKey(key));
    }

    private static void assertAccepted(final long version, final Outcome outcome)
    {
        assertTrue(outcome.accepted(), outcome.toString());
        assertFalse(outcome.duplicate(), outcome.toString());
        assertEquals(version, outcome.version(), outcome.toString());
    }

    private static void assertRejected(final String reason, final Outcome outcome)
    {
        assertEquals(Outcome.Status.REJECTED, outcome.status(), outcome.toString());
        assertEquals(reason, outcome.reason());
    }

    @Test
    void anAccountOpensOnce()
    {
        assertAccepted(1, send(new Bank.Open("a")));
        assertRejected("a is already open", send(new Bank.Open("a")));
        assertEquals(Map.of("a", 0L), bank.balances());
    }

    @Test
    void depositsArePositiveAndGoToOpenAccounts()
    {
        assertRejected("no account b", send(new Bank.Deposit("b", 5)));
        assertAccepted(1, send(new Bank.Open("b")));
        assertRejected("amount must be positive", send(new Bank.Deposit("b", 0)));
        assertRejected("amount must be positive", send(new Bank.Deposit("b", -3)));
        assertAccepted(2, send(new Bank.Deposit("b", 5)));
        assertAccepted(3, send(new Bank.Deposit("b", 7)));
        assertEquals(Map.of("b", 12L), bank.balances());
    }

    @Test
    void withdrawalsNeverOverdraw()
    {
        assertRejected("no account a", send(new Bank.Withdraw("a", 1)));
        send(new Bank.Open("a"));
        send(new Bank.Deposit("a", 100));
        assertRejected("insufficient funds: balance 100", send(new Bank.Withdraw("a", 101)));
        assertRejected("amount must be positive", send(new Bank.Withdraw("a", -1)));
        assertAccepted(3, send(new Bank.Withdraw("a", 100)));
        assertRejected("insufficient funds: balance 0", send(new Bank.Withdraw("a", 1)));
        assertEquals(Map.of("a", 0L), bank.balances());
    }

    @Test
    void aTransferMovesMoneyBetweenOpenAccountsOrChangesNothing()
    {
        send(new Bank.Open("a"));
        send(new Bank.Open("b"));
        send(new Bank.Deposit("a", 50));
        assertAccepted(3, send(new Bank.Transfer("a", "b", 20)));
        assertEquals(Map.of("a", 30L, "b", 20L), bank.balances());

        assertRejected("no account c", send(new Bank.Transfer("a", "c", 1)));
        assertRejected("no account c", send(new Bank.Transfer("c", "a", 1)));
        assertRejected("insufficient funds: balance 30", send(new Bank.Transfer("a", "b", 31)));
        assertRejected("amount must be positive", send(new Bank.Transfer("a", "b", 0)));
        assertEquals(Map.of("a", 30L, "b", 20L), bank.balances());
        // the rejected transfers left both versions alone: a at 3, b at 2 (opened, credited)
        assertAccepted(4, send(new Bank.Deposit("a", 1), SendOptions.defaults().expectVersion(3)));
        assertAccepted(3, send(new Bank.Deposit("b", 1), SendOptions.defaults().expectVersion(2)));
    }

    @Test
    void aTransferToTheSameAccountIsTwoEventsAndNoChangeOfBalance()
    {
        send(new Bank.Open("a"));
        send(new Bank.Deposit("a", 10));
        assertAccepted(4, send(new Bank.Transfer("a", "a", 10)));
        assertRejected("insufficient funds: balance 10", send(new Bank.Transfer("a", "a", 11)));
        assertEquals(Map.of("a", 10L), bank.balances());
    }

    @Test
    void anExpectedVersionGuardsTheAggregate()
    {
        assertRejected("expected version 3 but z is at version 0",
            send(new Bank.Open("z"), SendOptions.defaults().expectVersion(3)));
        assertAccepted(1, send(new Bank.Open("z"), SendOptions.defaults().expectVersion(0)));
        assertRejected("expected version 0 but z is at version 1",
            send(new Bank.Deposit("z", 1), SendOptions.defaults().expectVersion(0)));
        assertAccepted(2, send(new Bank.Deposit("z", 1), SendOptions.defaults().expectVersion(1)));
        assertRejected("expected version 1 but z is at version 2",
            send(new Bank.Deposit("z", 1), SendOptions.defaults().expectVersion(1)));
    }

    @Test
    void aResendWithAKeyGetsTheFirstOutcomeEvenAfterARestart()
    {
        send(new Bank.Open("a"));
        final Outcome first = sendWithKey(new Bank.Deposit("a", 10), "k");
        assertAccepted(2, first);
        final Outcome again = sendWithKey(new Bank.Deposit("a", 10), "k");
        assertTrue(again.duplicate(), again.toString());
        assertEquals(first.version(), again.version());
        assertTrue(sendWithKey(new Bank.Withdraw("a", 10), "k").duplicate(), "another command under a used key");
        assertTrue(send(new Bank.Deposit("a", 10), SendOptions.defaults().idempotencyKey("k").expectVersion(7))
            .duplicate(), "the key is looked up before the expected version");
        assertEquals(Map.of("a", 10L), bank.balances());

        bank.restart();
        final Outcome afterRestart = sendWithKey(new Bank.Deposit("a", 10), "k");
        assertTrue(afterRestart.duplicate(), afterRestart.toString());
        assertEquals(first.position(), afterRestart.position());
        assertEquals(Map.of("a", 10L), bank.balances());
    }

    @Test
    void theKeyOfARejectedCommandIsFreeForARetry()
    {
        send(new Bank.Open("a"));
        assertRejected("amount must be positive", sendWithKey(new Bank.Deposit("a", 0), "r"));
        assertAccepted(2, sendWithKey(new Bank.Deposit("a", 5), "r"));
        assertTrue(sendWithKey(new Bank.Deposit("a", 5), "r").duplicate());
        assertEquals(Map.of("a", 5L), bank.balances());
    }

    @ExpectedErrors(Bank.FAIL_ERROR)
    @Test
    void aFailingHandlerRejectsAsAHandlerFailureAndChangesNothing()
    {
        send(new Bank.Open("a"));
        final Outcome failed = send(new Bank.Fail("a"));
        assertEquals(Outcome.Status.HANDLER_FAILED, failed.status(), failed.toString());
        assertEquals("the handler threw java.lang.IllegalStateException: handler failed for a", failed.reason());
        assertAccepted(2, send(new Bank.Deposit("a", 1), SendOptions.defaults().expectVersion(1)));
    }

    @Test
    void stateAndVersionsSurviveARestart()
    {
        send(new Bank.Open("a"));
        send(new Bank.Open("b"));
        send(new Bank.Deposit("a", 40));
        send(new Bank.Transfer("a", "b", 15));
        send(new Bank.Withdraw("b", 5));
        final Map<String, Long> before = bank.balances();
        bank.restart();
        assertEquals(before, bank.balances());
        assertEquals(Map.of("a", 25L, "b", 10L), before);
        assertAccepted(4, send(new Bank.Deposit("a", 1), SendOptions.defaults().expectVersion(3)));
        assertAccepted(4, send(new Bank.Deposit("b", 1), SendOptions.defaults().expectVersion(3)));
        assertRejected("insufficient funds: balance 11", send(new Bank.Withdraw("b", 12)));
    }
}
