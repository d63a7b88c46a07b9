package dev.scribe.codecs.payload;

import org.agrona.MutableDirectBuffer;

import java.lang.constant.ConstantDescs;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;

/**
 * The class {@link ConstantHandles} defines once per record type as a hidden class, from this class's own bytes, with
 * the type's encoding method handle as its class data: held in a {@code static final} field, the handle is a constant
 * to the JIT, which compiles the accessors and the component writers into {@link #encode}. Never loaded under its own
 * name.
 */
final class EncoderTemplate implements ComponentsEncoder
{
    private static final MethodHandle ENCODER = classData();

    private static MethodHandle classData()
    {
        try
        {
            return MethodHandles.classData(MethodHandles.lookup(), ConstantDescs.DEFAULT_NAME, MethodHandle.class);
        }
        catch (final IllegalAccessException ex)
        {
            throw new IllegalStateException("the encoder's class data cannot be read", ex);
        }
    }

    @Override
    public int encode(final Object record, final MutableDirectBuffer buffer, final int offset) throws Throwable
    {
        return (int)ENCODER.invokeExact(record, buffer, offset);
    }
}
