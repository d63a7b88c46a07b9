package dev.scribe.engine.snapshot;

import org.agrona.DirectBuffer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.zip.CRC32C;

import static dev.scribe.engine.snapshot.SnapshotFormat.HEADER_LENGTH;
import static dev.scribe.engine.snapshot.SnapshotFormat.MAX_BODY_LENGTH;
import static dev.scribe.engine.snapshot.SnapshotFormat.SECTION_HEADER_LENGTH;

/**
 * Streams the sections of one snapshot into its temporary file through a buffer, so that no section has to be held in
 * memory whole. Handed to a {@link SectionsWriter} by {@link SnapshotStore#write}; the header is written once every
 * section is, then the file is forced and renamed by the store.
 *
 * <p>A section is written either at once from a buffer ({@link #section}) or as a stream
 * ({@link #openSection}), whose length is patched into the section's header when the stream is closed. One section
 * is open at a time.
 */
public final class SnapshotWriter
{
    private static final int BUFFER_LENGTH = 64 * 1024;

    private final FileChannel channel;
    private final Path file;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
    private long bufferFileOffset = HEADER_LENGTH;
    private int sectionCount;
    private SectionStream openSection;
    private boolean finished;

    SnapshotWriter(final FileChannel channel, final Path file)
    {
        this.channel = channel;
        this.file = file;
    }

    /**
     * Write a whole section from a buffer.
     *
     * @param typeId what the section holds, for its reader.
     * @param source holding the section's bytes.
     * @param offset where they start in {@code source}.
     * @param length how many bytes.
     * @throws IOException if the file cannot be written.
     */
    public void section(final int typeId, final DirectBuffer source, final int offset, final int length)
        throws IOException
    {
        checkNoOpenSection();
        if (offset < 0 || length < 0 || offset > source.capacity() - length)
        {
            throw new IllegalArgumentException("section bytes [" + offset + ", " + offset + " + " + length +
                ") are outside the buffer of capacity " + source.capacity());
        }
        beginSection(typeId, length);
        int done = 0;
        while (done < length)
        {
            ensureSpace(1);
            final int chunk = Math.min(buffer.remaining(), length - done);
            source.getBytes(offset + done, buffer, buffer.position(), chunk);
            buffer.position(buffer.position() + chunk);
            done += chunk;
        }
    }

    /**
     * Write a whole section from a byte array.
     *
     * @param typeId what the section holds, for its reader.
     * @param bytes  the section's bytes.
     * @throws IOException if the file cannot be written.
     */
    public void section(final int typeId, final byte[] bytes) throws IOException
    {
        checkNoOpenSection();
        beginSection(typeId, bytes.length);
        writeBytes(bytes, 0, bytes.length);
    }

    /**
     * Start a section whose bytes are written as a stream; close the stream to end the section.
     *
     * @param typeId what the section holds, for its reader.
     * @return the stream for the section's bytes; closing it does not close the snapshot.
     * @throws IOException if the file cannot be written.
     */
    public OutputStream openSection(final int typeId) throws IOException
    {
        checkNoOpenSection();
        final long headerOffset = bufferFileOffset + buffer.position();
        beginSection(typeId, 0);
        openSection = new SectionStream(headerOffset);
        return openSection;
    }

    /**
     * How many sections have been started so far.
     *
     * @return the number of sections.
     */
    public int sectionCount()
    {
        return sectionCount;
    }

    /**
     * Flush what is buffered and return the length of the body; the store then checksums and writes the header.
     */
    long finish() throws IOException
    {
        checkNoOpenSection();
        finished = true;
        flush();
        return bufferFileOffset - HEADER_LENGTH;
    }

