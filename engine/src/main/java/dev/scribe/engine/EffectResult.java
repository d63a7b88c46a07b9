package dev.scribe.engine;

/**
 * What running an effect came to, as its handler says: done, or refused for a reason that trying again will not
 * change (a card declined). The saga hears of it as a {@link SagaSignal}. A handler that cannot tell (a timeout, a
 * connection refused) throws instead, and the {@link EffectRunner} tries again.
 *
 * @param ok     whether the effect happened.
 * @param detail what the other side said, kept in the saga's history.
 */
public record EffectResult(boolean ok, String detail)
{
    /**
     * The effect happened.
     *
     * @param detail what the other side said (a payment id, say).
     * @return the result.
     */
    public static EffectResult done(final String detail)
    {
        return new EffectResult(true, detail);
    }

    /**
     * The effect was refused for good.
     *
     * @param detail why.
     * @return the result.
     */
    public static EffectResult refused(final String detail)
    {
        return new EffectResult(false, detail);
    }
}
