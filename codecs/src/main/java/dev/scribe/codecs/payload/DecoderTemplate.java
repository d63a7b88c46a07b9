package dev.scribe.codecs.payload;

import org.agrona.DirectBuffer;

import java.lang.constant.ConstantDescs;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;

/**
 * The class {@link ConstantHandles} defines once per record type as a hidden class, from this class's own bytes, with
 * the type's decoding method handle as its class data: held in a {@code static final} field, the handle is a constant
 * to the JIT, which compiles the whole chain of component readers and the constructor into {@link #decode}. Never
 * loaded under its own name.
 */
final class DecoderTemplate implements ComponentsDecoder
{
    private static final MethodHandle DECODER = classData();

    private static MethodHandle classData()
    {
        try
        {
            return MethodHandles.classData(MethodHandles.lookup(), ConstantDescs.DEFAULT_NAME, MethodHandle.class);
        }
        catch (final IllegalAccessException ex)
        {
            throw new IllegalStateException("the decoder's class data cannot be read", ex);
        }
    }

    @Override
    public Object decode(final DirectBuffer buffer, final DecodeCursor cursor) throws Throwable
    {
        return (Object)DECODER.invokeExact(buffer, cursor);
    }
}
