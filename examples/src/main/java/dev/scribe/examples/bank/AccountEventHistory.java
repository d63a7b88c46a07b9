package dev.scribe.examples.bank;

import dev.scribe.engine.EventVersions;

/**
 * Older versions of the bank's events, as they were journaled, and how each becomes the current version. Journals
 * keep every version ever written; replay reads an old one with its class here and upcasts it, so the bank's code
 * only deals with {@link AccountEvent}.
 */
public final class AccountEventHistory
{
    /** The channel given to deposits journaled before deposits recorded one. */
    public static final String UNKNOWN_CHANNEL = "unknown";

    /**
     * Version 1 of {@link AccountEvent.Deposited}: no channel.
     *
     * @param amount the amount.
     */
    public record DepositedV1(long amount)
    {
    }

    private AccountEventHistory()
    {
    }

    /**
     * The bank's event versions: {@code Deposited} is at version 2, and version 1 reads with an unknown channel.
     *
     * @return the versions, for {@code EngineContext.events}.
     */
    public static EventVersions versions()
    {
        return new EventVersions()
            .current(AccountEvent.Deposited.class, 2)
            .previous(DepositedV1.class, 1, AccountEvent.Deposited.class)
            .upcaster(DepositedV1.class, v1 -> new AccountEvent.Deposited(v1.amount(), UNKNOWN_CHANNEL));
    }
}
