package dev.scribe.engine.snapshot;

import dev.scribe.journal.PositionFormat;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.io.DirectBufferInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

import static dev.scribe.engine.snapshot.SnapshotFormat.BODY_CRC_OFFSET;
import static dev.scribe.engine.snapshot.SnapshotFormat.BODY_LENGTH_OFFSET;
import static dev.scribe.engine.snapshot.SnapshotFormat.EPOCH_OFFSET;
import static dev.scribe.engine.snapshot.SnapshotFormat.HEADER_CRC_OFFSET;
import static dev.scribe.engine.snapshot.SnapshotFormat.HEADER_LENGTH;
import static dev.scribe.engine.snapshot.SnapshotFormat.MAGIC;
import static dev.scribe.engine.snapshot.SnapshotFormat.MAGIC_OFFSET;
import static dev.scribe.engine.snapshot.SnapshotFormat.MAX_BODY_LENGTH;
import static dev.scribe.engine.snapshot.SnapshotFormat.POSITION_OFFSET;
import static dev.scribe.engine.snapshot.SnapshotFormat.RESERVED_OFFSET;
import static dev.scribe.engine.snapshot.SnapshotFormat.SECTION_COUNT_OFFSET;
import static dev.scribe.engine.snapshot.SnapshotFormat.SECTION_HEADER_LENGTH;
import static dev.scribe.engine.snapshot.SnapshotFormat.STATE_HASH_OFFSET;
import static dev.scribe.engine.snapshot.SnapshotFormat.TIMESTAMP_OFFSET;
import static dev.scribe.engine.snapshot.SnapshotFormat.VERSION;
import static dev.scribe.engine.snapshot.SnapshotFormat.VERSION_OFFSET;

/**
 * A snapshot file, memory-mapped read-only and validated whole before any of its sections is handed out.
 *
 * <p>Layout, all integers little-endian; the header is 64 bytes, the body follows it and ends the file:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                  Magic 0x50414E53 ("SNAP")                    |  0
 *  +---------------------------------------------------------------+
 *  |                     Format Version (1)                        |  4
 *  +---------------------------------------------------------------+
 *  |                  Journal Position (8 bytes)                   |  8
 *  +---------------------------------------------------------------+
 *  |                       Epoch (8 bytes)                         | 16
 *  +---------------------------------------------------------------+
 *  |                     State Hash (8 bytes)                      | 24
 *  +---------------------------------------------------------------+
 *  |              Timestamp, ms since epoch (8 bytes)              | 32
 *  +---------------------------------------------------------------+
 *  |                    Body Length (8 bytes)                      | 40
 *  +---------------------------------------------------------------+
 *  |                  CRC32C of the whole Body                     | 48
 *  +---------------------------------------------------------------+
 *  |                      Section Count                            | 52
 *  +---------------------------------------------------------------+
 *  |                      Reserved (0)                             | 56
 *  +---------------------------------------------------------------+
 *  |               CRC32C of header bytes [0, 60)                  | 60
 *  +---------------------------------------------------------------+
 *  |  Body: Section Count sections, each                           | 64
 *  |  +---------------------------------------------------------+  |
 *  |  |                  Section Type Id                         | |
 *  |  +---------------------------------------------------------+  |
 *  |  |                  Section Length (n)                      | |
 *  |  +---------------------------------------------------------+  |
 *  |  |                  n bytes of the section                ...  |
 *  |  +---------------------------------------------------------+  |
 *  +---------------------------------------------------------------+
 * </pre>
 * The magic, the version and the header CRC keep their offsets in every format version. A file is accepted only if
 * it is at least a header long, has the magic, a header CRC that matches, a version this reader knows, a body length
 * equal to the file's length less the header, a body CRC that matches, and sections whose lengths each fit in what
 * remains of the body, that exactly fill it and whose number is the section count. Nothing is read from a length
 * field before these checks have passed. The body is at most {@code 2^31 - 65} bytes so that it can be mapped whole.
 */
