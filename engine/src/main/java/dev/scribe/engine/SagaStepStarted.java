package dev.scribe.engine;

/**
 * A saga began a step, or a step's compensation.
 *
 * @param step         the step's index.
 * @param name         the step's name.
 * @param compensation whether it is the compensation.
 * @param timerId      the timer sending its command, 0 for an effect or a signal.
 */
public record SagaStepStarted(int step, String name, boolean compensation, long timerId)
{
    /** The type id of this event in the journal. */
    public static final int TYPE_ID = 0x7EC0_0012;
}
