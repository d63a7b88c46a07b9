package dev.scribe.engine;

/**
 * One result of a {@link LiveQuery}: the query's value over the projection as it was after every record up to a
 * position was applied.
 *
 * @param value    the query's result.
 * @param position the journal position the projection had applied when the query ran.
 * @param <R>      the result type.
 */
public record LiveResult<R>(R value, long position)
{
}
