package dev.scribe.engine;

/**
 * The command a saga's timeout timer sends it.
 *
 * @param saga the saga run's aggregate id.
 */
public record SagaTimeout(String saga)
{
}
