package dev.scribe.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Finds the batch document that holds a position, in a journal of format 2, where a document's Chronicle index is
 * not a record's position. Within a cycle the documents follow one another without a gap and their first positions
 * grow, and a document's sequence is at most its first record's; so the document is found by a binary search over
 * the documents of the position's cycle, each step a lookup of Chronicle's index and a read of one 16-byte header:
 * about log2(the position's sequence) steps. From the document found last it first walks a few documents forward,
 * so that lookups of growing positions (a journal's new last record, again and again) take a step or two.
 * Allocates nothing.
 */
final class DocumentLookup
{
    /** The tailer is at the document holding the position. */
    static final int FOUND = 0;
    /** The position's cycle has documents, but the position is after its last record. */
    static final int AFTER_CYCLE = 1;
    /** The position's cycle has no document. */
    static final int NO_CYCLE = 2;

    private static final int WALK = 8;

    private final SingleChronicleQueue queue;
    private final PositionLayout layout;
    private final int macBytes;
    private final UnsafeBuffer window = new UnsafeBuffer(0, 0);
    private final BatchDocument batch = new BatchDocument();
    private byte[] heapCopy = new byte[0];
    private long hintIndex = Journal.NULL_POSITION;
    private long hintFirst;
    private long hintLast;
    private long first;
    private long last;

    DocumentLookup(final SingleChronicleQueue queue, final RecordMac mac)
    {
        this.queue = queue;
        this.layout = new PositionLayout(queue.rollCycle());
        this.macBytes = mac.sealed() ? RecordMac.MAC_BYTES : 0;
    }

    /**
     * Move a tailer (left reading forward) so that its next read is the document holding a position.
     *
     * @return {@link #FOUND}, {@link #AFTER_CYCLE} or {@link #NO_CYCLE}; the tailer is where the search left it
     *         unless the document was found.
     * @throws CorruptRecordException naming the position if a document on the way has a damaged header.
     */
    int moveTo(final ExcerptTailer tailer, final long position)
    {
        tailer.direction(TailerDirection.FORWARD);
        final int cycle = layout.cycleOf(position);
        if (cycle < 0)
        {
            return NO_CYCLE;
        }
        final long sequence = layout.sequenceOf(position);
        long low = 0;
        if (Journal.NULL_POSITION != hintIndex && layout.sameCycle(hintFirst, position) && hintFirst <= position)
        {
            if (position <= hintLast)
            {
                return found(tailer, hintIndex);
            }
            final int walked = walk(tailer, position);
            if (walked != WALK)
            {
                return walked;
            }
            low = layout.sequenceOf(hintIndex) + 1;
        }
        if (!peek(tailer, layout.position(cycle, low), position))
        {
            return 0 == low ? NO_CYCLE : AFTER_CYCLE;
        }
        long high = Math.max(low, sequence);
        // the largest document sequence in [low, high] whose document exists and begins at or before the position
        while (low < high)
        {
            final long middle = low + (high - low + 1) / 2;
            if (peek(tailer, layout.position(cycle, middle), position) && first <= position)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }
        final long index = layout.position(cycle, low);
        if (!peek(tailer, index, position) || position > last)
        {
            return AFTER_CYCLE;
        }
        hint(index);
        return found(tailer, index);
    }

    /**
     * Walk forward from the document found last, reading headers in turn.
     *
     * @return {@link #FOUND}, {@link #AFTER_CYCLE}, or {@link #WALK} if the position is further on.
     */
    private int walk(final ExcerptTailer tailer, final long position)
    {
        long index = hintIndex;
        for (int step = 0; step < WALK; step++)
        {
            index++;
            if (!peek(tailer, index, position))
            {
                return AFTER_CYCLE;
            }
            if (position <= last)
            {
                hint(index);
                return found(tailer, index);
            }
        }
        hint(index);
        return WALK;
    }

    private void hint(final long index)
    {
        hintIndex = index;
        hintFirst = first;
        hintLast = last;
    }

    private int found(final ExcerptTailer tailer, final long index)
    {
        if (!tailer.moveToIndex(index))
        {
            throw new JournalException("journal " + JournalReader.directory(queue) + ": its document " + index +
                " went away while it was read");
        }
        return FOUND;
    }

    /**
     * Read the header of the document at an index into {@link #first} and {@link #last}, leaving the tailer on it.
     *
     * @return false if there is no document at the index.
     */
    private boolean peek(final ExcerptTailer tailer, final long index, final long sought)
    {
        if (!tailer.moveToIndex(index))
        {
            return false;
        }
        try (DocumentContext context = tailer.readingDocument())
        {
            if (!context.isPresent())
            {
                return false;
            }
            context.rollbackOnClose();
            final Bytes<?> bytes = ChronicleQueues.bytesOf(context, queue);
            final String problem = batch.wrap(view(bytes), (int)bytes.readRemaining(), macBytes,
                layout.cycleOf(index), layout.sequenceOf(index), layout);
            if (null != problem)
            {
                throw new CorruptRecordException(sought, "the batch document " + layout.sequenceOf(index) +
                    " of cycle " + layout.cycleOf(index) + ", read on the way to it, is damaged: " + problem);
            }
            first = batch.first();
            last = batch.last();
            return true;
        }
    }

    /**
     * Read the header of the next document in the tailer's direction, leaving the tailer on it.
     *
     * @return false if there is none; else {@link #first()} and {@link #last()} tell its positions.
     */
    boolean peekNext(final ExcerptTailer tailer)
    {
        try (DocumentContext context = tailer.readingDocument())
        {
            if (!context.isPresent())
            {
                return false;
            }
            context.rollbackOnClose();
            final long index = context.index();
            final Bytes<?> bytes = ChronicleQueues.bytesOf(context, queue);
            final String problem = batch.wrap(view(bytes), (int)bytes.readRemaining(), macBytes,
                layout.cycleOf(index), layout.sequenceOf(index), layout);
            if (null != problem)
            {
                throw new CorruptRecordException(layout.position(layout.cycleOf(index), layout.sequenceOf(index)),
                    "the batch document " + layout.sequenceOf(index) + " of cycle " + layout.cycleOf(index) +
                    " is damaged: " + problem);
            }
            first = batch.first();
            last = batch.last();
            return true;
        }
    }

    /**
     * First position of the document read last by {@link #peekNext}.
     */
    long first()
    {
        return first;
    }

    /**
     * Last position of the document read last by {@link #peekNext}.
     */
    long last()
    {
        return last;
    }

    private UnsafeBuffer view(final Bytes<?> bytes)
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
        return window;
    }
}
