package dev.scribe.engine.monitor;

import dev.scribe.journal.FileAccess;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.nio.MappedByteBuffer;
import java.nio.file.Path;

/**
 * The engine's counters file, {@code counters.dat} in the engine directory: the metadata and values buffers of an
 * Agrona {@link org.agrona.concurrent.status.CountersManager}, behind a versioned header, mapped into memory so
 * another process can read the counters while the engine runs and after it has stopped or crashed. The engine
 * creates it at launch, replacing the file of an earlier run. Fields are in the platform's byte order
 * (little-endian on x86 and ARM).
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                  Magic 0x53434e54 "SCNT" (int32)              |  0
 *  +---------------------------------------------------------------+
 *  |                    Format version, 1 (int32)                  |  4
 *  +---------------------------------------------------------------+
 *  |                 Process id of the engine (int64)              |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |          Engine start time, ms since 1970 (int64)             | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                  Metadata buffer length (int32)               | 24
 *  +---------------------------------------------------------------+
 *  |                   Values buffer length (int32)                | 28
 *  +---------------------------------------------------------------+
 *  |                  Reserved, zero, to byte 128                 ...
 *  +---------------------------------------------------------------+
 *  |      Metadata buffer: 512 bytes per counter, from byte 128   ...
 *  +---------------------------------------------------------------+
 *  |   Values buffer: 128 bytes per counter, after the metadata   ...
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * The two buffers have Agrona's {@link CountersReader} layout: per counter, its state, type id, key and label in
 * the metadata buffer and its 64-bit value in the values buffer.
 */
public final class CountersFile extends MappedFile
{
    /** The file's name in the engine directory. */
    public static final String FILE_NAME = "counters.dat";
    /** The header's magic number, "SCNT". */
    public static final int MAGIC = 0x53434e54;
    /** The format version this code writes and reads. */
    public static final int VERSION = 1;
    /** Room for the engine's counters and those still to come. */
    public static final int MAX_COUNTERS = 32;
    /** Bytes of the metadata section. */
    public static final int METADATA_LENGTH = MAX_COUNTERS * CountersReader.METADATA_LENGTH;
    /** Bytes of the values section. */
    public static final int VALUES_LENGTH = MAX_COUNTERS * CountersReader.COUNTER_LENGTH;

    private final AtomicBuffer metaDataBuffer;
    private final AtomicBuffer valuesBuffer;

    private CountersFile(final Path file, final MappedByteBuffer mapped)
    {
        super(file, mapped);
        this.metaDataBuffer = section(false);
        this.valuesBuffer = section(true);
    }

    /**
     * Create the counters file of an engine, replacing an old one.
     *
     * @param directory   the engine directory.
     * @param pid         the engine's process id.
     * @param startTimeMs when the engine started, in epoch milliseconds.
     * @param access      the permissions the engine's files get.
     * @return the mapped file.
     * @throws EngineException if it cannot be created.
     */
    public static CountersFile create(
        final Path directory, final long pid, final long startTimeMs, final FileAccess access)
    {
        final Path file = directory.resolve(FILE_NAME);
        return new CountersFile(file, MappedFile.create(
            file, MAGIC, VERSION, pid, startTimeMs, METADATA_LENGTH, VALUES_LENGTH, access));
    }

    /**
     * Map a counters file read-only, checking its header.
     *
     * @param file the counters file.
     * @return the mapped file.
     * @throws EngineException if it is missing or not a counters file of this version.
     */
    public static CountersFile openReadOnly(final Path file)
    {
        return new CountersFile(file, MappedFile.openReadOnly(file, MAGIC, VERSION, "counters"));
    }

    /**
     * The counters' metadata, for an Agrona {@code CountersManager} or {@code CountersReader}.
     *
     * @return the metadata section.
     */
    public AtomicBuffer metaDataBuffer()
    {
        return metaDataBuffer;
    }

    /**
     * The counters' values, for an Agrona {@code CountersManager} or {@code CountersReader}.
     *
     * @return the values section.
     */
    public AtomicBuffer valuesBuffer()
    {
        return valuesBuffer;
    }
}
