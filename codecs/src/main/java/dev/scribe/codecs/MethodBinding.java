package dev.scribe.codecs;

import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;

/**
 * A method bound once as a generated class implementing a functional interface ({@code LambdaMetafactory} in the
 * method's own class's lookup): a call through it costs what an interface call costs, where a {@link MethodHandle}
 * held in a field or an array is not compiled into its caller. Record codecs bind component accessors so, the engine
 * an aggregate's {@code apply} methods.
 */
public final class MethodBinding
{
    private MethodBinding()
    {
    }

    /**
     * Bind a method as an instance of a functional interface.
     *
     * @param method     the method; its class must let this module define a class beside it (a class on the class
     *                   path, or a package opened to it).
     * @param functional the functional interface, public.
     * @param name       the interface's method.
     * @param erased     the interface method's type.
     * @return the instance, or null if the method's class does not allow it (then call through a method handle).
     */
    public static Object bind(final Method method, final Class<?> functional, final String name,
        final MethodType erased)
    {
        if (null == method)
        {
            return null;
        }
        try
        {
            final MethodHandles.Lookup lookup =
                MethodHandles.privateLookupIn(method.getDeclaringClass(), MethodHandles.lookup());
            final MethodHandle target = lookup.unreflect(method);
            return LambdaMetafactory.metafactory(lookup, name, MethodType.methodType(functional), erased, target,
                target.type()).getTarget().invoke();
        }
        catch (final Throwable ex)
        {
            return null;
        }
    }
}
