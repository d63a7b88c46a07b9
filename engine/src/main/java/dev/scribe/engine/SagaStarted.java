package dev.scribe.engine;

/**
 * A saga run started.
 *
 * @param saga         the saga's name.
 * @param id           the run's id.
 * @param data         its data, encoded by the data type's record codec.
 * @param timeoutTimer the id of its timeout timer, 0 for none.
 */
public record SagaStarted(String saga, String id, byte[] data, long timeoutTimer)
{
    /** The type id of this event in the journal. */
    public static final int TYPE_ID = 0x7EC0_0011;
}
