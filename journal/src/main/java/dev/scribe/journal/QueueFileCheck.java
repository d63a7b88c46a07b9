package dev.scribe.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.wire.ValueIn;
import net.openhft.chronicle.wire.Wire;
import net.openhft.chronicle.wire.WireIn;
import net.openhft.chronicle.wire.WireType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Checks one of Chronicle's files with plain reads, never mapping it, so that nothing it holds can fault the JVM:
 * a cycle file ({@code .cq4}) or the queue's metadata ({@code metadata.cq4t}).
 *
 * <p>Both are a sequence of documents, each a 4-byte little-endian header word and its bytes, headers 4-byte
 * aligned. The header word holds the length in its low 30 bits, bit 30 for metadata and bit 31 for a document not
 * complete yet (being written, or torn by a crash); a word of 0 ends what was written and {@code 0xC0000000} marks the
 * end of a cycle that rolled. The first document is the file's header, metadata in Chronicle's binary wire:
 * {@code header: !SCQStore { writePosition: [...], indexing: !SCQSIndexing {...}, dataFormat }} for a cycle file,
 * where {@code writePosition[0]} is the offset of the last complete record; {@code header: !STStore { wireType,
 * metadata: !SCQMeta { roll: !SCQSRoll { length, format, epoch } } }} for the metadata. A file passes if its header
 * reads as such, every document lies inside the file, and (for a cycle file) the documents reach the record its header
 * says was written last. Records are counted; their contents are checked later, by CRC, when they are read.
 */
final class QueueFileCheck
{
    static final int NOT_COMPLETE = 0x80000000;
    static final int META_DATA = 0x40000000;
    static final int LENGTH_MASK = 0x3FFFFFFF;
    static final int END_OF_DATA = NOT_COMPLETE | META_DATA;
    private static final int MAX_HEADER_LENGTH = 64 * 1024;
    private static final int ZERO_CHECK_BYTES = 1 << 20;
    private static final int WINDOW_BYTES = 1 << 20;
    private static final int I64_ARRAY = 0x8d;
    private static final int PADDING = 0x8f;
    private static final int PADDING32 = 0x8e;
    private static final int BATCH_COUNT_OFFSET = 8;

    /**
     * What a cycle file holds, or why it cannot be trusted.
     *
     * @param records   the complete records in it.
     * @param documents the complete documents holding them (as many as records in a journal of format 1).
     * @param unwritten whether it has no header yet (empty or all zeros): a cycle file a crash or a live writer
     *                  left before anything was written to it.
     * @param problem   what is wrong with it, or null.
     */
    record CycleSummary(long records, long documents, boolean unwritten, String problem)
    {
    }

    /**
     * The roll cycle recorded in a queue's metadata.
     *
     * @param lengthMs the cycle length.
     * @param format   the date format of cycle file names.
     * @param epochMs  the epoch the cycles count from.
     * @param problem  what is wrong with the metadata file, or null (then the other fields hold).
     */
    record Roll(long lengthMs, String format, long epochMs, String problem)
    {
    }

    private QueueFileCheck()
    {
    }

    /**
     * Check a cycle file.
     *
     * @param batched whether its documents are batch documents ({@link BatchDocument}), whose headers count their
     *                records; else each document is one record.
     */
    static CycleSummary cycleFile(final Path file, final boolean batched)
    {
        try (Reader reader = new Reader(file))
        {
            final long size = reader.size();
            if (size >= Integer.BYTES && (reader.intAt(0) & ~META_DATA) == NOT_COMPLETE)
            {
                // the placeholder of a header being written, of no length yet (or a crash cut its writing short):
                // nothing else can be in the file yet
                return new CycleSummary(0, 0, true, null);
            }
            if (size == 0 || (size >= Integer.BYTES && 0 == reader.intAt(0)))
            {
                return reader.allZero(Math.min(size, ZERO_CHECK_BYTES)) ? new CycleSummary(0, 0, true, null) :
                    new CycleSummary(0, 0, false, "has no Chronicle header (its first word is 0) but holds bytes " +
                    "after it: it was overwritten");
            }
            final Header header = header(reader, "SCQStore");
            if (null != header.problem)
            {
                return new CycleSummary(0, 0, false, header.problem);
            }
            final long writePosition;
            try
            {
                writePosition = writePosition(header.content);
            }
            catch (final RuntimeException ex)
            {
                return new CycleSummary(0, 0, false, "its Chronicle header cannot be read: " + ex.getMessage());
            }
            // the documents are read after the header: a live writer completes a record before naming it there, so
            // every record the header names is in what is read next
            reader.discard();
            return walk(reader, header.end, writePosition, batched);
        }
        catch (final IOException ex)
        {
            return new CycleSummary(0, 0, false, "cannot be read: " + ex);
        }
    }

