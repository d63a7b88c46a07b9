package dev.scribe.codecs.payload;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.time.Instant;

/**
 * {@code Instant} values: presence byte, then seconds since the epoch (int64) and nanoseconds of the second
 * (int32), little-endian. Decoding rejects values outside {@link Instant#MIN}..{@link Instant#MAX}.
 */
final class InstantCodec extends FixedWidthCodec
{
    private static final int LENGTH = Long.BYTES + Integer.BYTES;
    private static final int NANOS_PER_SECOND = 1_000_000_000;

    InstantCodec(final String path)
    {
        super(path, LENGTH, Instant.class);
    }

    @Override
    void writeBoxed(final MutableDirectBuffer buffer, final int offset, final Object value)
    {
        final Instant instant = (Instant)value;
        buffer.putLong(offset, instant.getEpochSecond(), Wire.ORDER);
        buffer.putInt(offset + Long.BYTES, instant.getNano(), Wire.ORDER);
    }

    @Override
    Object readBoxed(final DirectBuffer buffer, final DecodeCursor cursor)
    {
        final int at = cursor.claim(LENGTH, path());
        final long seconds = buffer.getLong(at, Wire.ORDER);
        final int nanos = buffer.getInt(at + Long.BYTES, Wire.ORDER);
        if (seconds < Instant.MIN.getEpochSecond() || seconds > Instant.MAX.getEpochSecond())
        {
            throw new FieldException(path(), at, "epoch second out of range: " + seconds);
        }
        if (nanos < 0 || nanos >= NANOS_PER_SECOND)
        {
            throw new FieldException(path(), at + Long.BYTES, "nanosecond out of range: " + nanos);
        }
        return Instant.ofEpochSecond(seconds, nanos);
    }
}
