package dev.scribe.engine;

/**
 * The command a saga's timeout timer sends it; refused when sent by anything else (a client, another timer).
 *
 * @param saga the saga run's aggregate id.
 */
public record SagaTimeout(String saga)
{
}
