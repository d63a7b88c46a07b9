package dev.scribe.codecs.payload;

import dev.scribe.codecs.MethodBinding;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/**
 * Record accessors bound as generated classes implementing a {@code java.util.function} interface: a call through
 * one costs what an interface call costs, where a {@link MethodHandle} held in an array is not compiled into its
 * caller. Where the record's class does not let the codec define a class beside it (a package not opened to it), the
 * binding is null and the codec keeps the method handle.
 */
final class Accessors
{
    private Accessors()
    {
    }

    /** The accessor as a {@code Function<Object, Object>}, or null. */
    static Object function(final Method accessor)
    {
        return MethodBinding.bind(accessor, Function.class, "apply",
            MethodType.methodType(Object.class, Object.class));
    }

    /** The accessor of a {@code long} component as a {@code ToLongFunction<Object>}, or null. */
    static Object toLong(final Method accessor)
    {
        return MethodBinding.bind(accessor, ToLongFunction.class, "applyAsLong",
            MethodType.methodType(long.class, Object.class));
    }

    /** The accessor of an {@code int} component as a {@code ToIntFunction<Object>}, or null. */
    static Object toInt(final Method accessor)
    {
        return MethodBinding.bind(accessor, ToIntFunction.class, "applyAsInt",
            MethodType.methodType(int.class, Object.class));
    }

    /** The accessor of a {@code double} component as a {@code ToDoubleFunction<Object>}, or null. */
    static Object toDouble(final Method accessor)
    {
        return MethodBinding.bind(accessor, ToDoubleFunction.class, "applyAsDouble",
            MethodType.methodType(double.class, Object.class));
    }
}
