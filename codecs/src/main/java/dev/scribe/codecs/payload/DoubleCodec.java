package dev.scribe.codecs.payload;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.util.function.ToDoubleFunction;

/**
 * {@code double} components and {@code Double} values: raw IEEE 754 bits, 8 bytes little-endian, NaN payloads kept.
 * A boxed value is preceded by a presence byte.
 */
final class DoubleCodec extends PrimitiveCodec
{
    private static final MethodHandle DECODE_PRIMITIVE = Handles.virtual(
        MethodHandles.lookup(), DoubleCodec.class, "decodeDouble", double.class);
    private static final MethodHandle ENCODE_PRIMITIVE = Handles.writer(
        MethodHandles.lookup(), DoubleCodec.class, "encodeDouble", double.class);

    DoubleCodec(final String path, final boolean primitive)
    {
        super(path, primitive, Double.BYTES, Double.class, double.class, DECODE_PRIMITIVE, ENCODE_PRIMITIVE);
    }

    @Override
    void writeBoxed(final MutableDirectBuffer buffer, final int offset, final Object value)
    {
        write(buffer, offset, (Double)value);
    }

    @Override
    Object readBoxed(final DirectBuffer buffer, final DecodeCursor cursor)
    {
        return Double.valueOf(decodeDouble(buffer, cursor));
    }

    double decodeDouble(final DirectBuffer buffer, final DecodeCursor cursor)
    {
        final int at = cursor.claim(Double.BYTES, path());
        return Double.longBitsToDouble(buffer.getLong(at, Wire.ORDER));
    }

    @Override
    Object bindPrimitive(final Method accessor, final MethodHandle adapted)
    {
        final Object bound = Accessors.toDouble(accessor);
        return null != bound ? bound : adapted;
    }

    @Override
    @SuppressWarnings("unchecked")
    void encodePrimitive(
        final Object getter, final Object record, final MutableDirectBuffer buffer, final int offset)
    {
        final double value;
        try
        {
            value = getter instanceof ToDoubleFunction ? ((ToDoubleFunction<Object>)getter).applyAsDouble(record) :
                (double)((MethodHandle)getter).invokeExact(record);
        }
        catch (final Throwable t)
        {
            throw accessorFailed(offset, t);
        }
        write(buffer, offset, value);
    }

    /**
     * Write a {@code double} component: the primitive writer in the record's encoding chain.
     *
     * @return the offset after the value.
     */
    int encodeDouble(final double value, final MutableDirectBuffer buffer, final int offset)
    {
        write(buffer, room(buffer, offset), value);
        return offset + Double.BYTES;
    }

    private static void write(final MutableDirectBuffer buffer, final int offset, final double value)
    {
        buffer.putLong(offset, Double.doubleToRawLongBits(value), Wire.ORDER);
    }
}
