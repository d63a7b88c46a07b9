package dev.scribe.codecs.payload;

import org.agrona.DirectBuffer;

/**
 * Read position and limit of one decode, shared by every field codec of the tree, plus a scratch array for
 * strings and enum names. Every read claims its bytes here first, so nothing is read past the limit and nothing is
 * allocated for a length or count the remaining bytes cannot hold.
 */
final class DecodeCursor
{
    private static final int INITIAL_SCRATCH_LENGTH = 128;
    private static final int MAX_RETAINED_SCRATCH_LENGTH = 64 * 1024;

    private int position;
    private int limit;
    private byte[] scratch = new byte[INITIAL_SCRATCH_LENGTH];

    void reset(final int offset, final int limit)
    {
        this.position = offset;
        this.limit = limit;
    }

    int position()
    {
        return position;
    }

    int remaining()
    {
        return limit - position;
    }

    /**
     * Claim the next {@code bytes} bytes.
     *
     * @return the offset of the claimed bytes.
     */
    int claim(final int bytes, final String path)
    {
        final int at = position;
        if (bytes > limit - at)
        {
            throw new FieldException(path, at, "truncated: " + bytes + " bytes needed, " + (limit - at) + " remain");
        }
        position = at + bytes;
        return at;
    }

    /**
     * Read a presence byte.
     *
     * @return true if a value follows.
     */
    boolean present(final DirectBuffer buffer, final String path)
    {
        final int at = claim(1, path);
        final byte presence = buffer.getByte(at);
        if (Wire.PRESENT == presence)
        {
            return true;
        }
        if (Wire.ABSENT == presence)
        {
            return false;
        }
        throw new FieldException(path, at, "presence byte must be 0 or 1 but was " + presence);
    }

    /**
     * Read a length prefix and check the bytes it announces remain; they are not claimed.
     *
     * @return the length, or {@link Wire#NULL_LENGTH}.
     */
    int lengthPrefix(final DirectBuffer buffer, final String path)
    {
        final int at = claim(Integer.BYTES, path);
        final int length = buffer.getInt(at, Wire.ORDER);
        if (length < 0)
        {
            if (Wire.NULL_LENGTH == length)
            {
                return length;
            }
            throw new FieldException(path, at, "negative length " + length);
        }
        if (length > limit - position)
        {
            throw new FieldException(path, at, "length " + length + " exceeds the " + (limit - position) +
                " bytes remaining");
        }
        return length;
    }

    /**
     * Read an element count and check the remaining bytes can hold that many elements of at least
     * {@code minElementLength} bytes each.
     *
     * @return the count, or {@link Wire#NULL_LENGTH}.
     */
    int count(final DirectBuffer buffer, final String path, final int minElementLength)
    {
        final int at = claim(Integer.BYTES, path);
        final int count = buffer.getInt(at, Wire.ORDER);
        if (count < 0)
        {
            if (Wire.NULL_LENGTH == count)
            {
                return count;
            }
            throw new FieldException(path, at, "negative count " + count);
        }
        if (count > (limit - position) / minElementLength)
        {
            throw new FieldException(path, at, "count " + count + " needs at least " +
                ((long)count * minElementLength) + " bytes, " + (limit - position) + " remain");
        }
        return count;
    }

    /**
     * A scratch array of at least {@code length} bytes, reused between decodes unless it would be large. The caller
     * has checked {@code length} against the remaining bytes.
     */
    byte[] scratch(final int length)
    {
        if (length <= scratch.length)
        {
            return scratch;
        }
        if (length > MAX_RETAINED_SCRATCH_LENGTH)
        {
            return new byte[length];
        }
        scratch = new byte[Math.max(length, Math.min(scratch.length * 2, MAX_RETAINED_SCRATCH_LENGTH))];
        return scratch;
    }
}
