package dev.scribe.codecs.payload;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * {@code double} components and {@code Double} values: raw IEEE 754 bits, 8 bytes little-endian, NaN payloads kept.
 * A boxed value is preceded by a presence byte.
 */
final class DoubleCodec extends FieldCodec
{
    private static final int LENGTH = Double.BYTES;
    private static final MethodHandle DECODE_PRIMITIVE = Handles.virtual(
        MethodHandles.lookup(), DoubleCodec.class, "decodeDouble", double.class);

    private final boolean primitive;

    DoubleCodec(final String path, final boolean primitive)
    {
        super(path);
        this.primitive = primitive;
    }

    @Override
    int minLength()
    {
        return primitive ? LENGTH : 1;
    }

    @Override
    int encode(final Object value, final MutableDirectBuffer buffer, final int offset)
    {
        if (null == value)
        {
            return Wire.putPresence(buffer, offset, false, LENGTH, path());
        }
        if (!(value instanceof Double))
        {
            throw FieldException.wrongType(path(), offset, Double.class, value);
        }
        final int at = Wire.putPresence(buffer, offset, true, LENGTH, path());
        write(buffer, at, (Double)value);
        return at + LENGTH;
    }

    @Override
    Object decode(final DirectBuffer buffer, final DecodeCursor cursor)
    {
        return cursor.present(buffer, path()) ? Double.valueOf(decodeDouble(buffer, cursor)) : null;
    }

    double decodeDouble(final DirectBuffer buffer, final DecodeCursor cursor)
    {
        final int at = cursor.claim(LENGTH, path());
        return Double.longBitsToDouble(buffer.getLong(at, Wire.ORDER));
    }

    @Override
    MethodHandle componentGetter(final MethodHandle accessor)
    {
        return primitive ?
            accessor.asType(MethodType.methodType(double.class, Object.class)) : super.componentGetter(accessor);
    }

    @Override
    int encodeComponent(
        final MethodHandle getter, final Object record, final MutableDirectBuffer buffer, final int offset)
    {
        if (!primitive)
        {
            return super.encodeComponent(getter, record, buffer, offset);
        }
        final double value;
        try
        {
            value = (double)getter.invokeExact(record);
        }
        catch (final Throwable t)
        {
            throw accessorFailed(offset, t);
        }
        Wire.ensure(buffer, offset, LENGTH, path());
        write(buffer, offset, value);
        return offset + LENGTH;
    }

    @Override
    MethodHandle componentReader()
    {
        return primitive ? DECODE_PRIMITIVE.bindTo(this) : super.componentReader();
    }

    private static void write(final MutableDirectBuffer buffer, final int offset, final double value)
    {
        buffer.putLong(offset, Double.doubleToRawLongBits(value), Wire.ORDER);
    }
}
