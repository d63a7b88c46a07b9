package dev.scribe.engine.tool;

import dev.scribe.engine.EngineException;
import dev.scribe.engine.monitor.CountersFile;
import dev.scribe.engine.monitor.CountersSnapshot;
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
 * not be read. {@code --help} prints the usage.
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
                    return errors.help() ? USAGE.help(out) : errors(resolve(errors, ErrorLogFile.FILE_NAME));
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

    private static Path resolve(final ToolArgs args, final String fileName)
    {
        final Path path = Path.of(args.positional(0));
        return Files.isDirectory(path) ? path.resolve(fileName) : path;
    }

    private int stat(final ToolArgs args)
    {
        if (args.help())
        {
            return USAGE.help(out);
        }
        final Path file = resolve(args, CountersFile.FILE_NAME);
        final long count = args.positiveLong("--count", Long.MAX_VALUE);
        if (!args.has("--watch"))
        {
            if (args.has("--count"))
            {
                throw new UsageException("--count needs --watch");
            }
            printCounters(file);
            return ToolExit.OK;
        }
        return watch(file, Math.max(1, Math.round(args.positiveDouble("--watch", 0) * MILLIS_PER_SECOND)), count);
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
                    return ToolExit.OK;
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
        return ToolExit.OK;
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

    private int errors(final Path file)
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
