package dev.scribe.engine.tool;

import dev.scribe.engine.EngineSetup;
import dev.scribe.engine.ReadOnlyEngine;
import dev.scribe.engine.Recovery;
import dev.scribe.journal.Journal;
import dev.scribe.journal.tool.Tool;
import dev.scribe.journal.tool.ToolArgs;
import dev.scribe.journal.tool.ToolExit;
import dev.scribe.journal.tool.ToolLauncher;
import dev.scribe.journal.tool.ToolUsage;
import dev.scribe.journal.tool.UsageException;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Command-line tool that rebuilds an application's state from its engine directory, read-only, and prints progress,
 * the replay rate and the final state hash: to check a journal, to time recovery, or to see the state as of a
 * position.
 *
 * <pre>
 *   replay --setup CLASS ENGINE_DIR [--to POSITION] [--no-snapshots]
 * </pre>
 *
 * {@code CLASS} names an {@link EngineSetup} on the class path that registers the application. Without
 * {@code --to} the whole journal is replayed; without {@code --no-snapshots} replay starts from the newest usable
 * snapshot at or before the position. Progress goes to standard error about once a second; the result to standard
 * output. Exit codes ({@link ToolExit}): 0 done, 2 wrong usage or a state that could not be rebuilt. {@code --help}
 * prints the usage.
 */
public final class ReplayTool implements Tool
{
    private static final ToolUsage USAGE = new ToolUsage("replay: ",
        "usage: replay --setup CLASS ENGINE_DIR [--to POSITION] [--no-snapshots]");
    private static final ToolArgs.Parser ARGS = ToolArgs.parser().positional("an engine directory")
        .option("--to").flag("--no-snapshots");
    private static final ToolArgs.Parser ARGS_WITH_SETUP = ToolArgs.parser().positional("an engine directory")
        .option("--to").flag("--no-snapshots").option("--setup");
    private static final long PROGRESS_NANOS = 1_000_000_000L;

    private final PrintStream out;
    private final PrintStream err;
    private long lastProgress;

    /**
     * A tool printing to the given streams.
     *
     * @param out for the result.
     * @param err for progress and errors.
     */
    public ReplayTool(final PrintStream out, final PrintStream err)
    {
        this.out = out;
        this.err = err;
    }

    /**
     * Run from the command line.
     *
     * @param args the arguments.
     */
    public static void main(final String[] args)
    {
        ToolLauncher.exit(ReplayTool::new, args);
    }

    /**
     * Replay with an application's setup given as an object rather than a class name.
     *
     * @param setup the application's setup.
     * @param args  {@code ENGINE_DIR [--to POSITION] [--no-snapshots]}.
     * @return the exit code, one of {@link ToolExit}'s.
     */
    public int run(final EngineSetup setup, final String... args)
    {
        try
        {
            final ToolArgs parsed = ARGS.parse(args);
            return parsed.help() ? USAGE.help(out) : replay(setup, parsed);
        }
        catch (final UsageException ex)
        {
            return USAGE.wrong(err, ex.getMessage());
        }
    }

    /**
     * Run with the setup named by {@code --setup CLASS}.
     *
     * @param args the arguments.
     * @return the exit code, one of {@link ToolExit}'s.
     */
    @Override
    public int run(final String... args)
    {
        try
        {
            final ToolArgs parsed = ARGS_WITH_SETUP.parse(args);
            if (parsed.help())
            {
                return USAGE.help(out);
            }
            final EngineSetup setup = SetupClass.load(parsed.required("--setup"), err, "replay: ");
            return null == setup ? ToolExit.USAGE : replay(setup, parsed);
        }
        catch (final UsageException ex)
        {
            return USAGE.wrong(err, ex.getMessage());
        }
    }

    private int replay(final EngineSetup setup, final ToolArgs args)
    {
        final Path dir = Path.of(args.positional(0));
        final long to = args.longValue("--to", Long.MAX_VALUE);
        if (!Files.isDirectory(dir.resolve("journal")))
        {
            err.println("replay: " + dir + " is not an engine directory: it has no journal directory");
            return ToolExit.USAGE;
        }
        return replay(setup, dir, to, !args.flag("--no-snapshots"));
    }

    private int replay(final EngineSetup setup, final Path dir, final long to, final boolean useSnapshots)
    {
        lastProgress = System.nanoTime();
        try (ReadOnlyEngine state = ReadOnlyEngine.rebuild(setup.context(dir), to, useSnapshots, this::progress))
        {
            final Recovery recovery = state.recovery();
            for (final String skipped : recovery.skipped())
            {
                out.println("skipped: " + skipped);
            }
            out.println(null == recovery.snapshot() ? "from: the start of the journal" :
                "from: snapshot " + recovery.snapshot() + " at position " + recovery.snapshotPosition());
            out.printf(Locale.ROOT, "replayed: %,d records in %,d ms (%s)%n", recovery.replayedRecords(),
                recovery.nanos() / 1_000_000, rate(recovery.replayedRecords(), recovery.nanos(), "records"));
            out.println("position: " + state.position());
            out.printf(Locale.ROOT, "aggregates: %,d%n", state.aggregateCount());
            out.printf("state hash: %016x%n", state.stateHash());
            return ToolExit.OK;
        }
        catch (final RuntimeException ex)
        {
            err.println("replay: cannot rebuild the state of " + dir + ": " + ex.getMessage());
            return ToolExit.USAGE;
        }
        catch (final InternalError fault)
        {
            // a mapped journal file faulted where the journal could not say which: it was damaged while being read
            err.println("replay: cannot rebuild the state of " + dir + ": a journal file faulted while being read (" +
                fault.getMessage() + "); " + Journal.inspect(dir.resolve("journal")).describe());
            return ToolExit.USAGE;
        }
    }

    private void progress(final long records, final long events, final long position, final long elapsedNanos)
    {
        final long now = System.nanoTime();
        if (now - lastProgress >= PROGRESS_NANOS)
        {
            lastProgress = now;
            err.printf(Locale.ROOT, "replaying: %,d records, %,d events, %s, at position %d%n", records, events,
                rate(events, elapsedNanos, "events"), position);
        }
    }

    private static String rate(final long count, final long nanos, final String what)
    {
        return nanos <= 0 ? "-" : String.format(Locale.ROOT, "%,.0f %s/s", count * 1e9 / nanos, what);
    }
}
