package dev.scribe.codecs.payload;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Shared constants and helpers of the payload wire format: byte order, null markers, limits, and the range of a
 * codec's schema version, which the journal stores in 16 bits with each event.
 */
final class Wire
{
    static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    /** Length prefix, or list or map count, of a null value. */
    static final int NULL_LENGTH = -1;

    static final byte ABSENT = 0;
    static final byte PRESENT = 1;

    /** Largest encoding an expandable buffer can hold. */
    static final int MAX_ENCODED_LENGTH = Integer.MAX_VALUE - 8;

    /** Highest schema version: the journal stores an event's version in 16 bits. */
    static final int MAX_VERSION = 0xFFFF;

    private Wire()
    {
    }

    /**
     * Whether a schema version fits the journal's 16 bits.
     */
    static boolean validVersion(final int version)
    {
        return version >= 0 && version <= MAX_VERSION;
    }

    /**
     * The schema version of a codec being made.
     *
     * @throws IllegalArgumentException if it does not fit the journal's 16 bits.
     */
    static int checkVersion(final int version)
    {
        if (!validVersion(version))
        {
            throw new IllegalArgumentException("version must be 0..65535: " + version);
        }
        return version;
    }

    /**
     * Make room for {@code bytes} at {@code offset}: grow an expandable buffer, reject a fixed one that is too small.
     */
    static void ensure(final MutableDirectBuffer buffer, final int offset, final long bytes, final String path)
    {
        final long limit = offset + bytes;
        if (limit > buffer.capacity())
        {
            if (!buffer.isExpandable())
            {
                throw new FieldException(path, offset, "buffer too small: " + bytes + " bytes needed, capacity is " +
                    buffer.capacity());
            }
            if (limit > MAX_ENCODED_LENGTH)
            {
                throw new FieldException(path, offset, "encoding longer than " + MAX_ENCODED_LENGTH + " bytes");
            }
            buffer.checkLimit((int)limit);
        }
    }

    /**
     * Write the presence byte of a value whose encoding follows in {@code valueBytes} bytes, or of a null.
     *
     * @return the offset after the presence byte.
     */
    static int putPresence(
        final MutableDirectBuffer buffer,
        final int offset,
        final boolean present,
        final int valueBytes,
        final String path)
    {
        ensure(buffer, offset, present ? 1L + valueBytes : 1L, path);
        buffer.putByte(offset, present ? PRESENT : ABSENT);
        return offset + 1;
    }

    /**
     * Write a length or count prefix of -1 for a null value.
     *
     * @return the offset after it.
     */
    static int putNullLength(final MutableDirectBuffer buffer, final int offset, final String path)
    {
        ensure(buffer, offset, Integer.BYTES, path);
        buffer.putInt(offset, NULL_LENGTH, ORDER);
        return offset + Integer.BYTES;
    }
}
