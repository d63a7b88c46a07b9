package dev.scribe.codecs.payload;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.UUID;

/**
 * {@code UUID} values: presence byte, then the most and the least significant 64 bits, each little-endian.
 */
final class UuidCodec extends FixedWidthCodec
{
    private static final int LENGTH = 2 * Long.BYTES;

    UuidCodec(final String path)
    {
        super(path, LENGTH, UUID.class);
    }

    @Override
    void writeBoxed(final MutableDirectBuffer buffer, final int offset, final Object value)
    {
        final UUID uuid = (UUID)value;
        buffer.putLong(offset, uuid.getMostSignificantBits(), Wire.ORDER);
        buffer.putLong(offset + Long.BYTES, uuid.getLeastSignificantBits(), Wire.ORDER);
    }

    @Override
    Object readBoxed(final DirectBuffer buffer, final DecodeCursor cursor)
    {
        final int at = cursor.claim(LENGTH, path());
        return new UUID(buffer.getLong(at, Wire.ORDER), buffer.getLong(at + Long.BYTES, Wire.ORDER));
    }
}
