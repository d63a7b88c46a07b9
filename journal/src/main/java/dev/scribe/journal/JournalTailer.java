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
    private final ExcerptTailer tailer;
    private final DocumentReader reader;

    JournalTailer(final SingleChronicleQueue queue, final long from, final RecordMac mac)
    {
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
