package dev.scribe.engine;

/**
 * The engine's event for a pending timer a handler cancelled ({@link Decision#cancelTimer}).
 *
 * @param timerId the timer's id.
 */
public record TimerCancelled(long timerId)
{
    /** The type id of this event in the journal. */
    public static final int TYPE_ID = 0x7EC0_0003;
}
