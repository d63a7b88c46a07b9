package dev.scribe.bench;

import dev.scribe.engine.Projection;
import org.agrona.collections.Object2LongHashMap;

/**
 * The benchmarks' projection: each account's balance, kept from the bank's events on the projection's own thread.
 * A primitive map, so keeping it allocates nothing once every account is in it.
 */
final class Balances implements Projection
{
    private static final long NO_ACCOUNT = Long.MIN_VALUE;

    private final Object2LongHashMap<String> balances = new Object2LongHashMap<>(NO_ACCOUNT);
    private long events;

    @Override
    public void onEvent(final long position, final String aggregateId, final long version, final Object event)
    {
        events++;
        if (event instanceof BenchBank.Deposited)
        {
            add(aggregateId, ((BenchBank.Deposited)event).amount());
        }
        else if (event instanceof BenchBank.Withdrawn)
        {
            add(aggregateId, -((BenchBank.Withdrawn)event).amount());
        }
        else if (event instanceof BenchBank.Opened)
        {
            balances.put(aggregateId, 0);
        }
    }

    private void add(final String accountId, final long amount)
    {
        final long balance = balances.getValue(accountId);
        if (NO_ACCOUNT != balance)
        {
            balances.put(accountId, balance + amount);
        }
    }

    /**
     * Events seen so far.
     */
    long events()
    {
        return events;
    }
}
