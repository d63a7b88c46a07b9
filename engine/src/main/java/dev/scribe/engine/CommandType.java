package dev.scribe.engine;

import dev.scribe.codecs.payload.PayloadCodec;
import dev.scribe.codecs.payload.RecordCodec;

import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * A registered command: its aggregate type, how to get the aggregate id from it, and its handler. A binary
 * command also has a type id and the codec that views its bytes in the ring, and a numeric aggregate id.
 */
final class CommandType
{
    final Class<?> commandClass;
    final Class<? extends Aggregate> aggregateClass;
    final Function<Object, String> idOf;
    final CommandHandler<Object, Aggregate> handler;
    final int binaryTypeId;
    final PayloadCodec<Object> codec;
    final ToLongFunction<Object> numericIdOf;
    AggregateType aggregateType;
    /** The record codec timers encode this command with; made the first time a timer carries one. */
    private PayloadCodec<Object> timerCodec;

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
        this.binaryTypeId = -1;
        this.codec = null;
        this.numericIdOf = null;
    }

    @SuppressWarnings("unchecked")
    CommandType(
        final int binaryTypeId,
        final PayloadCodec<?> codec,
        final Class<? extends Aggregate> aggregateClass,
        final ToLongFunction<?> numericIdOf,
        final CommandHandler<?, ?> handler)
    {
        this.commandClass = codec.type();
        this.aggregateClass = aggregateClass;
        this.idOf = null;
        this.handler = (CommandHandler<Object, Aggregate>)handler;
        this.binaryTypeId = binaryTypeId;
        this.codec = (PayloadCodec<Object>)codec;
        this.numericIdOf = (ToLongFunction<Object>)numericIdOf;
    }

    boolean binary()
    {
        return null != codec;
    }

    /**
     * The codec a timer carrying this command encodes it with: the command's record codec, made the first time.
     * Business-logic thread only.
     *
     * @throws IllegalArgumentException if the command is binary or not a record.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    PayloadCodec<Object> timerCodec()
    {
        if (null == timerCodec)
        {
            if (binary() || !commandClass.isRecord())
            {
                throw new IllegalArgumentException("a timer cannot carry command " + commandClass.getName() +
                    ": timers carry commands that are records sent with Engine.send");
            }
            timerCodec = (PayloadCodec)RecordCodec.of((Class)commandClass, 0, 1);
        }
        return timerCodec;
    }
}
