package dev.scribe.codecs.payload;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * {@code boolean} components and {@code Boolean} values: one byte, 0 for false and 1 for true.
 * A boxed value is preceded by a presence byte.
 */
final class BooleanCodec extends FieldCodec
{
    private static final int LENGTH = 1;
    private static final MethodHandle DECODE_PRIMITIVE = Handles.virtual(
        MethodHandles.lookup(), BooleanCodec.class, "decodeBoolean", boolean.class);

    private final boolean primitive;

    BooleanCodec(final String path, final boolean primitive)
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
        if (!(value instanceof Boolean))
        {
            throw FieldException.wrongType(path(), offset, Boolean.class, value);
        }
        final int at = Wire.putPresence(buffer, offset, true, LENGTH, path());
        write(buffer, at, (Boolean)value);
        return at + LENGTH;
    }

    @Override
    Object decode(final DirectBuffer buffer, final DecodeCursor cursor)
    {
        return cursor.present(buffer, path()) ? Boolean.valueOf(decodeBoolean(buffer, cursor)) : null;
    }

    boolean decodeBoolean(final DirectBuffer buffer, final DecodeCursor cursor)
    {
        final int at = cursor.claim(LENGTH, path());
        final byte value = buffer.getByte(at);
        if (value != 0 && value != 1)
        {
            throw new FieldException(path(), at, "boolean must be 0 or 1 but was " + value);
        }
        return value == 1;
    }

    @Override
    MethodHandle componentGetter(final MethodHandle accessor)
    {
        return primitive ?
            accessor.asType(MethodType.methodType(boolean.class, Object.class)) : super.componentGetter(accessor);
    }

    @Override
    int encodeComponent(
        final MethodHandle getter, final Object record, final MutableDirectBuffer buffer, final int offset)
    {
        if (!primitive)
        {
            return super.encodeComponent(getter, record, buffer, offset);
        }
        final boolean value;
        try
        {
            value = (boolean)getter.invokeExact(record);
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

    private static void write(final MutableDirectBuffer buffer, final int offset, final boolean value)
    {
        buffer.putByte(offset, value ? (byte)1 : (byte)0);
    }
}
