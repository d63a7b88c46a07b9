package dev.scribe.codecs.payload;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * {@code long} components and {@code Long} values: 8 bytes little-endian.
 * A boxed value is preceded by a presence byte.
 */
final class LongCodec extends FieldCodec
{
    private static final int LENGTH = Long.BYTES;
    private static final MethodHandle DECODE_PRIMITIVE = Handles.virtual(
        MethodHandles.lookup(), LongCodec.class, "decodeLong", long.class);

    private final boolean primitive;

    LongCodec(final String path, final boolean primitive)
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
        if (!(value instanceof Long))
        {
            throw FieldException.wrongType(path(), offset, Long.class, value);
        }
        final int at = Wire.putPresence(buffer, offset, true, LENGTH, path());
        write(buffer, at, (Long)value);
        return at + LENGTH;
    }

    @Override
    Object decode(final DirectBuffer buffer, final DecodeCursor cursor)
    {
        return cursor.present(buffer, path()) ? Long.valueOf(decodeLong(buffer, cursor)) : null;
    }

    long decodeLong(final DirectBuffer buffer, final DecodeCursor cursor)
    {
        final int at = cursor.claim(LENGTH, path());
        return buffer.getLong(at, Wire.ORDER);
    }

    @Override
    MethodHandle componentGetter(final MethodHandle accessor)
    {
        return primitive ?
            accessor.asType(MethodType.methodType(long.class, Object.class)) : super.componentGetter(accessor);
    }

    @Override
    int encodeComponent(
        final MethodHandle getter, final Object record, final MutableDirectBuffer buffer, final int offset)
    {
        if (!primitive)
        {
            return super.encodeComponent(getter, record, buffer, offset);
        }
        final long value;
        try
        {
            value = (long)getter.invokeExact(record);
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

    private static void write(final MutableDirectBuffer buffer, final int offset, final long value)
    {
        buffer.putLong(offset, value, Wire.ORDER);
    }
}