    /**
     * Check a queue's metadata file and read its roll cycle.
     */
    static Roll metadata(final Path file)
    {
        try (Reader reader = new Reader(file))
        {
            final Header header = header(reader, "STStore");
            if (null != header.problem)
            {
                return new Roll(0, null, 0, header.problem);
            }
            final Roll roll;
            try
            {
                roll = roll(header.content);
            }
            catch (final RuntimeException ex)
            {
                return new Roll(0, null, 0, "its Chronicle header cannot be read: " + ex.getMessage());
            }
            final CycleSummary entries = walk(reader, header.end, 0, false);
            return null == entries.problem() ? roll : new Roll(0, null, 0, entries.problem());
        }
        catch (final IOException ex)
        {
            return new Roll(0, null, 0, "cannot be read: " + ex);
        }
    }

    /**
     * The file's header document, checked: complete metadata of a plausible length, of the given type.
     */
    private static Header header(final Reader reader, final String type) throws IOException
    {
        final long size = reader.size();
        if (size < Integer.BYTES)
        {
            return new Header(null, 0, "is " + size + " bytes long, too short for a Chronicle header");
        }
        final int word = reader.intAt(0);
        final int length = word & LENGTH_MASK;
        if ((word & NOT_COMPLETE) != 0 || (word & META_DATA) == 0 || length == 0 || length > MAX_HEADER_LENGTH)
        {
            return new Header(null, 0, String.format("does not start with a Chronicle header (its first word is " +
                "0x%08x): it holds foreign bytes", word));
        }
        if (Integer.BYTES + length > size)
        {
            return new Header(null, 0, "its Chronicle header of " + length + " bytes runs past the end of the " +
                "file at " + size + ": the file is shorter than its content");
        }
        final byte[] content = reader.bytes(Integer.BYTES, length);
        final StringBuilder found = new StringBuilder();
        try
        {
            final Wire wire = WireType.BINARY_LIGHT.apply(Bytes.wrapForRead(content));
            wire.read("header").typePrefix(found, StringBuilder::append);
        }
        catch (final RuntimeException ex)
        {
            return new Header(null, 0, "its Chronicle header cannot be read: " + ex.getMessage());
        }
        if (!type.contentEquals(found))
        {
            return new Header(null, 0, "its Chronicle header is not a " + type + " header (it names '" +
                found + "'): it holds foreign bytes");
        }
        return new Header(content, align(Integer.BYTES + length), null);
    }

    /**
     * {@code writePosition[0]} of a cycle file's header. Chronicle binds the array in place (binary: padding, then
     * the array code, capacity, count used and the values), which its wire does not read back from a copy.
     */
    private static long writePosition(final byte[] content)
    {
        final Bytes<byte[]> bytes = Bytes.wrapForRead(content);
        final Wire wire = WireType.BINARY_LIGHT.apply(bytes);
        final long[] position = {-1};
        wire.read("header").typePrefix(null, (ignored, name) ->
        {
        }).marshallable(store -> position[0] = arrayStart(store, bytes));
        if (position[0] < 0)
        {
            throw new IllegalStateException("no writePosition");
        }
        return position[0];
    }

    private static long arrayStart(final WireIn store, final Bytes<byte[]> bytes)
    {
        store.read("writePosition");
        long at = bytes.readPosition();
        while (at < bytes.readLimit())
        {
            final int code = bytes.readUnsignedByte(at);
            if (code == PADDING)
            {
                at++;
            }
            else if (code == PADDING32)
            {
                at += 1 + Integer.BYTES + bytes.readInt(at + 1);
            }
            else
            {
                break;
            }
        }
        if (at + 1 + 3L * Long.BYTES > bytes.readLimit() || bytes.readUnsignedByte(at) != I64_ARRAY ||
            bytes.readLong(at + 1 + Long.BYTES) < 1)
        {
            throw new IllegalStateException("writePosition is not a long array");
        }
        return bytes.readLong(at + 1 + 2L * Long.BYTES);
    }

    private static Roll roll(final byte[] content)
    {
        final long[] numbers = {0, -1};
        final String[] format = {null};
        final Wire wire = WireType.BINARY_LIGHT.apply(Bytes.wrapForRead(content));
        final ValueIn header = wire.read("header").typePrefix(null, (ignored, name) ->
        {
        });
        header.marshallable(store -> store.read("metadata").typePrefix(null, (ignored, name) ->
        {
        }).marshallable(meta -> meta.read("roll").typePrefix(null, (ignored, name) ->
        {
        }).marshallable(roll ->
        {
            numbers[0] = roll.read("length").int64();
            format[0] = roll.read("format").text();
            numbers[1] = roll.read("epoch").int64();
        })));
        if (numbers[0] <= 0 || null == format[0] || numbers[1] < 0)
        {
            throw new IllegalStateException("no roll cycle (length " + numbers[0] + ", format " + format[0] +
                ", epoch " + numbers[1] + ")");
        }
        return new Roll(numbers[0], format[0], numbers[1], null);
    }

