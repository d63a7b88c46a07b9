package dev.scribe.codecs.payload;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.util.function.ToLongFunction;

/**
 * {@code long} components and {@code Long} values: 8 bytes little-endian.
 * A boxed value is preceded by a presence byte.
 */
final class LongCodec extends PrimitiveCodec
{
    private static final MethodHandle DECODE_PRIMITIVE = Handles.virtual(
        MethodHandles.lookup(), LongCodec.class, "decodeLong", long.class);
    private static final MethodHandle ENCODE_PRIMITIVE = Handles.writer(
        MethodHandles.lookup(), LongCodec.class, "encodeLong", long.class);

    LongCodec(final String path, final boolean primitive)
    {
        super(path, primitive, Long.BYTES, Long.class, long.class, DECODE_PRIMITIVE, ENCODE_PRIMITIVE);
    }

    @Override
    void writeBoxed(final MutableDirectBuffer buffer, final int offset, final Object value)
    {
        write(buffer, offset, (Long)value);
    }

    @Override
    Object readBoxed(final DirectBuffer buffer, final DecodeCursor cursor)
    {
        return Long.valueOf(decodeLong(buffer, cursor));
    }

    long decodeLong(final DirectBuffer buffer, final DecodeCursor cursor)
    {
        final int at = cursor.claim(Long.BYTES, path());
        return buffer.getLong(at, Wire.ORDER);
    }

    @Override
    Object bindPrimitive(final Method accessor, final MethodHandle adapted)
    {
        final Object bound = Accessors.toLong(accessor);
        return null != bound ? bound : adapted;
    }

    @Override
    @SuppressWarnings("unchecked")
    void encodePrimitive(
        final Object getter, final Object record, final MutableDirectBuffer buffer, final int offset)
    {
        final long value;
        try
        {
            value = getter instanceof ToLongFunction ?
                ((ToLongFunction<Object>)getter).applyAsLong(record) : (long)((MethodHandle)getter).invokeExact(record);
        }
        catch (final Throwable t)
        {
            throw accessorFailed(offset, t);
        }
        write(buffer, offset, value);
    }

    /**
     * Write a {@code long} component: the primitive writer in the record's encoding chain.
     *
     * @return the offset after the value.
     */
    int encodeLong(final long value, final MutableDirectBuffer buffer, final int offset)
    {
        write(buffer, room(buffer, offset), value);
        return offset + Long.BYTES;
    }

    private static void write(final MutableDirectBuffer buffer, final int offset, final long value)
    {
        buffer.putLong(offset, value, Wire.ORDER);
    }
}
