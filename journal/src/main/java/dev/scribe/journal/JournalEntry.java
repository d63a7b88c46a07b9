package dev.scribe.journal;

import dev.scribe.codecs.journal.RecordView;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A copy of one journal record with its position, as returned in a {@link JournalPage}.
 */
public final class JournalEntry
{
    private final long position;
    private final UnsafeBuffer bytes;

    JournalEntry(final long position, final byte[] bytes)
    {
        this.position = position;
        this.bytes = new UnsafeBuffer(bytes);
    }

    /**
     * Position of the record.
     *
     * @return the position.
     */
    public long position()
    {
        return position;
    }

    /**
     * The record's bytes.
     *
     * @return a copy owned by this entry.
     */
    public UnsafeBuffer bytes()
    {
        return bytes;
    }

    /**
     * A new view of the record; the record was checked when it was read.
     *
     * @return the view.
     */
    public RecordView view()
    {
        return new RecordView().wrap(bytes, 0, bytes.capacity());
    }

    @Override
    public String toString()
    {
        return "JournalEntry{position=" + PositionFormat.position(position) + ", length=" + bytes.capacity() + "}";
    }
}
