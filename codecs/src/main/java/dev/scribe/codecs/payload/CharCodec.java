package dev.scribe.codecs.payload;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;

/**
 * {@code char} components and {@code Character} values: 2 bytes little-endian (a UTF-16 code unit).
 * A boxed value is preceded by a presence byte.
 */
final class CharCodec extends PrimitiveCodec
{
    private static final MethodHandle DECODE_PRIMITIVE = Handles.virtual(
        MethodHandles.lookup(), CharCodec.class, "decodeChar", char.class);
    private static final MethodHandle ENCODE_PRIMITIVE = Handles.writer(
        MethodHandles.lookup(), CharCodec.class, "encodeChar", char.class);

    CharCodec(final String path, final boolean primitive)
    {
        super(path, primitive, Character.BYTES, Character.class, char.class, DECODE_PRIMITIVE, ENCODE_PRIMITIVE);
    }

    @Override
    void writeBoxed(final MutableDirectBuffer buffer, final int offset, final Object value)
    {
        write(buffer, offset, (Character)value);
    }

    @Override
    Object readBoxed(final DirectBuffer buffer, final DecodeCursor cursor)
    {
        return Character.valueOf(decodeChar(buffer, cursor));
    }

    char decodeChar(final DirectBuffer buffer, final DecodeCursor cursor)
    {
        final int at = cursor.claim(Character.BYTES, path());
        return buffer.getChar(at, Wire.ORDER);
    }

    @Override
    void encodePrimitive(
        final Object getter, final Object record, final MutableDirectBuffer buffer, final int offset)
    {
        final char value;
        try
        {
            value = (char)((MethodHandle)getter).invokeExact(record);
        }
        catch (final Throwable t)
        {
            throw accessorFailed(offset, t);
        }
        write(buffer, offset, value);
    }

    /**
     * Write a {@code char} component: the primitive writer in the record's encoding chain.
     *
     * @return the offset after the value.
     */
    int encodeChar(final char value, final MutableDirectBuffer buffer, final int offset)
    {
        write(buffer, room(buffer, offset), value);
        return offset + Character.BYTES;
    }

    private static void write(final MutableDirectBuffer buffer, final int offset, final char value)
    {
        buffer.putChar(offset, value, Wire.ORDER);
    }
}
