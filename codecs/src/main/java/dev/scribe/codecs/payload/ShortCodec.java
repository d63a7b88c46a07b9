package dev.scribe.codecs.payload;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;

/**
 * {@code short} components and {@code Short} values: 2 bytes little-endian.
 * A boxed value is preceded by a presence byte.
 */
final class ShortCodec extends PrimitiveCodec
{
    private static final MethodHandle DECODE_PRIMITIVE = Handles.virtual(
        MethodHandles.lookup(), ShortCodec.class, "decodeShort", short.class);
    private static final MethodHandle ENCODE_PRIMITIVE = Handles.writer(
        MethodHandles.lookup(), ShortCodec.class, "encodeShort", short.class);

    ShortCodec(final String path, final boolean primitive)
    {
        super(path, primitive, Short.BYTES, Short.class, short.class, DECODE_PRIMITIVE, ENCODE_PRIMITIVE);
    }

    @Override
    void writeBoxed(final MutableDirectBuffer buffer, final int offset, final Object value)
    {
        write(buffer, offset, (Short)value);
    }

    @Override
    Object readBoxed(final DirectBuffer buffer, final DecodeCursor cursor)
    {
        return Short.valueOf(decodeShort(buffer, cursor));
    }

    short decodeShort(final DirectBuffer buffer, final DecodeCursor cursor)
    {
        final int at = cursor.claim(Short.BYTES, path());
        return buffer.getShort(at, Wire.ORDER);
    }

    @Override
    void encodePrimitive(
        final Object getter, final Object record, final MutableDirectBuffer buffer, final int offset)
    {
        final short value;
        try
        {
            value = (short)((MethodHandle)getter).invokeExact(record);
        }
        catch (final Throwable t)
        {
            throw accessorFailed(offset, t);
        }
        write(buffer, offset, value);
    }

    /**
     * Write a {@code short} component: the primitive writer in the record's encoding chain.
     *
     * @return the offset after the value.
     */
    int encodeShort(final short value, final MutableDirectBuffer buffer, final int offset)
    {
        write(buffer, room(buffer, offset), value);
        return offset + Short.BYTES;
    }

    private static void write(final MutableDirectBuffer buffer, final int offset, final short value)
    {
        buffer.putShort(offset, value, Wire.ORDER);
    }
}
