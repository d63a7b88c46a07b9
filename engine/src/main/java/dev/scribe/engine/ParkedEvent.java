package dev.scribe.engine;

import dev.scribe.journal.PositionFormat;

/**
 * An event a {@link Subscription} could not handle after its last attempt, kept in the subscription's dead-letter
 * store until it is retried successfully or skipped. The event itself stays in the journal, at its position; the
 * CRC32C of its record tells that record from another one a fail-over truncation may have put at the same position.
 *
 * @param subscription   the subscription's name.
 * @param position       journal position of the record holding the event.
 * @param index          the event's index among the record's events.
 * @param aggregateId    id of the aggregate the event belongs to.
 * @param eventType      the event's class name, or what could be told of it if it could not be decoded.
 * @param attempts       tries so far, retries from the store included.
 * @param error          the last failure, as its class and message.
 * @param parkedAtMillis when it was parked, in milliseconds since the epoch.
 * @param recordCrc      the CRC32C of the record holding the event, as an unsigned value; -1 if not known (an event
 *                       parked by an earlier version, whose file has no CRC).
 */
public record ParkedEvent(String subscription, long position, int index, String aggregateId, String eventType,
    int attempts, String error, long parkedAtMillis, long recordCrc)
{
    /**
     * A parked event whose record's CRC32C is not known.
     *
     * @param subscription   the subscription's name.
     * @param position       journal position of the record holding the event.
     * @param index          the event's index among the record's events.
     * @param aggregateId    id of the aggregate the event belongs to.
     * @param eventType      the event's class name.
     * @param attempts       tries so far.
     * @param error          the last failure.
     * @param parkedAtMillis when it was parked, in milliseconds since the epoch.
     */
    public ParkedEvent(final String subscription, final long position, final int index, final String aggregateId,
        final String eventType, final int attempts, final String error, final long parkedAtMillis)
    {
        this(subscription, position, index, aggregateId, eventType, attempts, error, parkedAtMillis, -1);
    }

    /**
     * The same event with its record's CRC32C.
     *
     * @param crc the CRC32C, unsigned.
     * @return the event.
     */
    ParkedEvent withRecordCrc(final long crc)
    {
        return new ParkedEvent(subscription, position, index, aggregateId, eventType, attempts, error, parkedAtMillis,
            crc);
    }

    @Override
    public String toString()
    {
        return "ParkedEvent[subscription=" + subscription + ", position=" + PositionFormat.position(position) +
            ", index=" + index + ", aggregateId=" + aggregateId + ", eventType=" + eventType + ", attempts=" +
            attempts + ", error=" + error + ", parkedAtMillis=" + parkedAtMillis + ", recordCrc=" + recordCrc + "]";
    }
}
