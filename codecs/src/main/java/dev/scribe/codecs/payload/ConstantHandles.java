package dev.scribe.codecs.payload;

import org.agrona.MutableDirectBuffer;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Runs a record's decoding or encoding method handle through a hidden class made for it from a template
 * ({@link DecoderTemplate}, {@link EncoderTemplate}), where the handle is a constant the JIT can compile inline;
 * invoked from a field instead, a handle is called through its lambda forms each time. If the hidden class cannot be
 * made (the template's bytes cannot be read or defined), the handle is invoked from a field: slower, the same
 * results.
 */
final class ConstantHandles
{
    private static final byte[] DECODER_TEMPLATE = templateBytes("DecoderTemplate.class");
    private static final byte[] ENCODER_TEMPLATE = templateBytes("EncoderTemplate.class");

    private ConstantHandles()
    {
    }

    /**
     * A decoder running a handle.
     *
     * @param handle of type {@code (DirectBuffer, DecodeCursor) -> Object}.
     * @return the decoder.
     */
    static ComponentsDecoder decoder(final MethodHandle handle)
    {
        final Object hidden = define(DECODER_TEMPLATE, handle);
        return null != hidden ? (ComponentsDecoder)hidden :
            (buffer, cursor) -> (Object)handle.invokeExact(buffer, cursor);
    }

    /**
     * An encoder running a handle.
     *
     * @param handle of type {@code (Object, MutableDirectBuffer, int) -> int}.
     * @return the encoder.
     */
    static ComponentsEncoder encoder(final MethodHandle handle)
    {
        final Object hidden = define(ENCODER_TEMPLATE, handle);
        return null != hidden ? (ComponentsEncoder)hidden :
            (final Object record, final MutableDirectBuffer buffer, final int offset) ->
                (int)handle.invokeExact(record, buffer, offset);
    }

    private static Object define(final byte[] template, final MethodHandle handle)
    {
        if (null == template)
        {
            return null;
        }
        try
        {
            final MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClassWithClassData(template,
                handle, true);
            return hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class)).invoke();
        }
        catch (final VirtualMachineError error)
        {
            throw error;
        }
        catch (final Throwable t)
        {
            return null; // the class could not be made or linked: the slower way, same results
        }
    }

    private static byte[] templateBytes(final String name)
    {
        try (InputStream in = ConstantHandles.class.getResourceAsStream(name))
        {
            return null == in ? null : in.readAllBytes();
        }
        catch (final IOException ex)
        {
            return null;
        }
    }
}
