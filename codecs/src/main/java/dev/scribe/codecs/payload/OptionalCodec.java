package dev.scribe.codecs.payload;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.Optional;

/**
 * {@code Optional} values: one tag byte, 0 for a null reference, 1 for {@link Optional#empty()}, 2 for a present
 * value, which then follows in the encoding of its type (never null).
 */
final class OptionalCodec extends FieldCodec
{
    static final byte NULL = 0;
    static final byte EMPTY = 1;
    static final byte PRESENT = 2;

    private final FieldCodec content;

    OptionalCodec(final String path, final FieldCodec content)
    {
        super(path);
        this.content = content;
    }

    @Override
    int minLength()
    {
        return 1;
    }

    @Override
    int encode(final Object value, final MutableDirectBuffer buffer, final int offset)
    {
        Wire.ensure(buffer, offset, 1, path());
        if (null == value)
        {
            buffer.putByte(offset, NULL);
            return offset + 1;
        }
        if (!(value instanceof Optional))
        {
            throw FieldException.wrongType(path(), offset, Optional.class, value);
        }
        final Optional<?> optional = (Optional<?>)value;
        if (optional.isEmpty())
        {
            buffer.putByte(offset, EMPTY);
            return offset + 1;
        }
        buffer.putByte(offset, PRESENT);
        return content.encode(optional.get(), buffer, offset + 1);
    }

    @Override
    Object decode(final DirectBuffer buffer, final DecodeCursor cursor)
    {
        final int at = cursor.claim(1, path());
        final byte tag = buffer.getByte(at);
        if (PRESENT == tag)
        {
            final Object value = content.decode(buffer, cursor);
            if (null == value)
            {
                throw new FieldException(path(), at + 1, "present optional holds null");
            }
            return Optional.of(value);
        }
        if (EMPTY == tag)
        {
            return Optional.empty();
        }
        if (NULL == tag)
        {
            return null;
        }
        throw new FieldException(path(), at, "optional tag must be 0, 1 or 2 but was " + tag);
    }
}
