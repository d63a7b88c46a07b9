package dev.scribe.engine.monitor;

import dev.scribe.engine.EngineException;
import dev.scribe.journal.FileAccess;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.errors.ErrorLogReader;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The engine's error log file, {@code errors.dat} in the engine directory: an Agrona
 * {@link org.agrona.concurrent.errors.DistinctErrorLog} behind a versioned header, mapped into memory so another
 * process can read the distinct errors, with their counts and first and last times, while the engine runs and after
 * it has stopped or crashed. The engine creates it at launch; an earlier run's file that holds errors is first
 * renamed to {@code errors-<its start time, UTC, yyyyMMdd-HHmmss-SSS>.dat}, so a restart after a crash loses none.
 * Fields are in the platform's byte order (little-endian on x86 and ARM).
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                  Magic 0x53455252 "SERR" (int32)              |  0
 *  +---------------------------------------------------------------+
 *  |                    Format version, 1 (int32)                  |  4
 *  +---------------------------------------------------------------+
 *  |                 Process id of the engine (int64)              |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |          Engine start time, ms since 1970 (int64)             | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                     Error log length (int32)                  | 24
 *  +---------------------------------------------------------------+
 *  |                          0 (int32)                            | 28
 *  +---------------------------------------------------------------+
 *  |                  Reserved, zero, to byte 128                 ...
 *  +---------------------------------------------------------------+
 *  |       Error log, from byte 128: DistinctErrorLog records     ...
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * Each record of the log is laid out as Agrona's {@code DistinctErrorLog} draws it: length, observation count,
 * last and first observation time (ms since 1970, from the engine clock), then the stack trace as UTF-8, padded to
 * 8 bytes. A record's length is written last, so a reader stops at the first zero length.
 */
public final class ErrorLogFile extends MappedFile
{
    /** The file's name in the engine directory. */
    public static final String FILE_NAME = "errors.dat";
    /** The header's magic number, "SERR". */
    public static final int MAGIC = 0x53455252;
    /** The format version this code writes and reads. */
    public static final int VERSION = 1;

    private static final DateTimeFormatter ARCHIVE_TIME =
        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    private final AtomicBuffer buffer;

    private ErrorLogFile(final Path file, final MappedByteBuffer mapped)
    {
        super(file, mapped);
        this.buffer = section(false);
    }

    /**
     * Create the error log of an engine, first keeping an earlier run's log if it holds errors.
     *
     * @param directory   the engine directory.
     * @param pid         the engine's process id.
     * @param startTimeMs when the engine started, in epoch milliseconds.
     * @param logLength   the bytes of the log.
     * @param access      the permissions the engine's files get.
     * @return the mapped file.
     * @throws EngineException if it cannot be created or the earlier log cannot be kept.
     */
    public static ErrorLogFile create(
        final Path directory, final long pid, final long startTimeMs, final int logLength, final FileAccess access)
    {
        final Path file = directory.resolve(FILE_NAME);
        archive(file);
        return new ErrorLogFile(file, MappedFile.create(file, MAGIC, VERSION, pid, startTimeMs, logLength, 0,
            access));
    }

    /**
     * Map an error log file read-only, checking its header.
     *
     * @param file the error log file.
     * @return the mapped file.
     * @throws EngineException if it is missing or not an error log of this version.
     */
    public static ErrorLogFile openReadOnly(final Path file)
    {
        return new ErrorLogFile(file, MappedFile.openReadOnly(file, MAGIC, VERSION, "error log"));
    }

    /**
     * Rename an earlier run's log out of the way unless it is a log of this version without errors; a file this
     * version cannot read is kept too, named by its modification time.
     */
    private static void archive(final Path file)
    {
        if (!Files.isRegularFile(file))
        {
            return;
        }
        long timeMs;
        try (ErrorLogFile previous = openReadOnly(file))
        {
            if (!ErrorLogReader.hasErrors(previous.buffer()))
            {
                return;
            }
            timeMs = previous.startTimeMs();
        }
        catch (final EngineException unreadable)
        {
            timeMs = -1;
        }
        try
        {
            if (timeMs < 0)
            {
                timeMs = Files.getLastModifiedTime(file).toMillis();
            }
            final String stem = "errors-" + ARCHIVE_TIME.format(Instant.ofEpochMilli(timeMs));
            Path target = file.resolveSibling(stem + ".dat");
            for (int n = 1; Files.exists(target); n++)
            {
                target = file.resolveSibling(stem + "-" + n + ".dat");
            }
            Files.move(file, target);
        }
        catch (final IOException ex)
        {
            throw new EngineException("cannot keep the previous error log " + file, ex);
        }
    }

    /**
     * The log, for an Agrona {@code DistinctErrorLog} (writing) or {@code ErrorLogReader} (reading).
     *
     * @return the log section.
     */
    public AtomicBuffer buffer()
    {
        return buffer;
    }
}
