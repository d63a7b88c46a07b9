package dev.scribe.engine;

/**
 * One aggregate in memory: its id, type, state and version (the number of events applied to it).
 */
final class AggregateEntry
{
    final String id;
    final AggregateType type;
    final Aggregate state;
    long version;
    /** Whether the store holds this entry; a new one is only kept once it has had an event. */
    boolean kept;
    /**
     * The id's UTF-8 bytes, set when the store keeps the entry; the store's table compares the first sixteen, held
     * in {@link #key0} and {@link #key1} (little-endian, zero-padded) so that a lookup reads nothing but this entry,
     * and the rest only for longer ids.
     */
    byte[] key;
    long key0;
    long key1;
    int keyLength;
    /** The hash of the id's bytes, as the store's table placed it. */
    long keyHash;

    AggregateEntry(final String id, final AggregateType type, final Aggregate state)
    {
        this.id = id;
        this.type = type;
        this.state = state;
    }
}
