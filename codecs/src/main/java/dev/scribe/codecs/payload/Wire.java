package dev.scribe.codecs.payload;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Shared constants and write helpers of the record wire format.
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

    private Wire()
    {
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
