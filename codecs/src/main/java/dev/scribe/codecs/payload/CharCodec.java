package dev.scribe.codecs.payload;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * {@code char} components and {@code Character} values: 2 bytes little-endian (a UTF-16 code unit).
 * A boxed value is preceded by a presence byte.
 */
final class CharCodec extends FieldCodec
{
    private static final int LENGTH = Character.BYTES;
    private static final MethodHandle DECODE_PRIMITIVE = Handles.virtual(
        MethodHandles.lookup(), CharCodec.class, "decodeChar", char.class);

    private final boolean primitive;

    CharCodec(final String path, final boolean primitive)
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
        if (!(value instanceof Character))
        {
            throw FieldException.wrongType(path(), offset, Character.class, value);
        }
        final int at = Wire.putPresence(buffer, offset, true, LENGTH, path());
        write(buffer, at, (Character)value);
        return at + LENGTH;
    }

    @Override
    Object decode(final DirectBuffer buffer, final DecodeCursor cursor)
    {
        return cursor.present(buffer, path()) ? Character.valueOf(decodeChar(buffer, cursor)) : null;
    }

    char decodeChar(final DirectBuffer buffer, final DecodeCursor cursor)
    {
        final int at = cursor.claim(LENGTH, path());
        return buffer.getChar(at, Wire.ORDER);
    }

    @Override
    MethodHandle componentGetter(final MethodHandle accessor)
    {
        return primitive ?
            accessor.asType(MethodType.methodType(char.class, Object.class)) : super.componentGetter(accessor);
    }

    @Override
    int encodeComponent(
        final MethodHandle getter, final Object record, final MutableDirectBuffer buffer, final int offset)
    {
        if (!primitive)
        {
            return super.encodeComponent(getter, record, buffer, offset);
        }
        final char value;
        try
        {
            value = (char)getter.invokeExact(record);
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

    private static void write(final MutableDirectBuffer buffer, final int offset, final char value)
    {
        buffer.putChar(offset, value, Wire.ORDER);
    }
}
