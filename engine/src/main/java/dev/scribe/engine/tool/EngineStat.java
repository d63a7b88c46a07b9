package dev.scribe.engine.tool;

import dev.scribe.engine.EngineException;
import dev.scribe.engine.monitor.CountersFile;
import dev.scribe.engine.monitor.CountersSnapshot;
import dev.scribe.journal.PositionFormat;
import dev.scribe.engine.monitor.ErrorLogFile;
import dev.scribe.journal.tool.Tool;
import dev.scribe.journal.tool.ToolArgs;
import dev.scribe.journal.tool.ToolExit;
import dev.scribe.journal.tool.ToolLauncher;
import dev.scribe.journal.tool.ToolUsage;
import dev.scribe.journal.tool.UsageException;
import org.agrona.concurrent.errors.ErrorLogReader;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;

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
 * Exit codes ({@link ToolExit}): 0 fine (whether or not the log holds errors), 2 wrong usage or a file that could
 * not be read. {@code --help} prints the usage. The same work is there as plain methods for the {@code scribe}
 * command line: {@link #countersFile}, {@link #errorLogFile}, {@link #watch}, {@link #print(PrintStream,
 * CountersSnapshot)} and {@link #printErrors}.
 */
public final class EngineStat implements Tool
{
    private static final long MILLIS_PER_SECOND = 1000L;
    private static final ToolArgs.Parser STAT = ToolArgs.parser().positional("an engine directory")
        .option("--watch").option("--count");
    private static final ToolArgs.Parser ERRORS = ToolArgs.parser().positional("an engine directory");
    private static final ToolUsage USAGE = new ToolUsage("",
        "usage: stat DIR [--watch SECONDS [--count N]]",
        "       errors DIR");

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
        ToolLauncher.exit(EngineStat::new, args);
    }

    /**
     * Run a command.
     *
     * @param args the command ({@code stat} or {@code errors}) and its arguments.
     * @return the exit code, one of {@link ToolExit}'s.
     */
    @Override
    public int run(final String... args)
    {
        if (0 == args.length)
        {
            return USAGE.wrong(err, "expected a command and an engine directory");
        }
        final String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try
        {
            switch (args[0])
            {
                case "stat":
                    return stat(STAT.parse(rest));
                case "errors":
                    final ToolArgs errors = ERRORS.parse(rest);
                    return errors.help() ? USAGE.help(out) :
                        printErrors(out, errorLogFile(Path.of(errors.positional(0))));
                default:
                    return ToolArgs.isHelp(args[0]) ? USAGE.help(out) :
                        USAGE.wrong(err, "unknown command '" + args[0] + "'");
            }
        }
        catch (final UsageException ex)
        {
            return USAGE.wrong(err, ex.getMessage());
        }
        catch (final EngineException ex)
        {
            err.println(null == ex.getCause() ? ex.getMessage() : ex.getMessage() + ": " + ex.getCause());
            return ToolExit.USAGE;
        }
    }

    /**
     * The counters file a path names.
     *
     * @param path an engine directory, or a counters file.
     * @return the directory's counters file, or the file itself.
     */
    public static Path countersFile(final Path path)
    {
        return Files.isDirectory(path) ? path.resolve(CountersFile.FILE_NAME) : path;
    }

    /**
     * The error log file a path names.
     *
     * @param path an engine directory, or an error log file (a kept {@code errors-*.dat}, say).
     * @return the directory's error log file, or the file itself.
     */
    public static Path errorLogFile(final Path path)
    {
        return Files.isDirectory(path) ? path.resolve(ErrorLogFile.FILE_NAME) : path;
    }

    private int stat(final ToolArgs args)
    {
        if (args.help())
        {
            return USAGE.help(out);
        }
        final Path file = countersFile(Path.of(args.positional(0)));
        final long count = args.positiveLong("--count", Long.MAX_VALUE);
        if (!args.has("--watch"))
        {
            if (args.has("--count"))
            {
                throw new UsageException("--count needs --watch");
            }
            print(out, CountersSnapshot.read(file));
            return ToolExit.OK;
        }
        return watch(file, Math.max(1, Math.round(args.positiveDouble("--watch", 0) * MILLIS_PER_SECOND)), count,
            snapshot -> print(out, snapshot), out, err);
    }

    /**
     * Read the counters every period, handing each reading over, until interrupted or {@code count} times; a
     * reading that fails after the first (the engine may be restarting and replacing the file) is said on {@code err}
     * and the watch goes on. The first must succeed, as a single reading must: a path that is no engine's (a typo,
     * a directory of something else) is an error at once, not a watch of nothing that ends with success.
     *
     * @param file     the counters file.
     * @param periodMs the time between readings.
     * @param count    how many readings.
     * @param each     receives each reading.
     * @param out      gets an empty line between readings, or null for none.
     * @param err      where a failed reading is said.
     * @return {@link ToolExit#OK}.
     * @throws EngineException if the first reading fails: there is no counters file, or it is not one of this version.
     */
    public static int watch(final Path file, final long periodMs, final long count,
        final Consumer<CountersSnapshot> each, final PrintStream out, final PrintStream err)
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
                    return ToolExit.OK;
                }
                if (null != out)
                {
                    out.println();
                }
            }
            try
            {
                each.accept(CountersSnapshot.read(file));
            }
            catch (final EngineException ex)
            {
                if (0 == printed)
                {
                    throw ex;
                }
                // the engine may be restarting and replacing the file: say so and keep watching
                err.println(ex.getMessage());
            }
        }
        return ToolExit.OK;
    }

    /**
     * Print counters as text: a header line (file, pid, whether that process is alive, start time), then a line a
     * counter: id, value and label; a position as 16 hex digits, or {@code none} ({@link PositionFormat}).
     *
     * @param out      where to print.
     * @param snapshot the counters.
     */
    public static void print(final PrintStream out, final CountersSnapshot snapshot)
    {
        out.println(header(snapshot.file(), snapshot.pid(), snapshot.startTimeMs()));
        for (final CountersSnapshot.Counter counter : snapshot.counters())
        {
            out.printf(Locale.ROOT, "%3d: %20s - %s%n", counter.id(), counter.isPosition() ?
                PositionFormat.position(counter.value()) : Long.toString(counter.value()), counter.label());
        }
    }

    /**
     * Print an error log as text: a header line, then each distinct error with its count and first and last times.
     *
     * @param out  where to print.
     * @param file the error log file.
     * @return {@link ToolExit#OK}.
     * @throws EngineException if the file is missing or not an error log.
     */
    public static int printErrors(final PrintStream out, final Path file)
    {
        try (ErrorLogFile log = ErrorLogFile.openReadOnly(file))
        {
            out.println(header(log.file(), log.pid(), log.startTimeMs()));
            final int distinct = ErrorLogReader.read(log.buffer(), (observations, firstMs, lastMs, error) ->
                out.printf(Locale.ROOT, "%d observations from %s to %s for:%n %s%n", observations, time(firstMs),
                    time(lastMs), error));
            out.println(distinct + " distinct errors");
        }
        return ToolExit.OK;
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
