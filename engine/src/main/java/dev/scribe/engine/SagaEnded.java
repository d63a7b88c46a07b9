package dev.scribe.engine;

/**
 * A saga run ended.
 *
 * @param status {@code COMPLETED} (every step done), {@code COMPENSATED} (undone after a failure or the timeout) or
 *               {@code FAILED} (a compensation failed: the run needs a person).
 * @param reason why it did not complete, or null.
 */
public record SagaEnded(String status, String reason)
{
    /** The type id of this event in the journal. */
    public static final int TYPE_ID = 0x7EC0_0015;
}
