package dev.scribe.engine.monitor;

import dev.scribe.engine.EngineException;
import dev.scribe.journal.FileAccess;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * One of the engine's memory-mapped files, {@link CountersFile} and {@link ErrorLogFile}, which share one header
 * (drawn in their javadoc): magic, format version, process id, start time and the lengths of up to two sections, in
 * the platform's byte order, then the sections from byte {@link #HEADER_LENGTH}. This class creates and opens them,
 * reads the header's process id and start time, and unmaps the file on close; each subclass adds its sections.
 *
 * <p>A file is written under a temporary name and renamed into place once its header is complete, so a reader sees
 * either the old file or the whole new one; the version is also written last, with release semantics. A reader
 * checks magic, version and lengths before it reads anything else.
 */
public abstract class MappedFile implements AutoCloseable
{
    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = 4;
    static final int PID_OFFSET = 8;
    static final int START_TIME_OFFSET = 16;
    static final int FIRST_LENGTH_OFFSET = 24;
    static final int SECOND_LENGTH_OFFSET = 28;
    /** Two cache lines, so the sections start aligned. */
    static final int HEADER_LENGTH = 128;

    private final Path file;
    private final MappedByteBuffer mapped;

    MappedFile(final Path file, final MappedByteBuffer mapped)
    {
        this.file = file;
        this.mapped = mapped;
    }

    /**
     * The file.
     *
     * @return its path.
     */
    public final Path file()
    {
        return file;
    }

    /**
     * The process id of the engine that created the file.
     *
     * @return the pid, from the header.
     */
    public final long pid()
    {
        return new UnsafeBuffer(mapped, 0, HEADER_LENGTH).getLong(PID_OFFSET);
    }

    /**
     * When the engine that created the file started.
     *
     * @return epoch milliseconds, from the header.
     */
    public final long startTimeMs()
    {
        return new UnsafeBuffer(mapped, 0, HEADER_LENGTH).getLong(START_TIME_OFFSET);
    }

    /**
     * The first or the second section, as the header gives their lengths.
     */
    final UnsafeBuffer section(final boolean second)
    {
        final UnsafeBuffer header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
        final int firstLength = header.getInt(FIRST_LENGTH_OFFSET);
        return second ?
            new UnsafeBuffer(mapped, HEADER_LENGTH + firstLength, header.getInt(SECOND_LENGTH_OFFSET)) :
            new UnsafeBuffer(mapped, HEADER_LENGTH, firstLength);
    }

    /**
     * Unmap the file; it stays on disk as it was last written. Nothing may touch its sections afterwards.
     */
    @Override
    public final void close()
    {
        IoUtil.unmap(mapped);
    }

    /**
     * Create a file with a complete header and zeroed sections, replacing any file of that name. The temporary file
     * is created anew (Agrona creates it exclusively, so a link planted at its name is refused) and given the access
     * before its header is written.
     */
    static MappedByteBuffer create(
        final Path file,
        final int magic,
        final int version,
        final long pid,
        final long startTimeMs,
        final int firstLength,
        final int secondLength,
        final FileAccess access)
    {
        final Path temporary = file.resolveSibling(file.getFileName() + ".new");
        MappedByteBuffer mapped = null;
        try
        {
            Files.deleteIfExists(temporary);
            mapped = IoUtil.mapNewFile(temporary.toFile(), (long)HEADER_LENGTH + firstLength + secondLength, true);
            access.restrictFile(temporary);
            final UnsafeBuffer header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
            header.putInt(MAGIC_OFFSET, magic);
            header.putLong(PID_OFFSET, pid);
            header.putLong(START_TIME_OFFSET, startTimeMs);
            header.putInt(FIRST_LENGTH_OFFSET, firstLength);
            header.putInt(SECOND_LENGTH_OFFSET, secondLength);
            header.putIntRelease(VERSION_OFFSET, version);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return mapped;
        }
        catch (final IOException | RuntimeException ex)
        {
            if (null != mapped)
            {
                IoUtil.unmap(mapped); // the mapping is this method's until it is returned
            }
            throw new EngineException("cannot create " + file, ex);
        }
    }

    /**
     * Map an existing file read-only and check its header.
     *
     * @throws EngineException naming the file and what is wrong with it.
     */
    static MappedByteBuffer openReadOnly(final Path file, final int magic, final int version, final String what)
    {
        if (!Files.isRegularFile(file))
        {
            throw new EngineException("there is no " + what + " file " + file);
        }
        final MappedByteBuffer mapped;
        try
        {
            mapped = IoUtil.mapExistingFile(file.toFile(), FileChannel.MapMode.READ_ONLY, what);
        }
        catch (final RuntimeException ex)
        {
            throw new EngineException("cannot map " + file, ex);
        }
        final String problem = check(new UnsafeBuffer(mapped), magic, version, what);
        if (null != problem)
        {
            IoUtil.unmap(mapped);
            throw new EngineException(file + " " + problem);
        }
        return mapped;
    }

    private static String check(final UnsafeBuffer buffer, final int magic, final int version, final String what)
    {
        if (buffer.capacity() < HEADER_LENGTH)
        {
            return "is not a Scribe " + what + " file: it has " + buffer.capacity() + " bytes, less than a header";
        }
        final int foundMagic = buffer.getInt(MAGIC_OFFSET);
        if (foundMagic != magic)
        {
            return String.format(Locale.ROOT, "is not a Scribe %s file: magic 0x%08x, expected 0x%08x", what,
                foundMagic, magic);
        }
        final int foundVersion = buffer.getIntAcquire(VERSION_OFFSET);
        if (foundVersion != version)
        {
            return "has " + what + " format version " + foundVersion + "; this version of Scribe reads version " +
                version;
        }
        final long first = buffer.getInt(FIRST_LENGTH_OFFSET);
        final long second = buffer.getInt(SECOND_LENGTH_OFFSET);
        if (first < 0 || second < 0 || HEADER_LENGTH + first + second > buffer.capacity())
        {
            return "is truncated or damaged: its header gives sections of " + first + " and " + second +
                " bytes but the file has " + buffer.capacity() + " bytes";
        }
        return null;
    }
}
