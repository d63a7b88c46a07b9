package dev.scribe.codecs.payload;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Plain state classes for {@link StateCodec} tests.
 */
final class StateFixtures
{
    private StateFixtures()
    {
    }

    enum Status
    {
        NOT_OPENED,
        OPEN,
        CLOSED
    }

    record Lot(String sku, int quantity, Instant at)
    {
    }

    /** Superclass whose fields come first. */
    static class Versioned
    {
        long version;
        String owner;
    }

    /** An aggregate's state with every kind of field the codec supports at the top level. */
    static final class Account extends Versioned
    {
        static int instances;

        final String id;
        Status status = Status.NOT_OPENED;
        long balance;
        Integer overdraft;
        double rate;
        byte[] secret;
        List<Lot> lots;
        Map<String, Integer> limits;
        Optional<Status> previous;
        transient int cache = -1;

        Account()
        {
            id = String.valueOf("unset");
            instances++;
        }

        Account(final String id)
        {
            this.id = id;
        }
    }

    /** Same fields as {@link Account} with {@code balance} renamed. */
    static final class RenamedAccount extends Versioned
    {
        final String id;
        Status status = Status.NOT_OPENED;
        long amount;
        Integer overdraft;
        double rate;
        byte[] secret;
        List<Lot> lots;
        Map<String, Integer> limits;
        Optional<Status> previous;

        RenamedAccount()
        {
            id = String.valueOf("unset");
        }
    }

    /** The smallest state: one primitive. */
    static final class Counter
    {
        private long count;

        long count()
        {
            return count;
        }

        void count(final long count)
        {
            this.count = count;
        }
    }

    /** No no-arg constructor. */
    static final class NeedsFactory
    {
        private final long seed;

        NeedsFactory(final long seed)
        {
            this.seed = seed;
        }

        long seed()
        {
            return seed;
        }
    }

    /** A field of a type the codec does not support. */
    static final class Tagged
    {
        long id;
        Set<String> tags;
    }
}
