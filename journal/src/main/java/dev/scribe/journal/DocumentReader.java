package dev.scribe.journal;

import dev.scribe.codecs.CodecException;
import dev.scribe.codecs.journal.RecordView;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;

/**
 * Reads the records of a tailer's Chronicle documents, each checked, straight from the mapped file: one record a
 * document in a journal of format 1, the records of a batch in one of format 2 ({@link BatchDocument}); in a keyed
 * journal each record is followed by its MAC (see {@link RecordMac}), checked when the key is known.
 *
 * <p>Reading forward, the reader stops inside a document when the caller's limit is reached, and goes on there at
 * the next read: the document is read again (Chronicle's tailer stays on it) and the records already handed over
 * are passed over by position. After the tailer was moved to the document holding a position, {@link #from} passes
 * over the records before it in the same way.
 */
final class DocumentReader
{
    private final SingleChronicleQueue queue;
    private final PositionLayout layout;
    private final FormatSource format;
    private final UnsafeBuffer window = new UnsafeBuffer(0, 0);
    private final RecordView record = new RecordView();
    private final BatchDocument batch = new BatchDocument();
    private final RecordMac.Sealer sealer;
    private final int macBytes;
    private byte[] heapCopy = new byte[0];
    private long skipBelow = Journal.NULL_POSITION;
    private long lastRead = Journal.NULL_POSITION;
    private long rereadIndex = Journal.NULL_POSITION;
    private int keptEnd;

    /**
     * A reader of a queue's documents.
     *
     * @param queue  the queue read, to name its cycle file when a mapped read faults.
     * @param mac    the journal's record MACs, {@link RecordMac#NONE} for a journal without them.
     * @param format the journal's format.
     */
    DocumentReader(final SingleChronicleQueue queue, final RecordMac mac, final FormatSource format)
    {
        this.queue = queue;
        this.layout = new PositionLayout(queue.rollCycle());
        this.format = format;
        this.sealer = mac.sealer();
        this.macBytes = mac.sealed() ? RecordMac.MAC_BYTES : 0;
    }

    /**
     * The tailer was moved: hand over records from this position on ({@link Journal#NULL_POSITION}: all).
     */
    void from(final long position)
    {
        skipBelow = position;
        lastRead = Journal.NULL_POSITION;
        rereadIndex = Journal.NULL_POSITION;
    }

    /**
     * The position before which records are passed over.
     */
    long skipBelow()
    {
        return skipBelow;
    }

    /**
     * Position of the last record handed over (or found corrupt) since the last {@link #from}.
     */
    long lastRead()
    {
        return lastRead;
    }

    /**
     * Hand up to {@code limit} records of the next document (forward) to the handler; a document whose records
     * were all handed over before is passed over. The tailer moves past a corrupt record, so a caller that catches
     * {@link CorruptRecordException} can go on with the next one; past a whole document whose records cannot be told
     * apart.
     *
     * @return the records handed over, 0 if there was no document yet.
     * @throws JournalException naming the cycle file if its mapped bytes fault (the file was cut short under it).
     */
    int read(final ExcerptTailer tailer, final RecordHandler handler, final int limit)
    {
        try
        {
            while (true)
            {
                try (DocumentContext context = tailer.readingDocument())
                {
                    if (!context.isPresent())
                    {
                        return 0;
                    }
                    final long index = context.index();
                    final Bytes<?> bytes = ChronicleQueues.bytesOf(context, queue);
                    if (format.resolve() == JournalFormat.V1)
                    {
                        lastRead = index;
                        handler.onRecord(index, check(index, bytes));
                        return 1;
                    }
                    final int handed = readBatch(context, index, bytes, handler, limit);
                    if (handed > 0)
                    {
                        return handed;
                    }
                }
            }
        }
        catch (final InternalError fault)
        {
            throw MappedFault.of(queue, Path.of(queue.fileAbsolutePath()), tailer.cycle(), tailer.index(), fault);
        }
    }

    /**
     * Hand every record of the next document in the tailer's direction to the handler, in the document's order.
     *
     * @return the records handed over, 0 if there was no document.
     */
    int readWhole(final ExcerptTailer tailer, final RecordHandler handler)
    {
        try (DocumentContext context = tailer.readingDocument())
        {
            if (!context.isPresent())
            {
                return 0;
            }
            final long index = context.index();
            final Bytes<?> bytes = ChronicleQueues.bytesOf(context, queue);
            if (format.resolve() == JournalFormat.V1)
            {
                handler.onRecord(index, check(index, bytes));
                return 1;
            }
            wrapBatch(index, bytes, Journal.NULL_POSITION);
            for (int i = 0; i < batch.count(); i++)
            {
                final long position = nextFrame();
                handler.onRecord(position, checkFrame(position));
            }
            return batch.count();
        }
        catch (final InternalError fault)
        {
            throw MappedFault.of(queue, Path.of(queue.fileAbsolutePath()), tailer.cycle(), tailer.index(), fault);
        }
    }

    private int readBatch(final DocumentContext context, final long index, final Bytes<?> bytes,
        final RecordHandler handler, final int limit)
    {
        final long expected = index == rereadIndex || !layout.sameCycle(lastRead, index) ? Journal.NULL_POSITION :
            lastRead + 1;
        try
        {
            wrapBatch(index, bytes, expected);
        }
        catch (final CorruptRecordException ex)
        {
            lastRead = Journal.NULL_POSITION; // the tailer moves past the document
            rereadIndex = Journal.NULL_POSITION;
            throw ex;
        }
        int handed = 0;
        try
        {
            for (int i = 0; i < batch.count(); i++)
            {
                final long position;
                try
                {
                    position = nextFrame();
                }
                catch (final CorruptRecordException ex)
                {
                    skipBelow = batch.last() + 1; // the records after it cannot be found: move past the document
                    lastRead = batch.last();
                    throw ex;
                }
                if (position < skipBelow)
                {
                    continue;
                }
                if (handed == limit)
                {
                    return handed;
                }
                skipBelow = position + 1;
                lastRead = position;
                handler.onRecord(position, checkFrame(position));
                handed++;
            }
            return handed;
        }
        finally
        {
            if (skipBelow <= batch.last())
            {
                // stopped inside the document: the tailer stays on it, and the next read goes on after lastRead
                context.rollbackOnClose();
                rereadIndex = index;
            }
            else
            {
                rereadIndex = Journal.NULL_POSITION;
            }
        }
    }

