package dev.scribe.codecs.payload;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;

/**
 * {@code boolean} components and {@code Boolean} values: one byte, 0 for false and 1 for true.
 * A boxed value is preceded by a presence byte.
 */
final class BooleanCodec extends PrimitiveCodec
{
    private static final MethodHandle DECODE_PRIMITIVE = Handles.virtual(
        MethodHandles.lookup(), BooleanCodec.class, "decodeBoolean", boolean.class);
    private static final MethodHandle ENCODE_PRIMITIVE = Handles.writer(
        MethodHandles.lookup(), BooleanCodec.class, "encodeBoolean", boolean.class);

    BooleanCodec(final String path, final boolean primitive)
    {
        super(path, primitive, 1, Boolean.class, boolean.class, DECODE_PRIMITIVE, ENCODE_PRIMITIVE);
    }

    @Override
    void writeBoxed(final MutableDirectBuffer buffer, final int offset, final Object value)
    {
        write(buffer, offset, (Boolean)value);
    }

    @Override
    Object readBoxed(final DirectBuffer buffer, final DecodeCursor cursor)
    {
        return Boolean.valueOf(decodeBoolean(buffer, cursor));
    }

    boolean decodeBoolean(final DirectBuffer buffer, final DecodeCursor cursor)
    {
        final int at = cursor.claim(1, path());
        final byte value = buffer.getByte(at);
        if (value != 0 && value != 1)
        {
            throw new FieldException(path(), at, "boolean must be 0 or 1 but was " + value);
        }
        return value == 1;
    }

    @Override
    void encodePrimitive(
        final Object getter, final Object record, final MutableDirectBuffer buffer, final int offset)
    {
        final boolean value;
        try
        {
            value = (boolean)((MethodHandle)getter).invokeExact(record);
        }
        catch (final Throwable t)
        {
            throw accessorFailed(offset, t);
        }
        write(buffer, offset, value);
    }

    /**
     * Write a {@code boolean} component: the primitive writer in the record's encoding chain.
     *
     * @return the offset after the value.
     */
    int encodeBoolean(final boolean value, final MutableDirectBuffer buffer, final int offset)
    {
        write(buffer, room(buffer, offset), value);
        return offset + 1;
    }

    private static void write(final MutableDirectBuffer buffer, final int offset, final boolean value)
    {
        buffer.putByte(offset, value ? (byte)1 : (byte)0);
    }
}