public final class SnapshotReader implements AutoCloseable
{
    private final Path file;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer buffer;
    private final long position;
    private final long epoch;
    private final long stateHash;
    private final long timestampMs;
    private final int bodyLength;
    private final int sectionCount;
    private boolean closed;

    private SnapshotReader(final Path file, final MappedByteBuffer mapped)
    {
        this.file = file;
        this.mapped = mapped;
        buffer = new UnsafeBuffer(mapped);
        final ByteBuffer header = mapped.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        position = header.getLong(POSITION_OFFSET);
        epoch = header.getLong(EPOCH_OFFSET);
        stateHash = header.getLong(STATE_HASH_OFFSET);
        timestampMs = header.getLong(TIMESTAMP_OFFSET);
        bodyLength = (int)header.getLong(BODY_LENGTH_OFFSET);
        sectionCount = header.getInt(SECTION_COUNT_OFFSET);
    }

    /**
     * Open and validate a snapshot file.
     *
     * @param file the snapshot file.
     * @return the reader, to be closed.
     * @throws SnapshotException naming the file and what is wrong with it if it is missing, damaged or partial.
     */
    public static SnapshotReader open(final Path file)
    {
        final MappedByteBuffer mapped;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final long size = channel.size();
            if (size < HEADER_LENGTH)
            {
                throw new SnapshotException("snapshot " + file + " is truncated: " + size +
                    " bytes, shorter than the " + HEADER_LENGTH + "-byte header");
            }
            if (size > HEADER_LENGTH + MAX_BODY_LENGTH)
            {
                throw new SnapshotException("snapshot " + file + " is " + size + " bytes, larger than any snapshot");
            }
            mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
        }
        catch (final NoSuchFileException ex)
        {
            throw new SnapshotException("snapshot " + file + " does not exist", ex);
        }
        catch (final IOException ex)
        {
            throw new SnapshotException("cannot read snapshot " + file + ": " + ex, ex);
        }
        try
        {
            validate(file, mapped);
        }
        catch (final SnapshotException ex)
        {
            IoUtil.unmap(mapped);
            throw ex;
        }
        return new SnapshotReader(file, mapped);
    }

    /**
     * The file this snapshot was read from.
     *
     * @return the path.
     */
    public Path file()
    {
        return file;
    }

    /**
     * The journal position the snapshot's state is at: replay continues after it.
     *
     * @return the position.
     */
    public long position()
    {
        return position;
    }

    /**
     * The epoch (term of leadership) the snapshot was taken in.
     *
     * @return the epoch.
     */
    public long epoch()
    {
        return epoch;
    }

    /**
     * The hash of the state the snapshot holds, to compare with the state rebuilt from it.
     *
     * @return the state hash.
     */
    public long stateHash()
    {
        return stateHash;
    }

    /**
     * When the snapshot was written, informational only.
     *
     * @return milliseconds since 1970-01-01T00:00Z.
     */
    public long timestampMs()
    {
        return timestampMs;
    }

    /**
     * Length of the body: every section with its 8-byte section header.
     *
     * @return the body length in bytes.
     */
    public int bodyLength()
    {
        return bodyLength;
    }

    /**
     * How many sections the snapshot holds.
     *
     * @return the section count.
     */
    public int sectionCount()
    {
        return sectionCount;
    }

    /**
     * Hand every section, in order, to a handler, as a slice of the mapped file.
     *
     * @param handler to receive the sections; the buffer it is given is valid until this reader is closed.
     */
    public void forEachSection(final SectionHandler handler)
    {
        checkOpen();
        int offset = HEADER_LENGTH;
        final int end = HEADER_LENGTH + bodyLength;
        while (offset < end)
        {
            final int typeId = buffer.getInt(offset, ByteOrder.LITTLE_ENDIAN);
            final int length = buffer.getInt(offset + Integer.BYTES, ByteOrder.LITTLE_ENDIAN);
            handler.onSection(typeId, buffer, offset + SECTION_HEADER_LENGTH, length);
            offset += SECTION_HEADER_LENGTH + length;
        }
    }

    /**
     * A stream over the bytes of a section, for a codec that reads streams.
     *
     * @param buffer as given to {@link SectionHandler#onSection}.
     * @param offset as given to {@link SectionHandler#onSection}.
     * @param length as given to {@link SectionHandler#onSection}.
     * @return a stream of exactly the section's bytes.
     */
    public static InputStream stream(final DirectBuffer buffer, final int offset, final int length)
    {
        return new DirectBufferInputStream(buffer, offset, length);
    }

    /**
     * Unmap the file; section buffers handed out before are no longer valid.
     */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            IoUtil.unmap(mapped);
        }
    }

    @Override
    public String toString()
    {
        return "snapshot " + file + " at position " + PositionFormat.position(position) + ", epoch " + epoch + ", " +
            sectionCount +
            " sections, " + bodyLength + " body bytes";
    }

    private void checkOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("snapshot " + file + " is closed");
        }
    }

    private static void validate(final Path file, final MappedByteBuffer mapped)
    {
        final ByteBuffer bytes = mapped.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        final int size = bytes.capacity();
        final int magic = bytes.getInt(MAGIC_OFFSET);
        if (MAGIC != magic)
        {
            throw damaged(file, "wrong magic 0x" + Integer.toHexString(magic) + ", a snapshot starts with 0x" +
                Integer.toHexString(MAGIC));
        }
        final int storedHeaderCrc = bytes.getInt(HEADER_CRC_OFFSET);
        final int headerCrc = SnapshotFormat.headerCrc(bytes);
        if (storedHeaderCrc != headerCrc)
        {
            throw damaged(file, "header CRC32C mismatch: stored 0x" + Integer.toHexString(storedHeaderCrc) +
                ", computed 0x" + Integer.toHexString(headerCrc));
        }
        final int version = bytes.getInt(VERSION_OFFSET);
        if (VERSION != version)
        {
            throw damaged(file, "unsupported format version " + version + ", this reader knows " + VERSION);
        }
        if (0 != bytes.getInt(RESERVED_OFFSET))
        {
            throw damaged(file, "reserved header field is not 0");
        }
        final long bodyLength = bytes.getLong(BODY_LENGTH_OFFSET);
        if (bodyLength != size - HEADER_LENGTH)
        {
            throw damaged(file, (bodyLength > size - HEADER_LENGTH ? "truncated" : "has trailing bytes") +
                ": header says the body is " + bodyLength + " bytes, the file holds " + (size - HEADER_LENGTH));
        }
        final CRC32C crc = new CRC32C();
        crc.update(bytes.duplicate().position(HEADER_LENGTH).limit(size));
        final int storedBodyCrc = bytes.getInt(BODY_CRC_OFFSET);
        if (storedBodyCrc != (int)crc.getValue())
        {
            throw damaged(file, "body CRC32C mismatch: stored 0x" + Integer.toHexString(storedBodyCrc) +
                ", computed 0x" + Integer.toHexString((int)crc.getValue()));
        }
        validateSections(file, bytes, size, bytes.getInt(SECTION_COUNT_OFFSET));
    }

    private static void validateSections(final Path file, final ByteBuffer bytes, final int size, final int count)
    {
        int offset = HEADER_LENGTH;
        int sections = 0;
        while (offset < size)
        {
            if (size - offset < SECTION_HEADER_LENGTH)
            {
                throw damaged(file, "section " + sections + " at offset " + offset + " has only " +
                    (size - offset) + " bytes left for its " + SECTION_HEADER_LENGTH + "-byte header");
            }
            final int length = bytes.getInt(offset + Integer.BYTES);
            final int remaining = size - offset - SECTION_HEADER_LENGTH;
            if (length < 0 || length > remaining)
            {
                throw damaged(file, "section " + sections + " at offset " + offset + " claims " + length +
                    " bytes, " + remaining + " remain in the body");
            }
            offset += SECTION_HEADER_LENGTH + length;
            sections++;
        }
        if (sections != count)
        {
            throw damaged(file, "header says " + count + " sections, the body holds " + sections);
        }
    }

    private static SnapshotException damaged(final Path file, final String what)
    {
        return new SnapshotException("snapshot " + file + " is damaged: " + what);
    }
}
