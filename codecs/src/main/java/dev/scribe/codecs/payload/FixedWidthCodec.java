package dev.scribe.codecs.payload;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A value of fixed width behind a presence byte: boxed primitives, {@code UUID}, {@code Instant}. Subclasses say
 * how the value itself is written and read.
 */
abstract class FixedWidthCodec extends FieldCodec
{
    private final int length;
    private final Class<?> type;

    FixedWidthCodec(final String path, final int length, final Class<?> type)
    {
        super(path);
        this.length = length;
        this.type = type;
    }

    /** Bytes of the value, without its presence byte. */
    final int length()
    {
        return length;
    }

    @Override
    int minLength()
    {
        return 1;
    }

    @Override
    final int encode(final Object value, final MutableDirectBuffer buffer, final int offset)
    {
        if (null == value)
        {
            return Wire.putPresence(buffer, offset, false, length, path());
        }
        if (!type.isInstance(value))
        {
            throw FieldException.wrongType(path(), offset, type, value);
        }
        final int at = Wire.putPresence(buffer, offset, true, length, path());
        writeBoxed(buffer, at, value);
        return at + length;
    }

    @Override
    final Object decode(final DirectBuffer buffer, final DecodeCursor cursor)
    {
        return cursor.present(buffer, path()) ? readBoxed(buffer, cursor) : null;
    }

    /**
     * Write a value of this codec's type, already checked, at {@code offset}; room is ensured.
     */
    abstract void writeBoxed(MutableDirectBuffer buffer, int offset, Object value);

    /**
     * Read a present value at the cursor.
     */
    abstract Object readBoxed(DirectBuffer buffer, DecodeCursor cursor);
}
