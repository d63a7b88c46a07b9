package dev.scribe.codecs.payload;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Method handle look-ups done once when a codec class is loaded.
 */
final class Handles
{
    private Handles()
    {
    }

    /**
     * A virtual decode method {@code returnType name(DirectBuffer, DecodeCursor)} of a codec class.
     */
    static MethodHandle virtual(
        final MethodHandles.Lookup lookup, final Class<?> owner, final String name, final Class<?> returnType)
    {
        try
        {
            return lookup.findVirtual(
                owner, name, MethodType.methodType(returnType, DirectBuffer.class, DecodeCursor.class));
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new IllegalStateException("cannot find " + owner.getName() + "." + name, ex);
        }
    }

    /**
     * A virtual encode method {@code int name(valueType, MutableDirectBuffer, int)} of a codec class, returning the
     * offset after what it wrote.
     */
    static MethodHandle writer(
        final MethodHandles.Lookup lookup, final Class<?> owner, final String name, final Class<?> valueType)
    {
        try
        {
            return lookup.findVirtual(
                owner, name, MethodType.methodType(int.class, valueType, MutableDirectBuffer.class, int.class));
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new IllegalStateException("cannot find " + owner.getName() + "." + name, ex);
        }
    }
}
