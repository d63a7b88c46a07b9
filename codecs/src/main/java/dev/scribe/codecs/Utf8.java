package dev.scribe.codecs;

import org.agrona.MutableDirectBuffer;

/**
 * Strict UTF-8 without intermediate arrays: strings are written straight into the buffer and bytes are checked
 * before the JDK decodes them, so malformed input is rejected rather than silently replaced.
 */
public final class Utf8
{
    private Utf8()
    {
    }

    /**
     * Number of UTF-8 bytes of a string.
     *
     * @param value the characters.
     * @return the length, or {@code -(index + 1)} of the first unpaired surrogate.
     */
    public static long encodedLength(final CharSequence value)
    {
        final int chars = value.length();
        long length = chars;
        int i = 0;
        while (i < chars)
        {
            final char c = value.charAt(i++);
            if (c >= 0x800)
            {
                if (Character.isSurrogate(c))
                {
                    if (!Character.isHighSurrogate(c) || i == chars || !Character.isLowSurrogate(value.charAt(i)))
                    {
                        return -(long)i;
                    }
                    i++;
                }
                length += 2;
            }
            else if (c >= 0x80)
            {
                length += 1;
            }
        }
        return length;
    }

    /**
     * Write a string whose {@link #encodedLength(CharSequence)} was non-negative; an expandable buffer grows.
     *
     * @param value  the characters.
     * @param buffer to write into.
     * @param offset where the bytes start.
     */
    public static void encode(final CharSequence value, final MutableDirectBuffer buffer, final int offset)
    {
        final int chars = value.length();
        int at = offset;
        int i = 0;
        while (i < chars)
        {
            final char c = value.charAt(i++);
            if (c < 0x80)
            {
                buffer.putByte(at++, (byte)c);
            }
            else if (c < 0x800)
            {
                buffer.putByte(at++, (byte)(0xC0 | (c >> 6)));
                buffer.putByte(at++, (byte)(0x80 | (c & 0x3F)));
            }
            else if (Character.isHighSurrogate(c))
            {
                final int codePoint = Character.toCodePoint(c, value.charAt(i++));
                buffer.putByte(at++, (byte)(0xF0 | (codePoint >> 18)));
                buffer.putByte(at++, (byte)(0x80 | ((codePoint >> 12) & 0x3F)));
                buffer.putByte(at++, (byte)(0x80 | ((codePoint >> 6) & 0x3F)));
                buffer.putByte(at++, (byte)(0x80 | (codePoint & 0x3F)));
            }
            else
            {
                buffer.putByte(at++, (byte)(0xE0 | (c >> 12)));
                buffer.putByte(at++, (byte)(0x80 | ((c >> 6) & 0x3F)));
                buffer.putByte(at++, (byte)(0x80 | (c & 0x3F)));
            }
        }
    }

    /**
     * Check bytes are well-formed UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
     *
     * @param bytes  to check.
     * @param length how many of them.
     * @return -1 if they are, else the index of the first byte of the malformed sequence.
     */
    public static int firstMalformed(final byte[] bytes, final int length)
    {
        int i = 0;
        while (i < length)
        {
            final int lead = bytes[i];
            if (lead >= 0)
            {
                i++;
                continue;
            }
            final int sequenceLength = sequenceLength(bytes, i, length, lead & 0xFF);
            if (sequenceLength < 0)
            {
                return i;
            }
            i += sequenceLength;
        }
        return -1;
    }

    private static int sequenceLength(final byte[] bytes, final int at, final int length, final int lead)
    {
        final int sequenceLength;
        int min = 0x80;
        int max = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF)
        {
            sequenceLength = 2;
        }
        else if (lead >= 0xE0 && lead <= 0xEF)
        {
            sequenceLength = 3;
            min = 0xE0 == lead ? 0xA0 : min;
            max = 0xED == lead ? 0x9F : max;
        }
        else if (lead >= 0xF0 && lead <= 0xF4)
        {
            sequenceLength = 4;
            min = 0xF0 == lead ? 0x90 : min;
            max = 0xF4 == lead ? 0x8F : max;
        }
        else
        {
            return -1;
        }
        if (sequenceLength > length - at)
        {
            return -1;
        }
        final int second = bytes[at + 1] & 0xFF;
        if (second < min || second > max)
        {
            return -1;
        }
        for (int i = 2; i < sequenceLength; i++)
        {
            if ((bytes[at + i] & 0xC0) != 0x80)
            {
                return -1;
            }
        }
        return sequenceLength;
    }
}
