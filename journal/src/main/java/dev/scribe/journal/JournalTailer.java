package dev.scribe.journal;

import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

/**
 * Reads journal records forward from a position and then follows new ones as they are appended. Polling never
 * blocks. One thread at a time; close when done.
 */
public final class JournalTailer implements AutoCloseable
{
    private final SingleChronicleQueue queue;
    private final JournalReader journal;
    private final ExcerptTailer tailer;
    private final DocumentReader reader;
    private final DocumentLookup lookup;

    JournalTailer(final SingleChronicleQueue queue, final JournalReader journal, final long from)
    {
        this.queue = queue;
        this.journal = journal;
        reader = journal.documentReader();
        lookup = journal.lookup();
        tailer = queue.createTailer();
        // created on one thread and often polled on another; one thread at a time is the caller's contract
        tailer.singleThreadedCheckDisabled(true);
        try
        {
            journal.seek(tailer, reader, lookup, from, TailerDirection.FORWARD);
        }
        catch (final RuntimeException | InternalError ex)
        {
            tailer.close();
            throw ex instanceof InternalError fault ? MappedFault.of(JournalReader.directory(queue), fault) :
                (RuntimeException)ex;
        }
    }

    /**
     * Hand up to {@code limit} available records to a handler.
     *
     * @param handler receives each record.
     * @param limit   most records to read.
     * @return the number of records read; 0 when caught up.
     * @throws CorruptRecordException for a record that fails its checks; the tailer has moved past it.
     * @throws JournalException       naming the cycle file if its mapped bytes fault (it was cut short under the
     *                                journal); run {@link Journal#inspect} on the directory.
     */
    public int poll(final RecordHandler handler, final int limit)
    {
        int read = 0;
        int documentRecords;
        while (read < limit && (documentRecords = reader.read(tailer, handler, limit - read)) > 0)
        {
            read += documentRecords;
        }
        return read;
    }

    /**
     * Move the tailer so that the next {@link #poll} reads from a position, as {@link Journal#tailer} does.
     *
     * @param from position to go on from; {@link Journal#NULL_POSITION} or a position before the first goes on from
     *             the first, a position without a record from the first record after it.
     * @throws JournalException naming the cycle file if its mapped bytes fault.
     */
    public void seek(final long from)
    {
        try
        {
            journal.seek(tailer, reader, lookup, from, TailerDirection.FORWARD);
        }
        catch (final InternalError fault)
        {
            throw MappedFault.of(JournalReader.directory(queue), fault);
        }
    }

    /**
     * Read the record at exactly a position, if the journal holds one there; a {@link #poll} then goes on with the
     * record after it. In a journal of format 1 this is a lookup by Chronicle's index; in one of format 2 a search
     * for the batch document holding the position (see {@code DocumentLookup}: a step or two when positions grow
     * from one lookup to the next, about log2 of the position's sequence in its cycle otherwise). It does not walk
     * the journal's records and allocates nothing.
     *
     * @param position the record's position.
     * @param handler  receives the record, with that position.
     * @return true if the record was read; false if there is none at that position (then where the next poll reads
     *         from is unspecified: {@link #seek} first).
     * @throws CorruptRecordException for a record that fails its checks.
     * @throws JournalException       naming the cycle file if its mapped bytes fault.
     */
    public boolean readAt(final long position, final RecordHandler handler)
    {
        if (position < 0)
        {
            return false;
        }
        try
        {
            tailer.direction(TailerDirection.FORWARD);
            if (journal.format() == JournalFormat.V2)
            {
                if (DocumentLookup.FOUND != lookup.moveTo(tailer, position))
                {
                    return false;
                }
                reader.from(position);
                return reader.read(tailer, handler, 1) > 0 && reader.lastRead() == position;
            }
            reader.from(Journal.NULL_POSITION);
            return tailer.moveToIndex(position) && reader.read(tailer, handler, 1) > 0;
        }
        catch (final InternalError fault)
        {
            throw MappedFault.of(JournalReader.directory(queue), fault);
        }
    }

    /**
     * Position the next record will be read from: that of the next record if the journal holds it; else, once a
     * record was read, the position after it; else the position the tailer was moved to.
     *
     * @return the position.
     */
    public long position()
    {
        if (journal.format() != JournalFormat.V2)
        {
            return tailer.index();
        }
        if (lookup.peekNext(tailer))
        {
            return Math.max(lookup.first(), reader.skipBelow());
        }
        return Journal.NULL_POSITION != reader.lastRead() ? reader.lastRead() + 1 : reader.skipBelow();
    }

    @Override
    public void close()
    {
        tailer.close();
    }
}
