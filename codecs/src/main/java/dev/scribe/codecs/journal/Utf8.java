package dev.scribe.codecs.journal;

import dev.scribe.codecs.CodecException;
import org.agrona.MutableDirectBuffer;

/**
 * UTF-8 encoding of a {@link CharSequence} straight into a buffer, without allocating.
 */
final class Utf8
{
    private Utf8()
    {
    }

    /**
     * Encode a string.
     *
     * @param value    to encode.
     * @param buffer   to encode into (expandable buffers grow).
     * @param offset   where the bytes start.
     * @param maxBytes most bytes allowed.
     * @param field    name of the field, for errors.
     * @return number of bytes written.
     */
    static int encode(
        final CharSequence value, final MutableDirectBuffer buffer, final int offset, final int maxBytes,
        final String field)
    {
        final int length = value.length();
        int position = offset;
        int i = 0;
        while (i < length)
        {
            final char c = value.charAt(i++);
            if (c < 0x80)
            {
                checkRoom(position - offset + 1, maxBytes, field);
                buffer.putByte(position++, (byte)c);
            }
            else if (c < 0x800)
            {
                checkRoom(position - offset + 2, maxBytes, field);
                buffer.putByte(position++, (byte)(0xC0 | (c >> 6)));
                buffer.putByte(position++, (byte)(0x80 | (c & 0x3F)));
            }
            else if (Character.isHighSurrogate(c) && i < length && Character.isLowSurrogate(value.charAt(i)))
            {
                final int codePoint = Character.toCodePoint(c, value.charAt(i++));
                checkRoom(position - offset + 4, maxBytes, field);
                buffer.putByte(position++, (byte)(0xF0 | (codePoint >> 18)));
                buffer.putByte(position++, (byte)(0x80 | ((codePoint >> 12) & 0x3F)));
                buffer.putByte(position++, (byte)(0x80 | ((codePoint >> 6) & 0x3F)));
                buffer.putByte(position++, (byte)(0x80 | (codePoint & 0x3F)));
            }
            else
            {
                if (Character.isSurrogate(c))
                {
                    throw new CodecException(field, CodecException.NO_OFFSET, "unpaired surrogate at char " + (i - 1));
                }
                checkRoom(position - offset + 3, maxBytes, field);
                buffer.putByte(position++, (byte)(0xE0 | (c >> 12)));
                buffer.putByte(position++, (byte)(0x80 | ((c >> 6) & 0x3F)));
                buffer.putByte(position++, (byte)(0x80 | (c & 0x3F)));
            }
        }
        return position - offset;
    }

    private static void checkRoom(final int needed, final int maxBytes, final String field)
    {
        if (needed > maxBytes)
        {
            throw new CodecException(field, CodecException.NO_OFFSET, "longer than " + maxBytes + " UTF-8 bytes");
        }
    }
}
