package dev.scribe.journal;

import dev.scribe.codecs.journal.Crc32c;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * The layout of a Chronicle document of a journal of format 2 ({@link JournalFormat#V2}): the records of one batch,
 * each at its own position, and a view that reads one such document, checking every length before it is used.
 *
 * <pre>
 *   0                   8              12             16
 *   +-------------------+--------------+--------------+
 *   | first position    | record count | header CRC32C|   header: 16 bytes, little-endian
 *   | i64               | i32          | u32          |   the CRC32C covers bytes 0..12
 *   +-------------------+--------------+--------------+
 *   | record length i32 | record (its own CRC32C and epoch inside) | MAC, 32 bytes (keyed journals only) |
 *   | record length i32 | record                                   | MAC                                 |
 *   ... record count frames, which end exactly where the document ends
 * </pre>
 *
 * The records' positions are the first position, the first + 1, ... (all in the document's cycle): a document holds
 * consecutive records of one cycle, and the documents of a cycle follow one another without a gap, the first
 * starting at sequence 0. A document's Chronicle index is not a position; its sequence in the cycle is at most the
 * sequence of its first record. The MAC, when the journal is keyed, is that of {@link RecordMac}: of the record's
 * position and bytes, as in a journal of format 1.
 */
final class BatchDocument
{
    /** Bytes of the header. */
    static final int HEADER_BYTES = 16;
    /** Bytes of the length before each record. */
    static final int LENGTH_BYTES = Integer.BYTES;

    private static final int FIRST_POSITION_OFFSET = 0;
    private static final int COUNT_OFFSET = 8;
    private static final int CRC_OFFSET = 12;

    private DirectBuffer buffer;
    private int length;
    private int macBytes;
    private long first;
    private int count;
    private int frame;
    private int nextOffset;
    private int recordOffset;
    private int recordLength;

    /**
     * Write a document's header once its records are in place.
     *
     * @param buffer   the document, header first.
     * @param first    the position of its first record.
     * @param count    its number of records.
     */
    void seal(final MutableDirectBuffer buffer, final long first, final int count)
    {
        buffer.putLong(FIRST_POSITION_OFFSET, first, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(COUNT_OFFSET, count, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(CRC_OFFSET, headerCrc(buffer), ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * View a document and check its header: its CRC, a count of at least one record, and a first position in the
     * document's cycle, at or after the document's own sequence. The records are walked with {@link #nextFrame}.
     *
     * @param buffer   the document's bytes from offset 0.
     * @param length   the document's length.
     * @param macBytes bytes of the MAC after each record, 0 if the journal is not keyed.
     * @param cycle    the cycle of the document's Chronicle index.
     * @param sequence the sequence of the document's Chronicle index in its cycle.
     * @param layout   the journal's position layout.
     * @return null if the header is sound, else what is wrong with it.
     */
    String wrap(final DirectBuffer buffer, final int length, final int macBytes, final int cycle, final long sequence,
        final PositionLayout layout)
    {
        this.buffer = buffer;
        this.length = length;
        this.macBytes = macBytes;
        this.frame = 0;
        this.nextOffset = HEADER_BYTES;
        if (length < HEADER_BYTES)
        {
            count = 0;
            return "its " + length + " bytes are too few for the " + HEADER_BYTES + "-byte header of a batch document";
        }
        first = buffer.getLong(FIRST_POSITION_OFFSET, ByteOrder.LITTLE_ENDIAN);
        count = buffer.getInt(COUNT_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if (buffer.getInt(CRC_OFFSET, ByteOrder.LITTLE_ENDIAN) != headerCrc(buffer))
        {
            count = 0;
            return "its header fails its CRC32C";
        }
        if (count < 1 || count > (length - HEADER_BYTES) / (LENGTH_BYTES + 1 + macBytes))
        {
            final int said = count;
            count = 0;
            return "its header says " + said + " records, which " + length + " bytes cannot hold";
        }
        if (first < 0 || layout.cycleOf(first) != cycle || layout.sequenceOf(first) < sequence ||
            0 == sequence && 0 != layout.sequenceOf(first) || !layout.sameCycle(first, first + count - 1))
        {
            count = 0;
            return "its header says its " + count + " records begin at position " + first + ", which does not fit " +
                "document " + sequence + " of cycle " + cycle;
        }
        return null;
    }

    /**
     * Position of the first record of the document viewed.
     */
    long first()
    {
        return first;
    }

    /**
     * Records in the document viewed.
     */
    int count()
    {
        return count;
    }

    /**
     * Position of the last record of the document viewed.
     */
    long last()
    {
        return first + count - 1;
    }

    /**
     * Move to the next record: its bytes are then at {@link #recordOffset()} for {@link #recordLength()} bytes,
     * followed by its MAC, and its position is {@link #first()} + the frame's index, {@link #framePosition()}.
     *
     * @return null if the record's frame lies within the document (and, for the last one, ends with it), else what
     *         is wrong with it.
     */
    String nextFrame()
    {
        if (frame >= count)
        {
            return "the document has no record after its " + count;
        }
        final int remaining = length - nextOffset;
        if (remaining < LENGTH_BYTES)
        {
            return "its length runs past the end of the document (" + remaining + " bytes left)";
        }
        final int said = buffer.getInt(nextOffset, ByteOrder.LITTLE_ENDIAN);
        final int room = remaining - LENGTH_BYTES - macBytes;
        if (said < 1 || said > room)
        {
            return "its length of " + said + " bytes does not fit the " + Math.max(0, room) + " bytes left in the " +
                "document" + (macBytes > 0 ? " before its MAC" : "");
        }
        recordOffset = nextOffset + LENGTH_BYTES;
        recordLength = said;
        nextOffset = recordOffset + said + macBytes;
        frame++;
        if (frame == count && nextOffset != length)
        {
            return "the document goes on for " + (length - nextOffset) + " bytes after its last record";
        }
        return null;
    }

    /**
     * Position of the record the last {@link #nextFrame} moved to.
     */
    long framePosition()
    {
        return first + frame - 1;
    }

    /**
     * Where the record the last {@link #nextFrame} moved to starts in the document.
     */
    int recordOffset()
    {
        return recordOffset;
    }

    /**
     * Length of the record the last {@link #nextFrame} moved to, without its MAC.
     */
    int recordLength()
    {
        return recordLength;
    }

    private static int headerCrc(final DirectBuffer buffer)
    {
        return Crc32c.compute(buffer, 0, CRC_OFFSET);
    }
}
