package dev.scribe.engine;

/**
 * The engine's event for a timer that fired: journaled in the same record as the events of the command it sent, so a
 * timer fires once; or alone, with the reason, when that command was rejected or could not be sent.
 *
 * @param timerId   the timer's id.
 * @param rejection null if its command was accepted, else why it was not.
 */
public record TimerFired(long timerId, String rejection)
{
    /** The type id of this event in the journal. */
    public static final int TYPE_ID = 0x7EC0_0002;
}
