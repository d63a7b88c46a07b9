package dev.scribe.engine;

/**
 * A saga's step, or its compensation, ended.
 *
 * @param step         the step's index.
 * @param name         the step's name.
 * @param compensation whether it was the compensation.
 * @param ok           whether it succeeded.
 * @param detail       what happened: the rejection, the effect's result, the signal's detail.
 */
public record SagaStepEnded(int step, String name, boolean compensation, boolean ok, String detail)
{
    /** The type id of this event in the journal. */
    public static final int TYPE_ID = 0x7EC0_0013;
}
