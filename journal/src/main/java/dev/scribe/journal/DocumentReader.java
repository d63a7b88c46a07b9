package dev.scribe.journal;

import dev.scribe.codecs.CodecException;
import dev.scribe.codecs.journal.RecordView;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;

/**
 * Reads the next Chronicle document of a tailer as a checked journal record, straight from the mapped file; in a
 * keyed journal the document also holds the record's MAC (see {@link RecordMac}), checked when the key is known.
 */
final class DocumentReader
{
    private final SingleChronicleQueue queue;
    private final UnsafeBuffer window = new UnsafeBuffer(0, 0);
    private final RecordView record = new RecordView();
    private final RecordMac.Sealer sealer;
    private byte[] heapCopy = new byte[0];

    /**
     * A reader of a queue's documents.
     *
     * @param queue the queue read, to name its cycle file when a mapped read faults.
     * @param mac the journal's record MACs, {@link RecordMac#NONE} for a journal without them.
     */
    DocumentReader(final SingleChronicleQueue queue, final RecordMac mac)
    {
        this.queue = queue;
        this.sealer = mac.sealer();
    }

    /**
     * Read one record and hand it to the handler. The tailer moves past the record even when it is corrupt, so a
     * caller that catches {@link CorruptRecordException} can go on with the next one.
     *
     * @return true if a record was read, false if there was none yet.
     * @throws JournalException naming the cycle file if its mapped bytes fault (the file was cut short under it).
     */
    boolean read(final ExcerptTailer tailer, final RecordHandler handler)
    {
        try (DocumentContext context = tailer.readingDocument())
        {
            if (!context.isPresent())
            {
                return false;
            }
            final long position = context.index();
            handler.onRecord(position, check(position, context.wire().bytes()));
            return true;
        }
        catch (final InternalError fault)
        {
            throw MappedFault.of(queue, Path.of(queue.fileAbsolutePath()), tailer.cycle(), tailer.index(), fault);
        }
    }

    /**
     * Check the record in a document's bytes, from their read position to their read limit, which are left as they
     * were.
     *
     * @return a view of the record, valid until the next call or until the document is closed.
     * @throws CorruptRecordException if the record fails its checks.
     */
    RecordView check(final long position, final Bytes<?> bytes)
    {
        final long start = bytes.readPosition();
        final int length = (int)bytes.readRemaining();
        wrap(bytes, start, length);
        bytes.readPosition(start);
        final int recordLength = null == sealer ? length : sealer.recordLength(position, length);
        try
        {
            record.wrap(window, 0, recordLength);
        }
        catch (final CodecException ex)
        {
            throw new CorruptRecordException(position, ex);
        }
        if (null != sealer)
        {
            sealer.check(position, window, recordLength);
        }
        return record;
    }

    private void wrap(final Bytes<?> bytes, final long start, final int length)
    {
        if (bytes.isDirectMemory())
        {
            window.wrap(bytes.addressForRead(start, length), length);
        }
        else
        {
            if (heapCopy.length < length)
            {
                heapCopy = new byte[length];
            }
            bytes.read(heapCopy, 0, length);
            window.wrap(heapCopy, 0, length);
        }
    }
}
