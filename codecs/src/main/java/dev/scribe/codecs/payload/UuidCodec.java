package dev.scribe.codecs.payload;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.UUID;

/**
 * {@code UUID} values: presence byte, then the most and the least significant 64 bits, each little-endian.
 */
final class UuidCodec extends FieldCodec
{
    private static final int LENGTH = 2 * Long.BYTES;

    UuidCodec(final String path)
    {
        super(path);
    }

    @Override
    int minLength()
    {
        return 1;
    }

    @Override
    int encode(final Object value, final MutableDirectBuffer buffer, final int offset)
    {
        if (null == value)
        {
            return Wire.putPresence(buffer, offset, false, LENGTH, path());
        }
        if (!(value instanceof UUID))
        {
            throw FieldException.wrongType(path(), offset, UUID.class, value);
        }
        final UUID uuid = (UUID)value;
        final int at = Wire.putPresence(buffer, offset, true, LENGTH, path());
        buffer.putLong(at, uuid.getMostSignificantBits(), Wire.ORDER);
        buffer.putLong(at + Long.BYTES, uuid.getLeastSignificantBits(), Wire.ORDER);
        return at + LENGTH;
    }

    @Override
    Object decode(final DirectBuffer buffer, final DecodeCursor cursor)
    {
        if (!cursor.present(buffer, path()))
        {
            return null;
        }
        final int at = cursor.claim(LENGTH, path());
        return new UUID(buffer.getLong(at, Wire.ORDER), buffer.getLong(at + Long.BYTES, Wire.ORDER));
    }
}
