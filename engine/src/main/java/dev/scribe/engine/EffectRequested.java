package dev.scribe.engine;

/**
 * The outbox: a saga step's call to something outside the engine, journaled with the decision that needs it, for an
 * {@link EffectRunner} to run with its key and report back as a {@link SagaSignal}.
 *
 * @param saga         the saga run's aggregate id.
 * @param step         the step's name.
 * @param compensation whether it is the step's compensation.
 * @param requestType  the request's class name.
 * @param request      the request, encoded by its record codec.
 * @param key          the idempotency key to call with: the same every time this effect is run.
 */
public record EffectRequested(String saga, String step, boolean compensation, String requestType, byte[] request,
    String key)
{
    /** The type id of this event in the journal. */
    public static final int TYPE_ID = 0x7EC0_0016;
}
