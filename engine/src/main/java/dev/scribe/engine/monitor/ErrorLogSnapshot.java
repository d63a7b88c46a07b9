package dev.scribe.engine.monitor;

import dev.scribe.engine.EngineException;
import org.agrona.concurrent.errors.ErrorLogReader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The distinct errors of an engine's error log file ({@code errors.dat}, or one kept from an earlier run as
 * {@code errors-*.dat}), read from outside the engine: while it runs (the file is mapped read-only, and a record
 * whose length is not yet written ends the read) or after it has stopped or crashed. The {@code errors} command of
 * {@link EngineStat} prints the same.
 *
 * @param file   the error log file read.
 * @param pid    the process id of the engine that wrote it.
 * @param errors the distinct errors, oldest first.
 */
public record ErrorLogSnapshot(Path file, long pid, List<ErrorLogSnapshot.DistinctError> errors)
{
    /** The name of the current error log in an engine directory. */
    public static final String FILE_NAME = ErrorLogFile.FILE_NAME;

    private static final Pattern LOG_NAME = Pattern.compile("errors(-[0-9A-Za-z-]+)?\\.dat");

    /**
     * One distinct error: the stack trace and how often it was seen, when first and last.
     *
     * @param observations how many times it was logged.
     * @param firstMs      the first time, ms since 1970.
     * @param lastMs       the last time, ms since 1970.
     * @param text         the stack trace.
     */
    public record DistinctError(int observations, long firstMs, long lastMs, String text)
    {
    }

    /**
     * Snapshot the errors, copying the list.
     *
     * @param file   the error log file read.
     * @param pid    the process id of the engine that wrote it.
     * @param errors the distinct errors, oldest first.
     */
    public ErrorLogSnapshot
    {
        errors = List.copyOf(errors);
    }

    /**
     * Whether a file is named as an engine's error log is: {@code errors.dat}, or {@code errors-<time>.dat} kept
     * from an earlier run.
     *
     * @param file the file.
     * @return true if it has an error log's name.
     */
    public static boolean isErrorLogName(final Path file)
    {
        final Path name = file.getFileName();
        return null != name && LOG_NAME.matcher(name.toString()).matches();
    }

    /**
     * Read an error log file, checking its header first; its records are read within the mapped file's bounds.
     *
     * @param file the error log file.
     * @return its distinct errors.
     * @throws EngineException if it is missing, not an error log of this version, or its records do not fit it.
     */
    public static ErrorLogSnapshot read(final Path file)
    {
        try (ErrorLogFile log = ErrorLogFile.openReadOnly(file))
        {
            final List<DistinctError> errors = new ArrayList<>();
            try
            {
                ErrorLogReader.read(log.buffer(), (observations, firstMs, lastMs, text) ->
                    errors.add(new DistinctError(observations, firstMs, lastMs, text)));
            }
            catch (final IndexOutOfBoundsException | IllegalArgumentException ex)
            {
                throw new EngineException(file + " holds an error record that does not fit it: " + ex.getMessage(),
                    ex);
            }
            return new ErrorLogSnapshot(file, log.pid(), errors);
        }
    }
}
