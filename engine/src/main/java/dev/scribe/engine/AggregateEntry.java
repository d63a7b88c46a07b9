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

    AggregateEntry(final String id, final AggregateType type, final Aggregate state)
    {
        this.id = id;
        this.type = type;
        this.state = state;
    }
}
