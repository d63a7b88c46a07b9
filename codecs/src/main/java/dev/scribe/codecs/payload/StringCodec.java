package dev.scribe.codecs.payload;

import dev.scribe.codecs.Utf8;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;

/**
 * {@code String} values: int32 length of the UTF-8 bytes (-1 for null), then the bytes. Encoding rejects unpaired
 * surrogates and decoding rejects malformed UTF-8, so a string always decodes to what was encoded.
 */
final class StringCodec extends FieldCodec
{
    StringCodec(final String path)
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
        if (!(value instanceof String))
        {
            throw FieldException.wrongType(path(), offset, String.class, value);
        }
        final String string = (String)value;
        final long length = Utf8.encodedLength(string);
        if (length < 0)
        {
            throw new FieldException(path(), offset, "unpaired surrogate at index " + (-length - 1));
        }
        Wire.ensure(buffer, offset, Integer.BYTES + length, path());
        buffer.putInt(offset, (int)length, Wire.ORDER);
        Utf8.encode(string, buffer, offset + Integer.BYTES);
        return offset + Integer.BYTES + (int)length;
    }

    @Override
    Object decode(final DirectBuffer buffer, final DecodeCursor cursor)
    {
        final int length = cursor.lengthPrefix(buffer, path());
        if (Wire.NULL_LENGTH == length)
        {
            return null;
        }
        final int at = cursor.claim(length, path());
        final byte[] bytes = cursor.scratch(length);
        buffer.getBytes(at, bytes, 0, length);
        final int malformed = Utf8.firstMalformed(bytes, length);
        if (malformed >= 0)
        {
            throw new FieldException(path(), at + malformed, "malformed UTF-8");
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }
}