    /**
     * View a batch document and check its header, and that it follows the record before it.
     *
     * @param expected the position its first record must have, or {@link Journal#NULL_POSITION} if not known.
     * @throws CorruptRecordException if it cannot be read.
     */
    private void wrapBatch(final long index, final Bytes<?> bytes, final long expected)
    {
        final int length = view(bytes);
        final int cycle = layout.cycleOf(index);
        final long sequence = layout.sequenceOf(index);
        final String problem = batch.wrap(window, length, macBytes, cycle, sequence, layout);
        if (null != problem)
        {
            throw new CorruptRecordException(Journal.NULL_POSITION == expected ? guess(cycle, sequence) : expected,
                "the batch document holding it (document " + sequence + " of cycle " + cycle + ") is damaged: " +
                problem);
        }
        if (Journal.NULL_POSITION != expected && batch.first() != expected)
        {
            throw new CorruptRecordException(expected, "the batch document after it (document " + sequence +
                " of cycle " + cycle + ") begins at position " + batch.first() + ": records were lost or moved");
        }
    }

    /** Where the records of a document whose header cannot be read begin, as near as can be told. */
    private long guess(final int cycle, final long sequence)
    {
        return cycle < 0 ? Journal.NULL_POSITION : layout.position(cycle, sequence);
    }

    private long nextFrame()
    {
        final String problem = batch.nextFrame();
        if (null != problem)
        {
            final long position = batch.framePosition() + 1;
            final long after = batch.last() - position;
            throw new CorruptRecordException(position, "its frame in the batch document is damaged: " + problem +
                (after > 0 ? "; the " + after + " record" + (1 == after ? "" : "s") + " after it in the document " +
                "cannot be read either" : ""));
        }
        return batch.framePosition();
    }

    private RecordView checkFrame(final long position)
    {
        try
        {
            record.wrap(window, batch.recordOffset(), batch.recordLength());
        }
        catch (final CodecException ex)
        {
            throw new CorruptRecordException(position, ex);
        }
        if (null != sealer)
        {
            sealer.check(position, window, batch.recordOffset(), batch.recordLength());
        }
        return record;
    }

    /**
     * For a truncation: check the records of a batch document before a position, each as a read would.
     *
     * @return how many of its records are before the position; their frames end at {@link #keptEnd()}, and
     *         {@link #copyKept} copies them as a document of their own.
     * @throws CorruptRecordException if one of them, or the document, fails its checks.
     */
    int checkBefore(final long index, final Bytes<?> bytes, final long before)
    {
        wrapBatch(index, bytes, Journal.NULL_POSITION);
        int kept = 0;
        keptEnd = BatchDocument.HEADER_BYTES;
        for (int i = 0; i < batch.count(); i++)
        {
            final long position = nextFrame();
            if (position >= before)
            {
                break;
            }
            checkFrame(position);
            kept++;
            keptEnd = batch.recordOffset() + batch.recordLength() + macBytes;
        }
        return kept;
    }

    /**
     * For a truncation: read a batch document's header without checking its records, for a document after the cut.
     *
     * @return whether the header is sound; then {@link #documentFirst} and {@link #documentLast} tell its positions.
     */
    boolean peekHeader(final long index, final Bytes<?> bytes)
    {
        final int length = view(bytes);
        return null == batch.wrap(window, length, macBytes, layout.cycleOf(index), layout.sequenceOf(index), layout);
    }

    /**
     * First position of the document {@link #checkBefore} checked.
     */
    long documentFirst()
    {
        return batch.first();
    }

    /**
     * Last position of the document {@link #checkBefore} checked.
     */
    long documentLast()
    {
        return batch.last();
    }

    /**
     * Where the frames {@link #checkBefore} kept end.
     */
    int keptEnd()
    {
        return keptEnd;
    }

    /**
     * The document {@link #checkBefore} checked, cut to its first {@code kept} records: their frames as they are,
     * under a header of its own.
     */
    byte[] copyKept(final int kept)
    {
        final UnsafeBuffer copy = new UnsafeBuffer(new byte[keptEnd]);
        copy.putBytes(BatchDocument.HEADER_BYTES, window, BatchDocument.HEADER_BYTES,
            keptEnd - BatchDocument.HEADER_BYTES);
        new BatchDocument().seal(copy, batch.first(), kept);
        return copy.byteArray();
    }

    /**
     * Check the record in a document of format 1, from the bytes' read position to their read limit, which are
     * left as they were.
     *
     * @return a view of the record, valid until the next call or until the document is closed.
     * @throws CorruptRecordException if the record fails its checks.
     */
    RecordView check(final long position, final Bytes<?> bytes)
    {
        final int length = view(bytes);
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

    /**
     * The window over a document's bytes, from their read position to their read limit, which are left as they
     * were; returns the length.
     */
    private int view(final Bytes<?> bytes)
    {
        final long start = bytes.readPosition();
        final int length = (int)bytes.readRemaining();
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
            bytes.readPosition(start);
            window.wrap(heapCopy, 0, length);
        }
        return length;
    }
}
