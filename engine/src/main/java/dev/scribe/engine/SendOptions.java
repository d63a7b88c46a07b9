package dev.scribe.engine;

/**
 * How one command is sent: expected version, idempotency key, durability, and what to do when the ring is full.
 * Immutable; each setter returns a new options object.
 *
 * @param expectedVersion version the command's aggregate must be at, or {@link #ANY_VERSION}.
 * @param idempotencyKey  key making a resend return the first outcome, or null.
 * @param durability      when the result completes, or null for the engine's default.
 * @param waitWhenFull    true to wait for room in a full ring, false to get a back-pressure outcome at once.
 */
public record SendOptions(long expectedVersion, String idempotencyKey, Durability durability, boolean waitWhenFull)
{
    /** No expected version. */
    public static final long ANY_VERSION = -1;

    private static final SendOptions DEFAULTS = new SendOptions(ANY_VERSION, null, null, true);

    /**
     * The defaults: any version, no key, the engine's durability, wait when full.
     *
     * @return the default options.
     */
    public static SendOptions defaults()
    {
        return DEFAULTS;
    }

    /**
     * Require the aggregate to be at a version (optimistic concurrency).
     *
     * @param version the expected version; 0 for an aggregate that has never had an event.
     * @return new options.
     */
    public SendOptions expectVersion(final long version)
    {
        return new SendOptions(version, idempotencyKey, durability, waitWhenFull);
    }

    /**
     * Make the command idempotent under a key: once a command with the key has been accepted and journaled, sending
     * it again returns that first outcome (marked duplicate) and writes nothing, across restarts too, since the key
     * is in the journal. A command that was rejected, or accepted without events, wrote nothing; its key may be
     * sent again and is decided afresh. The engine remembers the newest {@code EngineContext.idempotencyKeys()}
     * keys; an older one is forgotten and decided afresh too.
     *
     * @param key at most 1024 UTF-8 bytes.
     * @return new options.
     */
    public SendOptions idempotencyKey(final String key)
    {
        return new SendOptions(expectedVersion, key, durability, waitWhenFull);
    }

    /**
     * Choose when the result completes.
     *
     * @param durability the level.
     * @return new options.
     */
    public SendOptions durability(final Durability durability)
    {
        return new SendOptions(expectedVersion, idempotencyKey, durability, waitWhenFull);
    }

    /**
     * Choose between waiting for ring space and an immediate back-pressure outcome.
     *
     * @param wait true to wait.
     * @return new options.
     */
    public SendOptions waitWhenFull(final boolean wait)
    {
        return new SendOptions(expectedVersion, idempotencyKey, durability, wait);
    }
}
