package dev.scribe.engine;

import dev.scribe.engine.snapshot.SnapshotException;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads one section of an engine snapshot, checking every length against what is left of the section before using
 * it, so a damaged section is an exception naming the section and offset, never a read outside it.
 */
final class SectionCursor
{
    static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private final String section;
    private final DirectBuffer buffer;
    private final int end;
    private int position;

    SectionCursor(final String section, final DirectBuffer buffer, final int offset, final int length)
    {
        this.section = section;
        this.buffer = buffer;
        this.position = offset;
        this.end = offset + length;
    }

    int remaining()
    {
        return end - position;
    }

    int position()
    {
        return position;
    }

    DirectBuffer buffer()
    {
        return buffer;
    }

    int getInt()
    {
        need(Integer.BYTES, "an int");
        final int value = buffer.getInt(position, ORDER);
        position += Integer.BYTES;
        return value;
    }

    long getLong()
    {
        need(Long.BYTES, "a long");
        final long value = buffer.getLong(position, ORDER);
        position += Long.BYTES;
        return value;
    }

    /** A count of items that each take at least {@code minItemBytes}, checked against what remains. */
    int getCount(final int minItemBytes, final String what)
    {
        final int count = getInt();
        if (count < 0 || (long)count * minItemBytes > remaining())
        {
            throw damaged(what + " count " + count + " does not fit in the " + remaining() + " bytes left");
        }
        return count;
    }

    /** The length of a run of bytes that follows, checked against what remains; the run is then skipped over. */
    int getLength(final String what)
    {
        final int length = getInt();
        if (length < 0 || length > remaining())
        {
            throw damaged(what + " length " + length + " does not fit in the " + remaining() + " bytes left");
        }
        return length;
    }

    void skip(final int length)
    {
        position += length;
    }

    String getString(final String what)
    {
        final int length = getLength(what);
        final byte[] bytes = new byte[length];
        buffer.getBytes(position, bytes);
        position += length;
        return new String(bytes, StandardCharsets.UTF_8);
    }

    void expectEnd()
    {
        if (position != end)
        {
            throw damaged((end - position) + " bytes left after the last item");
        }
    }

    SnapshotException damaged(final String reason)
    {
        return new SnapshotException("snapshot section " + section + " is damaged at offset " + position + ": " +
            reason);
    }

    private void need(final int bytes, final String what)
    {
        if (end - position < bytes)
        {
            throw damaged(what + " needs " + bytes + " bytes, " + (end - position) + " left");
        }
    }
}
