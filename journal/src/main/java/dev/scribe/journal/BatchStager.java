package dev.scribe.journal;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;

import java.nio.ByteOrder;

/**
 * The batch document being built, in memory, by a journal of format 2: records are added to it, each with its
 * position and, in a keyed journal, its MAC, and it is written to Chronicle as one document when the batch commits
 * or when the next record would make it too large ({@link BatchDocument} draws the layout). Nothing of it is in the
 * journal's files before it is written, so neither a reader nor a crash ever sees part of it.
 *
 * <p>Reuses its buffer: it allocates nothing once the buffer has grown to the largest document.
 */
final class BatchStager
{
    private final int maxRecords;
    private final int maxBytes;
    private final int macBytes;
    private final ExpandableDirectByteBuffer document = new ExpandableDirectByteBuffer(4096);
    private final BatchDocument layout = new BatchDocument();
    private long first = Journal.NULL_POSITION;
    private long index;
    private int count;
    private int length;

    /**
     * A stager of documents.
     *
     * @param maxRecords most records in a document.
     * @param maxBytes   most bytes in a document, unless its one record needs more.
     * @param macBytes   bytes of the MAC after each record, 0 for a journal without MACs.
     */
    BatchStager(final int maxRecords, final int maxBytes, final int macBytes)
    {
        this.maxRecords = maxRecords;
        this.maxBytes = maxBytes;
        this.macBytes = macBytes;
    }

    /**
     * Whether a document is being built.
     */
    boolean open()
    {
        return Journal.NULL_POSITION != first;
    }

    /**
     * Start a document.
     *
     * @param firstPosition position of its first record.
     * @param documentIndex the Chronicle index it will be written at.
     */
    void begin(final long firstPosition, final long documentIndex)
    {
        first = firstPosition;
        index = documentIndex;
        count = 0;
        length = BatchDocument.HEADER_BYTES;
    }

    /**
     * Whether a record of this length still fits the open document.
     */
    boolean fits(final int recordLength)
    {
        return count < maxRecords &&
            (long)length + BatchDocument.LENGTH_BYTES + recordLength + macBytes <= maxBytes;
    }

    /**
     * Position the next record added will have.
     */
    long nextPosition()
    {
        return first + count;
    }

    /**
     * Position of the last record added, or {@link Journal#NULL_POSITION} if none was.
     */
    long lastPosition()
    {
        return 0 == count ? Journal.NULL_POSITION : first + count - 1;
    }

    /**
     * Add a record, and its MAC if the journal is keyed.
     *
     * @param mac the record's MAC, or null in a journal without MACs.
     * @return the record's position.
     */
    long add(final DirectBuffer buffer, final int offset, final int recordLength, final byte[] mac)
    {
        final int at = length;
        document.checkLimit(at + BatchDocument.LENGTH_BYTES + recordLength + macBytes);
        document.putInt(at, recordLength, ByteOrder.LITTLE_ENDIAN);
        document.putBytes(at + BatchDocument.LENGTH_BYTES, buffer, offset, recordLength);
        if (null != mac)
        {
            document.putBytes(at + BatchDocument.LENGTH_BYTES + recordLength, mac);
        }
        length = at + BatchDocument.LENGTH_BYTES + recordLength + macBytes;
        return first + count++;
    }

    /**
     * Seal the open document's header; its bytes are then {@link #buffer()}[0, {@link #length()}).
     */
    void seal()
    {
        layout.seal(document, first, count);
    }

    /**
     * The Chronicle index the open document goes to.
     */
    long index()
    {
        return index;
    }

    /**
     * The document's buffer.
     */
    ExpandableDirectByteBuffer buffer()
    {
        return document;
    }

    /**
     * The document's length so far.
     */
    int length()
    {
        return length;
    }

    /**
     * Forget the open document: written, or dropped.
     */
    void clear()
    {
        first = Journal.NULL_POSITION;
        count = 0;
        length = 0;
    }
}
