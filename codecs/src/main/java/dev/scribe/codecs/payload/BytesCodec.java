package dev.scribe.codecs.payload;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * {@code byte[]} values: int32 length (-1 for null), then the bytes.
 */
final class BytesCodec extends FieldCodec
{
    BytesCodec(final String path)
    {
        super(path);
    }

    @Override
    int minLength()
    {
        return Integer.BYTES;
    }

    @Override
    int encode(final Object value, final MutableDirectBuffer buffer, final int offset)
    {
        if (null == value)
        {
            return Wire.putNullLength(buffer, offset, path());
        }
        if (!(value instanceof byte[]))
        {
            throw FieldException.wrongType(path(), offset, byte[].class, value);
        }
        final byte[] bytes = (byte[])value;
        Wire.ensure(buffer, offset, (long)Integer.BYTES + bytes.length, path());
        buffer.putInt(offset, bytes.length, Wire.ORDER);
        buffer.putBytes(offset + Integer.BYTES, bytes);
        return offset + Integer.BYTES + bytes.length;
    }

    @Override
    Object decode(final DirectBuffer buffer, final DecodeCursor cursor)
    {
        final int length = cursor.lengthPrefix(buffer, path());
        if (Wire.NULL_LENGTH == length)
        {
            return null;
        }
        final byte[] bytes = new byte[length];
        buffer.getBytes(cursor.claim(length, path()), bytes);
        return bytes;
    }
}
