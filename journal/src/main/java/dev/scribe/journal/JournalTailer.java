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
    private final ExcerptTailer tailer;
    private final DocumentReader reader;

    JournalTailer(final SingleChronicleQueue queue, final long from, final RecordMac mac)
    {
        this.queue = queue;
        reader = new DocumentReader(queue, mac);
        tailer = queue.createTailer();
        // created on one thread and often polled on another; one thread at a time is the caller's contract
        tailer.singleThreadedCheckDisabled(true);
        try
        {
            JournalReader.seek(queue, tailer, from, TailerDirection.FORWARD);
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
        while (read < limit && reader.read(tailer, handler))
        {
            read++;
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
            JournalReader.seek(queue, tailer, from, TailerDirection.FORWARD);
        }
        catch (final InternalError fault)
        {
            throw MappedFault.of(JournalReader.directory(queue), fault);
        }
    }

    /**
     * Read the record at exactly a position, if the journal holds one there; a {@link #poll} then goes on with the
     * record after it. A lookup by Chronicle's index: it neither walks the journal nor allocates.
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
        final boolean found;
        try
        {
            tailer.direction(TailerDirection.FORWARD);
            found = tailer.moveToIndex(position);
        }
        catch (final InternalError fault)
        {
            throw MappedFault.of(JournalReader.directory(queue), fault);
        }
        return found && reader.read(tailer, handler);
    }

    /**
     * Position the next record will be read from.
     *
     * @return the position.
     */
    public long position()
    {
        return tailer.index();
    }

    @Override
    public void close()
    {
        tailer.close();
    }
}
