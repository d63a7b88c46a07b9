package dev.scribe.codecs.payload;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * {@code short} components and {@code Short} values: 2 bytes little-endian.
 * A boxed value is preceded by a presence byte.
 */
final class ShortCodec extends FieldCodec
{
    private static final int LENGTH = Short.BYTES;
    private static final MethodHandle DECODE_PRIMITIVE = Handles.virtual(
        MethodHandles.lookup(), ShortCodec.class, "decodeShort", short.class);

    private final boolean primitive;

    ShortCodec(final String path, final boolean primitive)
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
        if (!(value instanceof Short))
        {
            throw FieldException.wrongType(path(), offset, Short.class, value);
        }
        final int at = Wire.putPresence(buffer, offset, true, LENGTH, path());
        write(buffer, at, (Short)value);
        return at + LENGTH;
    }

    @Override
    Object decode(final DirectBuffer buffer, final DecodeCursor cursor)
    {
        return cursor.present(buffer, path()) ? Short.valueOf(decodeShort(buffer, cursor)) : null;
    }

    short decodeShort(final DirectBuffer buffer, final DecodeCursor cursor)
    {
        final int at = cursor.claim(LENGTH, path());
        return buffer.getShort(at, Wire.ORDER);
    }

    @Override
    MethodHandle componentGetter(final MethodHandle accessor)
    {
        return primitive ?
            accessor.asType(MethodType.methodType(short.class, Object.class)) : super.componentGetter(accessor);
    }

    @Override
    int encodeComponent(
        final MethodHandle getter, final Object record, final MutableDirectBuffer buffer, final int offset)
    {
        if (!primitive)
        {
            return super.encodeComponent(getter, record, buffer, offset);
        }
        final short value;
        try
        {
            value = (short)getter.invokeExact(record);
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

    private static void write(final MutableDirectBuffer buffer, final int offset, final short value)
    {
        buffer.putShort(offset, value, Wire.ORDER);
    }
}