    /**
     * CRC32C of the body as it is in the file, read back after {@link #finish()}.
     */
    int bodyCrc(final long bodyLength) throws IOException
    {
        final CRC32C crc = new CRC32C();
        long offset = HEADER_LENGTH;
        final long end = HEADER_LENGTH + bodyLength;
        while (offset < end)
        {
            buffer.clear().limit((int)Math.min(buffer.capacity(), end - offset));
            final int read = channel.read(buffer, offset);
            if (read < 0)
            {
                throw new IOException("snapshot " + file + " ended at " + offset + " while reading back its body");
            }
            buffer.flip();
            crc.update(buffer);
            offset += read;
        }
        return (int)crc.getValue();
    }

    private void beginSection(final int typeId, final int length) throws IOException
    {
        if (finished)
        {
            throw new IllegalStateException("snapshot " + file + " is already finished");
        }
        checkBodyLength(SECTION_HEADER_LENGTH + (long)length);
        ensureSpace(SECTION_HEADER_LENGTH);
        buffer.putInt(typeId).putInt(length);
        sectionCount++;
    }

    private void writeBytes(final byte[] bytes, final int offset, final int length) throws IOException
    {
        int done = 0;
        while (done < length)
        {
            ensureSpace(1);
            final int chunk = Math.min(buffer.remaining(), length - done);
            buffer.put(bytes, offset + done, chunk);
            done += chunk;
        }
    }

    private void checkBodyLength(final long more)
    {
        final long bodyLength = bufferFileOffset + buffer.position() - HEADER_LENGTH;
        if (bodyLength + more > MAX_BODY_LENGTH)
        {
            throw new SnapshotException("snapshot " + file + " would exceed the largest body of " + MAX_BODY_LENGTH +
                " bytes");
        }
    }

    private void ensureSpace(final int bytes) throws IOException
    {
        if (buffer.remaining() < bytes)
        {
            flush();
        }
    }

    private void flush() throws IOException
    {
        buffer.flip();
        while (buffer.hasRemaining())
        {
            bufferFileOffset += channel.write(buffer, bufferFileOffset);
        }
        buffer.clear();
    }

    private void checkNoOpenSection()
    {
        if (null != openSection)
        {
            throw new IllegalStateException("snapshot " + file + ": close the open section first");
        }
    }

    private void endSection(final long headerOffset, final long length) throws IOException
    {
        openSection = null;
        final int lengthOffset = Integer.BYTES;
        if (headerOffset >= bufferFileOffset)
        {
            buffer.putInt((int)(headerOffset - bufferFileOffset) + lengthOffset, (int)length);
        }
        else
        {
            final ByteBuffer patch = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            patch.putInt(0, (int)length);
            while (patch.hasRemaining())
            {
                channel.write(patch, headerOffset + lengthOffset + patch.position());
            }
        }
    }

    private final class SectionStream extends OutputStream
    {
        private final long headerOffset;
        private long length;
        private boolean closed;

        SectionStream(final long headerOffset)
        {
            this.headerOffset = headerOffset;
        }

        @Override
        public void write(final int b) throws IOException
        {
            checkOpen(1);
            ensureSpace(1);
            buffer.put((byte)b);
            length++;
        }

        @Override
        public void write(final byte[] bytes, final int offset, final int count) throws IOException
        {
            if (offset < 0 || count < 0 || offset > bytes.length - count)
            {
                throw new IndexOutOfBoundsException("[" + offset + ", " + offset + " + " + count +
                    ") is outside an array of " + bytes.length);
            }
            checkOpen(count);
            writeBytes(bytes, offset, count);
            length += count;
        }

        @Override
        public void close() throws IOException
        {
            if (!closed)
            {
                closed = true;
                endSection(headerOffset, length);
            }
        }

        private void checkOpen(final int more)
        {
            if (closed)
            {
                throw new IllegalStateException("section of snapshot " + file + " is closed");
            }
            if (length + more > Integer.MAX_VALUE)
            {
                throw new SnapshotException("section of snapshot " + file + " exceeds " + Integer.MAX_VALUE +
                    " bytes");
            }
            checkBodyLength(more);
        }
    }
}
