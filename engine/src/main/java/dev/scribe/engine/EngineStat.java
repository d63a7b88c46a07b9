package dev.scribe.engine;

import org.agrona.concurrent.errors.ErrorLogReader;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

/**
 * Command-line tool reading an engine's counters and error log from another process, while the engine runs or
 * after it has stopped or crashed. It maps the files read-only and never changes them.
 *
 * <pre>
 *   stat   DIR [--watch SECONDS [--count N]]   every counter: id, value and label
 *   errors DIR                                 the distinct errors, with counts and first and last times
 * </pre>
 *
 * DIR is the engine directory, or the counters or error log file itself (a kept {@code errors-*.dat}, say).
 * {@code --watch} prints the counters again every SECONDS (fractions allowed) until interrupted, or N times.
 * Exit codes: 0 fine (whether or not the log holds errors), 2 wrong usage or a file that could not be read.
 */
public final class EngineStat
{
    /** Exit code when everything asked for was printed. */
    public static final int EXIT_OK = 0;
    /** Exit code for wrong usage or a file that could not be read. */
    public static final int EXIT_ERROR = 2;

    private static final long MILLIS_PER_SECOND = 1000L;

    private final PrintStream out;
    private final PrintStream err;

    /**
     * A tool printing to the given streams.
     *
     * @param out for results.
     * @param err for errors.
     */
    public EngineStat(final PrintStream out, final PrintStream err)
    {
        this.out = out;
        this.err = err;
    }

    /**
     * Run from the command line.
     *
     * @param args the command and its arguments.
     */
    public static void main(final String[] args)
    {
        final PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        final PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        System.exit(new EngineStat(out, err).run(args));
    }

    /**
     * Run a command.
     *
     * @param args the command ({@code stat} or {@code errors}) and its arguments.
     * @return the exit code.
     */
    public int run(final String... args)
    {
        if (args.length < 2)
        {
            return usage("expected a command and an engine directory");
        }
        final Path path = Path.of(args[1]);
        final String[] options = Arrays.copyOfRange(args, 2, args.length);
        try
        {
            switch (args[0])
            {
                case "stat":
                    return stat(resolve(path, CountersFile.FILE_NAME), options);
                case "errors":
                    return errors(resolve(path, ErrorLogFile.FILE_NAME), options);
                default:
                    return usage("unknown command '" + args[0] + "'");
            }
        }
        catch (final IllegalArgumentException ex)
        {
            return usage(ex.getMessage());
        }
        catch (final EngineException ex)
        {
            err.println(null == ex.getCause() ? ex.getMessage() : ex.getMessage() + ": " + ex.getCause());
            return EXIT_ERROR;
        }
    }

    private int usage(final String problem)
    {
        err.println(problem);
        err.println("usage: stat DIR [--watch SECONDS [--count N]]");
        err.println("       errors DIR");
        return EXIT_ERROR;
    }

    private static Path resolve(final Path path, final String fileName)
    {
        return Files.isDirectory(path) ? path.resolve(fileName) : path;
    }

    private int stat(final Path file, final String[] options)
    {
        long periodMs = 0;
        long count = Long.MAX_VALUE;
        for (int i = 0; i < options.length; i += 2)
        {
            if (i + 1 >= options.length)
            {
                throw new IllegalArgumentException("option " + options[i] + " needs a value");
            }
            switch (options[i])
            {
                case "--watch" -> periodMs = Math.max(1, Math.round(positive(options[i], options[i + 1]) *
                    MILLIS_PER_SECOND));
                case "--count" -> count = count(options[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + options[i]);
            }
        }
        if (0 == periodMs)
        {
            if (count != Long.MAX_VALUE)
            {
                throw new IllegalArgumentException("--count needs --watch");
            }
            printCounters(file);
            return EXIT_OK;
        }
        return watch(file, periodMs, count);
    }

    private int watch(final Path file, final long periodMs, final long count)
    {
        for (long printed = 0; printed < count; printed++)
        {
            if (printed > 0)
            {
                try
                {
                    Thread.sleep(periodMs);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    return EXIT_OK;
                }
                out.println();
            }
            try
            {
                printCounters(file);
            }
            catch (final EngineException ex)
            {
                // the engine may be restarting and replacing the file: say so and keep watching
                err.println(ex.getMessage());
            }
        }
        return EXIT_OK;
    }

    private static double positive(final String option, final String value)
    {
        final double parsed;
        try
        {
            parsed = Double.parseDouble(value);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(option + " needs a number: '" + value + "'", ex);
        }
        if (!(parsed > 0) || Double.isInfinite(parsed))
        {
            throw new IllegalArgumentException(option + " must be more than 0: '" + value + "'");
        }
        return parsed;
    }

    private static long count(final String value)
    {
        try
        {
            final long count = Long.parseLong(value);
            if (count > 0)
            {
                return count;
            }
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("--count needs a whole number: '" + value + "'", ex);
        }
        throw new IllegalArgumentException("--count must be more than 0: '" + value + "'");
    }

    private void printCounters(final Path file)
    {
        final CountersSnapshot snapshot = CountersSnapshot.read(file);
        out.println(header(snapshot.file(), snapshot.pid(), snapshot.startTimeMs()));
        for (final CountersSnapshot.Counter counter : snapshot.counters())
        {
            out.printf(Locale.ROOT, "%3d: %20d - %s%n", counter.id(), counter.value(), counter.label());
        }
    }

    private int errors(final Path file, final String[] options)
    {
        if (options.length > 0)
        {
            throw new IllegalArgumentException("errors takes no options: " + String.join(" ", options));
        }
        try (ErrorLogFile log = ErrorLogFile.openReadOnly(file))
        {
            out.println(header(log.file(), log.pid(), log.startTimeMs()));
            final int distinct = ErrorLogReader.read(log.buffer(), (observations, firstMs, lastMs, error) ->
                out.printf(Locale.ROOT, "%d observations from %s to %s for:%n %s%n", observations, time(firstMs),
                    time(lastMs), error));
            out.println(distinct + " distinct errors");
        }
        return EXIT_OK;
    }

    private static String header(final Path file, final long pid, final long startTimeMs)
    {
        final boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        return "file=" + file + " pid=" + pid + " process=" + (alive ? "alive" : "gone") + " started=" +
            time(startTimeMs);
    }

    private static String time(final long epochMs)
    {
        return Instant.ofEpochMilli(epochMs).toString();
    }
}
