package dev.scribe.codecs.payload;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Runs a record's decoding method handle through a hidden class made for it from {@link DecoderTemplate}, where the
 * handle is a constant the JIT can compile inline; invoked from a field instead, a handle is called through its
 * lambda forms each time. If the hidden class cannot be made (the template's bytes cannot be read or defined), the
 * handle is invoked from a field: slower, the same results.
 */
final class ConstantDecoders
{
    private static final byte[] TEMPLATE = templateBytes();

    private ConstantDecoders()
    {
    }

    /**
     * A decoder running a handle.
     *
     * @param handle of type {@code (DirectBuffer, DecodeCursor) -> Object}.
     * @return the decoder.
     */
    static ComponentsDecoder of(final MethodHandle handle)
    {
        if (null != TEMPLATE)
        {
            try
            {
                final MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClassWithClassData(TEMPLATE,
                    handle, true);
                return (ComponentsDecoder)hidden.findConstructor(hidden.lookupClass(),
                    MethodType.methodType(void.class)).invoke();
            }
            catch (final VirtualMachineError error)
            {
                throw error;
            }
            catch (final Throwable t)
            {
                return viaField(handle); // the class could not be made or linked: the slower way, same results
            }
        }
        return viaField(handle);
    }

    private static ComponentsDecoder viaField(final MethodHandle handle)
    {
        return (buffer, cursor) -> (Object)handle.invokeExact(buffer, cursor);
    }

    private static byte[] templateBytes()
    {
        try (InputStream in = ConstantDecoders.class.getResourceAsStream("DecoderTemplate.class"))
        {
            return null == in ? null : in.readAllBytes();
        }
        catch (final IOException ex)
        {
            return null;
        }
    }
}
