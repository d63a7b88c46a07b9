package dev.scribe.engine;

/**
 * The command telling a saga how a step it waits for went: a signal step's answer from outside, or an effect's result
 * from the {@link EffectRunner}. Make one with {@link Saga#signal(String, String, boolean, String)}. Rejected if the
 * saga does not wait for that step. It is a command like any other: whoever may send commands may send it, so an
 * application that takes commands from clients it does not trust restricts it with an {@link Interceptor}.
 *
 * @param saga         the saga run's aggregate id ({@link Saga#aggregateId(String)}).
 * @param step         the step's name.
 * @param compensation whether it is the step's compensation that ended.
 * @param ok           whether it succeeded.
 * @param detail       what happened, kept in the saga's history.
 */
public record SagaSignal(String saga, String step, boolean compensation, boolean ok, String detail)
{
}
