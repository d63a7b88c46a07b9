package dev.scribe.engine;

import dev.scribe.codecs.MethodBinding;
import dev.scribe.codecs.payload.PayloadCodec;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.function.BiConsumer;

/**
 * How one aggregate class applies one event class: the {@code apply} method bound once as a generated class (a call
 * through it costs what an interface call costs, where a {@link MethodHandle} held in a field is interpreted), and
 * the event's codec, found once.
 */
final class EventApplier
{
    final Class<?> eventType;
    final BiConsumer<Object, Object> apply;
    private PayloadCodec<Object> codec;

    EventApplier(final Class<?> eventType, final BiConsumer<Object, Object> apply)
    {
        this.eventType = eventType;
        this.apply = apply;
    }

    /** The event's codec, looked up the first time and kept: a class's codec does not change once registered. */
    @SuppressWarnings("unchecked")
    PayloadCodec<Object> codec(final Registry registry)
    {
        PayloadCodec<Object> codec = this.codec;
        if (null == codec)
        {
            codec = (PayloadCodec<Object>)registry.codecs().codecFor(eventType);
            this.codec = codec;
        }
        return codec;
    }

    /**
     * Bind an {@code apply} method: as a generated class where the method's class lets the engine define one beside
     * it, else through its method handle.
     *
     * @param method the aggregate's {@code apply(Event)} method, accessible.
     * @param handle the same method as a handle of type {@code (Object, Object)void}.
     * @return the binding.
     */
    @SuppressWarnings("unchecked")
    static BiConsumer<Object, Object> bind(final Method method, final MethodHandle handle)
    {
        final Object bound = MethodBinding.bind(method, BiConsumer.class, "accept",
            MethodType.methodType(void.class, Object.class, Object.class));
        return null != bound ? (BiConsumer<Object, Object>)bound : viaHandle(handle);
    }

    /**
     * Bind an {@code apply} method through its method handle: for a class the engine cannot define a class beside.
     *
     * @param handle the method as a handle of type {@code (Object, Object)void}.
     * @return the binding.
     */
    static BiConsumer<Object, Object> viaHandle(final MethodHandle handle)
    {
        return (aggregate, event) ->
        {
            try
            {
                handle.invokeExact(aggregate, event);
            }
            catch (final Throwable t)
            {
                throw EventApplier.<RuntimeException>rethrow(t);
            }
        };
    }

    /** Throw any throwable as it is: what an {@code apply} method throws reaches the engine's handler unchanged. */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T rethrow(final Throwable t) throws T
    {
        throw (T)t;
    }
}
