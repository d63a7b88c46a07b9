package dev.scribe.engine;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the outcomes of a bank say must be true, checked after every step: money only comes in by deposits and goes
 * out by withdrawals, no balance is negative, accepted commands get growing positions, and a resend with a key gets
 * the first outcome under that key.
 */
final class BankLedger
{
    private final Map<String, Outcome> firstByKey = new HashMap<>();
    private long deposited;
    private long withdrawn;
    private long lastPosition = Long.MIN_VALUE;

    /**
     * Take in one command's outcome and check it against the earlier ones.
     */
    void record(final Object command, final SendOptions options, final Outcome outcome)
    {
        final String key = options.idempotencyKey();
        if (outcome.duplicate())
        {
            final Outcome first = firstByKey.get(key);
            assertTrue(null != first, "a duplicate outcome for key " + key + ", which was never accepted");
            assertEquals(first.position(), outcome.position(), "a duplicate has the first outcome's position");
            assertEquals(first.version(), outcome.version(), "a duplicate has the first outcome's version");
            return;
        }
        if (!outcome.accepted())
        {
            assertTrue(null != outcome.reason() && !outcome.reason().isEmpty(), "a rejection says why");
            return;
        }
        assertTrue(outcome.position() > lastPosition, "positions grow: " + outcome.position() + " after " +
            lastPosition);
        lastPosition = outcome.position();
        if (null != key)
        {
            firstByKey.put(key, outcome);
        }
        if (command instanceof Bank.Deposit deposit)
        {
            deposited += deposit.amount();
        }
        else if (command instanceof Bank.Withdraw withdraw)
        {
            withdrawn += withdraw.amount();
        }
    }

    /**
     * Check the balances against what was deposited and withdrawn.
     */
    void check(final Map<String, Long> balances)
    {
        long total = 0;
        for (final Map.Entry<String, Long> balance : balances.entrySet())
        {
            assertTrue(balance.getValue() >= 0, "negative balance " + balance);
            total += balance.getValue();
        }
        assertEquals(deposited - withdrawn, total, "total money is deposits - withdrawals; balances " + balances);
    }
}
