package dev.scribe.engine;

/**
 * An aggregate: a plain class whose state changes only through its {@code apply} methods, one per event type it
 * handles ({@code void apply(Deposited event)}), which must be pure: no clock, no randomness, no I/O, no exceptions.
 * The same {@code apply} runs when a command is accepted and when the journal is replayed, so state rebuilt from
 * the journal is the state that was there.
 *
 * <p>The event types an aggregate applies are found from its {@code apply} methods when the engine launches.
 */
public interface Aggregate
{
    /**
     * Feed this aggregate's state into a hasher, for {@link Engine#stateHash()}. The default hashes every
     * non-static, non-transient field, sorted by declaring class and name: primitives and boxes, strings, enums,
     * {@code byte[]}, {@code UUID}, {@code Instant}, {@code BigDecimal} (scale and unscaled value, so 1.50 and 1.5
     * differ), {@code BigInteger}, other {@code java.time} values, records, optionals, collections, maps and arrays of
     * those, and the application's own objects field by field. JDK values are read through their public API only;
     * a field holding a JDK type it cannot read (a lock, say) makes the hash fail with an {@link EngineException}
     * naming the field: mark such a field {@code transient} or override this method to hash a canonical form.
     *
     * @param hasher to feed.
     */
    default void hashState(final StateHasher hasher)
    {
        FieldHasher.hash(this, hasher);
    }
}