    /**
     * Walk the documents after the header, counting records, up to where nothing more was written.
     */
    private static CycleSummary walk(final Reader reader, final long from, final long writePosition,
        final boolean batched) throws IOException
    {
        long size = reader.size();
        long position = from;
        long records = 0;
        long documents = 0;
        while (true)
        {
            if (position + Integer.BYTES > size && position + Integer.BYTES > (size = reader.refreshSize()))
            {
                return new CycleSummary(records, documents, false, "ends at byte " + size + ", where the next " +
                    "document header should be: the file is shorter than its content");
            }
            final int word = reader.intAt(position);
            if (0 == word || END_OF_DATA == word || (word & NOT_COMPLETE) != 0)
            {
                // nothing more written, the end of a rolled cycle, or a record being written (or torn by a crash)
                break;
            }
            final long end = position + Integer.BYTES + (word & LENGTH_MASK);
            if (end > size && end > (size = reader.refreshSize()))
            {
                return new CycleSummary(records, documents, false, "its document at byte " + position + " of " +
                    (word & LENGTH_MASK) + " bytes runs past the end of the file at " + size +
                    ": the file is shorter than its content");
            }
            if ((word & META_DATA) == 0)
            {
                records += batched ? recordsOf(reader, position, word & LENGTH_MASK) : 1;
                documents++;
            }
            position = align(end);
        }
        if (writePosition > 0 && writePosition >= position)
        {
            return new CycleSummary(records, documents, false, "its header says a record was written at byte " +
                writePosition + " but its documents end at byte " + position + ": records at its end were lost");
        }
        return new CycleSummary(records, documents, false, null);
    }

    /**
     * The records a batch document's header counts; 1 if the count cannot be right (the records are checked when
     * they are read, which reports the document).
     */
    private static int recordsOf(final Reader reader, final long position, final int length) throws IOException
    {
        if (length < BatchDocument.HEADER_BYTES)
        {
            return 1;
        }
        final int count = reader.intAt(position + Integer.BYTES + BATCH_COUNT_OFFSET);
        return count >= 1 && count <= (length - BatchDocument.HEADER_BYTES) / (BatchDocument.LENGTH_BYTES + 1) ?
            count : 1;
    }

    private static long align(final long position)
    {
        return (position + 3) & ~3L;
    }

    /**
     * A file's header document: its content and where the next document starts, or what is wrong.
     */
    private record Header(byte[] content, long end, String problem)
    {
    }

    /**
     * Positional reads through a window of the file, for walking documents in order.
     */
    private static final class Reader implements AutoCloseable
    {
        private final FileChannel channel;
        private long size;
        private final ByteBuffer window = ByteBuffer.allocate(WINDOW_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        private long windowStart = -1;

        Reader(final Path file) throws IOException
        {
            channel = FileChannel.open(file, StandardOpenOption.READ);
            size = channel.size();
        }

        long size()
        {
            return size;
        }

        /**
         * The file's size now: a live writer grows it ahead of what it writes.
         */
        long refreshSize() throws IOException
        {
            size = channel.size();
            return size;
        }

        int intAt(final long position) throws IOException
        {
            if (windowStart < 0 || position < windowStart || position + Integer.BYTES > windowStart + window.limit())
            {
                fill(position);
            }
            return window.getInt((int)(position - windowStart));
        }

        byte[] bytes(final long position, final int length) throws IOException
        {
            final ByteBuffer bytes = ByteBuffer.allocate(length);
            while (bytes.hasRemaining())
            {
                if (channel.read(bytes, position + bytes.position()) < 0)
                {
                    throw new IOException("the file ends at " + (position + bytes.position()));
                }
            }
            return bytes.array();
        }

        boolean allZero(final long length) throws IOException
        {
            for (long at = 0; at < length; at += window.capacity())
            {
                fill(at);
                for (int i = 0; i < window.limit() && at + i < length; i++)
                {
                    if (0 != window.get(i))
                    {
                        return false;
                    }
                }
            }
            return true;
        }

        /**
         * Forget what was read, so that the next read sees the file as it is now.
         */
        void discard()
        {
            windowStart = -1;
        }

        private void fill(final long position) throws IOException
        {
            window.clear();
            while (window.hasRemaining())
            {
                if (channel.read(window, position + window.position()) < 0)
                {
                    break;
                }
            }
            window.flip();
            windowStart = position;
        }

        @Override
        public void close() throws IOException
        {
            channel.close();
        }
    }
}
