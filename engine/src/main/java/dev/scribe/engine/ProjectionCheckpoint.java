package dev.scribe.engine;

import dev.scribe.journal.FileAccess;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.io.IOException;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * The last journal record a projection has applied, in a small memory-mapped file, so it survives a crash of the
 * process with the projection's own state. The record is named by its position and its CRC32C, so that a journal
 * that no longer holds that record (truncated, or its tail lost while this file survived) is noticed at launch.
 *
 * <p>Format version 1, 40 bytes, little-endian:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                     magic 'SPCK' (int32)                       |  offset 0
 *  +---------------------------------------------------------------+
 *  |                     format version 1 (int32)                   |  offset 4
 *  +---------------------------------------------------------------+
 *  |                 slot 0: position (int64, -1 = none)            |  offset 8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |            slot 0: CRC32C of the record there (int32)          |  offset 16
 *  +---------------------------------------------------------------+
 *  |                    slot 0: check (int32)                       |  offset 20
 *  +---------------------------------------------------------------+
 *  |                 slot 1: position, CRC32C, check                |  offset 24 .. 40
 *  +---------------------------------------------------------------+
 * </pre>
 * Updates alternate between the two slots, the check written last; the check is the low 32 bits of MurmurHash3's
 * 64-bit finaliser of {@code position * 0x9E3779B97F4A7C15 + (crc & 0xFFFFFFFF) + 1}. The current record is the
 * slot with a valid check and the greater position, so an update torn by a power cut leaves the one before it. A
 * file without a valid slot is damaged. At launch the file is read ({@link #read}), the projection's start decided
 * against the journal, and the file written anew ({@link #start}) before it is mapped.
 *
 * <p>Format version 0 was the position alone, 8 bytes; it is read as a position whose record CRC is not known.
 */
final class ProjectionCheckpoint implements AutoCloseable
{
    /** What the file says, as read at launch. */
    enum State
    {
        /** No file yet: the projection has seen nothing. */
        NONE,
        /** A position and the CRC of its record. */
        CURRENT,
        /** A position of format version 0, without the record's CRC. */
        FIRST_FORMAT,
        /** Neither slot is valid. */
        DAMAGED
    }

    static final int MAGIC = 0x4B435053; // "SPCK"
    static final int FORMAT_VERSION = 1;
    static final int LENGTH = 40;
    private static final int SLOTS_OFFSET = 8;
    private static final int SLOT_LENGTH = 16;
    private static final int CRC_OFFSET = 8;
    private static final int CHECK_OFFSET = 12;

    private final File file;
    private State state = State.NONE;
    private boolean found;
    private long readPosition = -1;
    private int readCrc;
    private MappedByteBuffer mapped;
    private UnsafeBuffer buffer;
    private int next;
    private long position = -1;
    private final FileAccess access;

    /**
     * The checkpoint file of a projection with a checkpoint name, in the engine directory's {@code projections}.
     *
     * @return the checkpoint, or null for a projection without a checkpoint name.
     */
    static ProjectionCheckpoint of(final EngineContext context, final Projection projection)
    {
        final String name = projection.checkpointName();
        if (null == name)
        {
            return null;
        }
        if (!name.matches("[A-Za-z0-9._-]+"))
        {
            throw new IllegalArgumentException("projection checkpoint name must be letters, digits, '.', '_' or " +
                "'-': " + name);
        }
        final FileAccess access = context.journalContext().fileAccess();
        final File dir = context.directory().resolve("projections").toFile();
        final File file = new File(dir, name + ".checkpoint");
        try
        {
            access.createDirectories(dir.toPath());
            return new ProjectionCheckpoint(file, access);
        }
        catch (final IOException ex)
        {
            throw new EngineException("cannot create or restrict " + file + " to " + access, ex);
        }
    }

    ProjectionCheckpoint(final File file)
    {
        this(file, FileAccess.OWNER_ONLY);
    }

    ProjectionCheckpoint(final File file, final FileAccess access)
    {
        this.file = file;
        this.access = access;
    }

    File file()
    {
        return file;
    }

    /**
     * Read the file as it is, mapping nothing.
     *
     * @throws EngineException naming the file if it is not a projection checkpoint or of a newer format.
     */
    void read()
    {
        found = file.exists();
        if (!found)
        {
            state = State.NONE;
            return;
        }
        try
        {
            access.restrictFile(file.toPath());
        }
        catch (final IOException ex)
        {
            throw new EngineException("cannot restrict projection checkpoint " + file + " to " + access + ": " +
                ex.getMessage(), ex);
        }
        final ByteBuffer bytes;
        try
        {
            bytes = ByteBuffer.wrap(Files.readAllBytes(file.toPath())).order(ByteOrder.LITTLE_ENDIAN);
        }
        catch (final IOException ex)
        {
            throw new EngineException("cannot read projection checkpoint " + file + ": " + ex.getMessage(), ex);
        }
        if (bytes.capacity() == Long.BYTES)
        {
            readPosition = bytes.getLong(0);
            state = readPosition < 0 ? State.NONE : State.FIRST_FORMAT;
            return;
        }
        if (bytes.capacity() < SLOTS_OFFSET || bytes.getInt(0) != MAGIC)
        {
            throw new EngineException("projection checkpoint " + file + " is not a checkpoint file: " +
                bytes.capacity() + " bytes" + (bytes.capacity() < SLOTS_OFFSET ? "" : ", magic 0x" +
                Integer.toHexString(bytes.getInt(0))));
        }
        if (bytes.getInt(4) != FORMAT_VERSION || bytes.capacity() != LENGTH)
        {
            throw new EngineException("projection checkpoint " + file + " has format version " + bytes.getInt(4) +
                " and " + bytes.capacity() + " bytes; this engine reads version " + FORMAT_VERSION + " of " +
                LENGTH + " bytes");
        }
        readSlots(bytes);
    }

    private void readSlots(final ByteBuffer bytes)
    {
        state = State.DAMAGED;
        for (int slot = 0; slot < 2; slot++)
        {
            final int offset = SLOTS_OFFSET + slot * SLOT_LENGTH;
            final long slotPosition = bytes.getLong(offset);
            final int crc = bytes.getInt(offset + CRC_OFFSET);
            if (bytes.getInt(offset + CHECK_OFFSET) == check(slotPosition, crc) &&
                (state == State.DAMAGED || slotPosition > readPosition))
            {
                state = slotPosition < 0 ? State.NONE : State.CURRENT;
                readPosition = slotPosition;
                readCrc = crc;
            }
        }
    }

    State state()
    {
        return state;
    }

    /**
     * Whether {@link #read} found a file: with {@link State#NONE}, one that a start wrote before any record was
     * applied, which tells a start that was decided already from one that was never made.
     */
    boolean found()
    {
        return found;
    }

    /** The position read, or -1. */
    long readPosition()
    {
        return readPosition;
    }

    /** The CRC32C of the record at the position read, if {@link State#CURRENT}. */
    int readCrc()
    {
        return readCrc;
    }

    /**
     * Write the file anew (a temporary file forced to storage and renamed over it) with the record the projection
     * starts after, and map it.
     *
     * @param startPosition the record's position, or -1 for none.
     * @param recordCrc     its CRC32C.
     */
    void start(final long startPosition, final int recordCrc)
    {
        final ByteBuffer bytes = ByteBuffer.allocate(LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putInt(0, MAGIC).putInt(4, FORMAT_VERSION);
        for (int slot = 0; slot < 2; slot++)
        {
            final int offset = SLOTS_OFFSET + slot * SLOT_LENGTH;
            bytes.putLong(offset, startPosition).putInt(offset + CRC_OFFSET, recordCrc)
                .putInt(offset + CHECK_OFFSET, check(startPosition, recordCrc));
        }
        final File temporary = new File(file.getParentFile(), file.getName() + ".tmp");
        try
        {
            Files.deleteIfExists(temporary.toPath()); // a leftover, or a planted link: removed, never written through
            try (FileChannel channel = FileChannel.open(temporary.toPath(), Set.of(
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), access.fileAttributes(temporary.toPath()
                .getParent())))
            {
                access.restrictFile(temporary.toPath());
                while (bytes.hasRemaining())
                {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            Files.move(temporary.toPath(), file.toPath(), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel directory = FileChannel.open(file.getParentFile().toPath(), StandardOpenOption.READ))
            {
                directory.force(true);
            }
        }
        catch (final IOException ex)
        {
            throw new EngineException("cannot write projection checkpoint " + file + ": " + ex.getMessage(), ex);
        }
        mapped = IoUtil.mapExistingFile(file, "projection checkpoint");
        buffer = new UnsafeBuffer(mapped);
        position = startPosition;
        next = 0;
    }

    /** The position of the last record the projection applied, or -1. */
    long position()
    {
        return position;
    }

    /**
     * The projection applied the record at a position; on its thread.
     *
     * @param recordPosition the record's position.
     * @param recordCrc      the record's CRC32C.
     */
    void position(final long recordPosition, final int recordCrc)
    {
        final int offset = SLOTS_OFFSET + next * SLOT_LENGTH;
        buffer.putLong(offset, recordPosition, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(offset + CRC_OFFSET, recordCrc, ByteOrder.LITTLE_ENDIAN);
        // the check last: a slot whose check is stored holds the position and CRC it was computed from
        VarHandle.releaseFence();
        buffer.putInt(offset + CHECK_OFFSET, check(recordPosition, recordCrc), ByteOrder.LITTLE_ENDIAN);
        next ^= 1;
        position = recordPosition;
    }

    static int check(final long position, final int crc)
    {
        return (int)StateHasher.mix(position * 0x9E3779B97F4A7C15L + (crc & 0xFFFFFFFFL) + 1);
    }

    @Override
    public void close()
    {
        if (null != mapped)
        {
            IoUtil.unmap(mapped);
            mapped = null;
        }
    }
}
