package dev.scribe.engine;

/**
 * A saga's timeout fired before it completed: it compensates once the step in progress has ended.
 */
public record SagaTimedOut()
{
    /** The type id of this event in the journal. */
    public static final int TYPE_ID = 0x7EC0_0014;
}
