package dev.scribe.engine;

/**
 * An event a {@link Subscription} could not handle after its last attempt, kept in the subscription's dead-letter
 * store until it is retried successfully or skipped. The event itself stays in the journal, at its position.
 *
 * @param subscription  the subscription's name.
 * @param position      journal position of the record holding the event.
 * @param index         the event's index among the record's events.
 * @param aggregateId   id of the aggregate the event belongs to.
 * @param eventType     the event's class name, or what could be told of it if it could not be decoded.
 * @param attempts      tries so far, retries from the store included.
 * @param error         the last failure, as its class and message.
 * @param parkedAtMillis when it was parked, in milliseconds since the epoch.
 */
public record ParkedEvent(String subscription, long position, int index, String aggregateId, String eventType,
    int attempts, String error, long parkedAtMillis)
{
}
