package dev.scribe.codecs.payload;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.util.function.ToIntFunction;

/**
 * {@code int} components and {@code Integer} values: 4 bytes little-endian.
 * A boxed value is preceded by a presence byte.
 */
final class IntCodec extends PrimitiveCodec
{
    private static final MethodHandle DECODE_PRIMITIVE = Handles.virtual(
        MethodHandles.lookup(), IntCodec.class, "decodeInt", int.class);
    private static final MethodHandle ENCODE_PRIMITIVE = Handles.writer(
        MethodHandles.lookup(), IntCodec.class, "encodeInt", int.class);

    IntCodec(final String path, final boolean primitive)
    {
        super(path, primitive, Integer.BYTES, Integer.class, int.class, DECODE_PRIMITIVE, ENCODE_PRIMITIVE);
    }

    @Override
    void writeBoxed(final MutableDirectBuffer buffer, final int offset, final Object value)
    {
        write(buffer, offset, (Integer)value);
    }

    @Override
    Object readBoxed(final DirectBuffer buffer, final DecodeCursor cursor)
    {
        return Integer.valueOf(decodeInt(buffer, cursor));
    }

    int decodeInt(final DirectBuffer buffer, final DecodeCursor cursor)
    {
        final int at = cursor.claim(Integer.BYTES, path());
        return buffer.getInt(at, Wire.ORDER);
    }

    @Override
    Object bindPrimitive(final Method accessor, final MethodHandle adapted)
    {
        final Object bound = Accessors.toInt(accessor);
        return null != bound ? bound : adapted;
    }

    @Override
    @SuppressWarnings("unchecked")
    void encodePrimitive(
        final Object getter, final Object record, final MutableDirectBuffer buffer, final int offset)
    {
        final int value;
        try
        {
            value = getter instanceof ToIntFunction ?
                ((ToIntFunction<Object>)getter).applyAsInt(record) : (int)((MethodHandle)getter).invokeExact(record);
        }
        catch (final Throwable t)
        {
            throw accessorFailed(offset, t);
        }
        write(buffer, offset, value);
    }

    /**
     * Write a {@code int} component: the primitive writer in the record's encoding chain.
     *
     * @return the offset after the value.
     */
    int encodeInt(final int value, final MutableDirectBuffer buffer, final int offset)
    {
        write(buffer, room(buffer, offset), value);
        return offset + Integer.BYTES;
    }

    private static void write(final MutableDirectBuffer buffer, final int offset, final int value)
    {
        buffer.putInt(offset, value, Wire.ORDER);
    }
}
