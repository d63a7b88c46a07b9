package dev.scribe.codecs.payload;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;

/**
 * {@code float} components and {@code Float} values: raw IEEE 754 bits, 4 bytes little-endian, NaN payloads kept.
 * A boxed value is preceded by a presence byte.
 */
final class FloatCodec extends PrimitiveCodec
{
    private static final MethodHandle DECODE_PRIMITIVE = Handles.virtual(
        MethodHandles.lookup(), FloatCodec.class, "decodeFloat", float.class);
    private static final MethodHandle ENCODE_PRIMITIVE = Handles.writer(
        MethodHandles.lookup(), FloatCodec.class, "encodeFloat", float.class);

    FloatCodec(final String path, final boolean primitive)
    {
        super(path, primitive, Float.BYTES, Float.class, float.class, DECODE_PRIMITIVE, ENCODE_PRIMITIVE);
    }

    @Override
    void writeBoxed(final MutableDirectBuffer buffer, final int offset, final Object value)
    {
        write(buffer, offset, (Float)value);
    }

    @Override
    Object readBoxed(final DirectBuffer buffer, final DecodeCursor cursor)
    {
        return Float.valueOf(decodeFloat(buffer, cursor));
    }

    float decodeFloat(final DirectBuffer buffer, final DecodeCursor cursor)
    {
        final int at = cursor.claim(Float.BYTES, path());
        return Float.intBitsToFloat(buffer.getInt(at, Wire.ORDER));
    }

    @Override
    void encodePrimitive(
        final Object getter, final Object record, final MutableDirectBuffer buffer, final int offset)
    {
        final float value;
        try
        {
            value = (float)((MethodHandle)getter).invokeExact(record);
        }
        catch (final Throwable t)
        {
            throw accessorFailed(offset, t);
        }
        write(buffer, offset, value);
    }

    /**
     * Write a {@code float} component: the primitive writer in the record's encoding chain.
     *
     * @return the offset after the value.
     */
    int encodeFloat(final float value, final MutableDirectBuffer buffer, final int offset)
    {
        write(buffer, room(buffer, offset), value);
        return offset + Float.BYTES;
    }

    private static void write(final MutableDirectBuffer buffer, final int offset, final float value)
    {
        buffer.putInt(offset, Float.floatToRawIntBits(value), Wire.ORDER);
    }
}
