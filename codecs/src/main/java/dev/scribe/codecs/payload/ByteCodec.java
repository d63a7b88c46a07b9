package dev.scribe.codecs.payload;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;

/**
 * {@code byte} components and {@code Byte} values: one byte.
 * A boxed value is preceded by a presence byte.
 */
final class ByteCodec extends PrimitiveCodec
{
    private static final MethodHandle DECODE_PRIMITIVE = Handles.virtual(
        MethodHandles.lookup(), ByteCodec.class, "decodeByte", byte.class);
    private static final MethodHandle ENCODE_PRIMITIVE = Handles.writer(
        MethodHandles.lookup(), ByteCodec.class, "encodeByte", byte.class);

    ByteCodec(final String path, final boolean primitive)
    {
        super(path, primitive, Byte.BYTES, Byte.class, byte.class, DECODE_PRIMITIVE, ENCODE_PRIMITIVE);
    }

    @Override
    void writeBoxed(final MutableDirectBuffer buffer, final int offset, final Object value)
    {
        write(buffer, offset, (Byte)value);
    }

    @Override
    Object readBoxed(final DirectBuffer buffer, final DecodeCursor cursor)
    {
        return Byte.valueOf(decodeByte(buffer, cursor));
    }

    byte decodeByte(final DirectBuffer buffer, final DecodeCursor cursor)
    {
        final int at = cursor.claim(Byte.BYTES, path());
        return buffer.getByte(at);
    }

    @Override
    void encodePrimitive(
        final Object getter, final Object record, final MutableDirectBuffer buffer, final int offset)
    {
        final byte value;
        try
        {
            value = (byte)((MethodHandle)getter).invokeExact(record);
        }
        catch (final Throwable t)
        {
            throw accessorFailed(offset, t);
        }
        write(buffer, offset, value);
    }

    /**
     * Write a {@code byte} component: the primitive writer in the record's encoding chain.
     *
     * @return the offset after the value.
     */
    int encodeByte(final byte value, final MutableDirectBuffer buffer, final int offset)
    {
        write(buffer, room(buffer, offset), value);
        return offset + Byte.BYTES;
    }

    private static void write(final MutableDirectBuffer buffer, final int offset, final byte value)
    {
        buffer.putByte(offset, value);
    }
}
