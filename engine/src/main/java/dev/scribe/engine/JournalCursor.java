package dev.scribe.engine;

import dev.scribe.codecs.journal.Crc32c;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.Base64;

/**
 * The opaque cursor of {@link JournalEvents}: the position and CRC32C of the last record read, or the start or end
 * of the journal, with a check of its own so that a mangled cursor is told from one of another journal. Text form:
 * {@code j1.} and 24 bytes in URL-safe base64: position (i64), record CRC (i32), kind (i32), check (CRC32C of the
 * 16 bytes before it, i32), little-endian.
 *
 * @param kind     {@link #AT_RECORD}, {@link #START} or {@link #END}.
 * @param position the record's position (for {@link #AT_RECORD}).
 * @param crc      the record's CRC32C (for {@link #AT_RECORD}).
 */
record JournalCursor(int kind, long position, int crc)
{
    static final int AT_RECORD = 1;
    static final int START = 2;
    static final int END = 3;
    private static final String PREFIX = "j1.";
    private static final int BYTES = 24;

    static JournalCursor at(final long position, final int crc)
    {
        return new JournalCursor(AT_RECORD, position, crc);
    }

    static JournalCursor start()
    {
        return new JournalCursor(START, -1, 0);
    }

    static JournalCursor end()
    {
        return new JournalCursor(END, -1, 0);
    }

    String text()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[BYTES]);
        buffer.putLong(0, position, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(8, crc, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(12, kind, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(16, Crc32c.compute(buffer, 0, 16), ByteOrder.LITTLE_ENDIAN);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.byteArray());
    }

    /**
     * Read a cursor's text.
     *
     * @throws IllegalArgumentException saying what is wrong with it if it is not a cursor.
     */
    static JournalCursor parse(final String text)
    {
        if (null == text || !text.startsWith(PREFIX))
        {
            throw new IllegalArgumentException("not a journal cursor (it must start with \"" + PREFIX + "\"): " +
                shown(text));
        }
        final byte[] bytes;
        try
        {
            bytes = Base64.getUrlDecoder().decode(text.substring(PREFIX.length()));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("not a journal cursor (not base64): " + shown(text), ex);
        }
        if (bytes.length != BYTES)
        {
            throw new IllegalArgumentException("not a journal cursor (" + bytes.length + " bytes, not " + BYTES +
                "): " + shown(text));
        }
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        final int kind = buffer.getInt(12, ByteOrder.LITTLE_ENDIAN);
        if (buffer.getInt(16, ByteOrder.LITTLE_ENDIAN) != Crc32c.compute(buffer, 0, 16) ||
            kind < AT_RECORD || kind > END)
        {
            throw new IllegalArgumentException("not a journal cursor (it fails its check): " + shown(text));
        }
        return new JournalCursor(kind, buffer.getLong(0, ByteOrder.LITTLE_ENDIAN),
            buffer.getInt(8, ByteOrder.LITTLE_ENDIAN));
    }

    private static String shown(final String text)
    {
        return null == text ? "null" : "\"" + (text.length() > 64 ? text.substring(0, 64) + "..." : text) + "\"";
    }
}
