package dev.scribe.engine;

import dev.scribe.journal.PositionFormat;

/**
 * One event read from the journal, decoded, with where it is and whose it is: as a {@link Subscription} hands it
 * over and as {@link JournalEvents} pages hold it.
 *
 * @param position      journal position of the record holding the event.
 * @param index         the event's index among the record's events, from 0.
 * @param aggregateId   id of the aggregate the event belongs to.
 * @param version       that aggregate's version after the event.
 * @param timestampNs   the engine clock's time of the command that emitted it, in nanoseconds since the epoch.
 * @param correlationId the command's correlation id, 0 if it had none.
 * @param event         the event.
 */
public record JournalEvent(long position, int index, String aggregateId, long version, long timestampNs,
    long correlationId, Object event)
{
    /**
     * The event's class.
     *
     * @return its class.
     */
    public Class<?> type()
    {
        return event.getClass();
    }

    @Override
    public String toString()
    {
        return "JournalEvent[position=" + PositionFormat.position(position) + ", index=" + index + ", aggregateId=" +
            aggregateId + ", version=" + version + ", timestampNs=" + timestampNs + ", correlationId=" +
            correlationId + ", event=" + event + "]";
    }
}
