package dev.scribe.engine;

import java.util.function.Function;

/**
 * A registered command: its aggregate type, how to get the aggregate id from it, and its handler.
 */
final class CommandType
{
    final Class<?> commandClass;
    final Class<? extends Aggregate> aggregateClass;
    final Function<Object, String> idOf;
    final CommandHandler<Object, Aggregate> handler;
    AggregateType aggregateType;

    @SuppressWarnings("unchecked")
    CommandType(
        final Class<?> commandClass,
        final Class<? extends Aggregate> aggregateClass,
        final Function<?, String> idOf,
        final CommandHandler<?, ?> handler)
    {
        this.commandClass = commandClass;
        this.aggregateClass = aggregateClass;
        this.idOf = (Function<Object, String>)idOf;
        this.handler = (CommandHandler<Object, Aggregate>)handler;
    }
}
