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
     * non-static, non-transient field in declaration order (primitives, strings, enums, records, collections and
     * maps of those, nested objects field by field); override it to hash a canonical form instead.
     *
     * @param hasher to feed.
     */
    default void hashState(final StateHasher hasher)
    {
        FieldHasher.hash(this, hasher);
    }
}
