package dev.scribe.engine.tool;

import dev.scribe.engine.EngineSetup;
import dev.scribe.engine.ReadOnlyEngine;
import dev.scribe.engine.Recovery;
import dev.scribe.journal.CorruptRecordException;
import dev.scribe.journal.Journal;
import dev.scribe.journal.JournalContext;
import dev.scribe.journal.PositionFormat;
import dev.scribe.journal.tool.Progress;
import dev.scribe.journal.tool.Tool;
import dev.scribe.journal.tool.ToolArgs;
import dev.scribe.journal.tool.ToolDirectories;
import dev.scribe.journal.tool.ToolException;
import dev.scribe.journal.tool.ToolExit;
import dev.scribe.journal.tool.ToolLauncher;
import dev.scribe.journal.tool.ToolUsage;
import dev.scribe.journal.tool.UsageException;

import java.io.PrintStream;
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
 * snapshot at or before the position. POSITION is written as the tools print it ({@link PositionFormat}). Progress
 * goes to standard error about once a second; the result to standard output. {@link #replay(EngineSetup, Path,
 * long, boolean, Progress)} does the same work and returns what it found. Exit codes ({@link ToolExit}): 0 done,
 * 1 a damaged journal (a corrupt record, or a journal that fails its health check, as {@code journal verify} says),
 * 2 wrong usage or a state that could not be rebuilt for another reason. {@code --help} prints the usage.
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
    /** How deep a failure's causes are looked through for a corrupt record. */
    private static final int MAX_CAUSES = 16;

    private final PrintStream out;
    private final PrintStream err;
    private long lastProgress;

    /**
     * What a replay rebuilt.
     *
     * @param recovery   from which snapshot, if any, and how many records were replayed in how long.
     * @param position   the position of the last record applied, {@link Journal#NULL_POSITION} if none.
     * @param aggregates how many aggregates the state holds.
     * @param stateHash  the hash of the state.
     */
    public record Replay(Recovery recovery, long position, int aggregates, long stateHash)
    {
    }

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
        final long to;
        try
        {
            to = args.has("--to") ? PositionFormat.parsePosition(args.value("--to")) : Long.MAX_VALUE;
        }
        catch (final IllegalArgumentException ex)
        {
            throw new UsageException("--to: " + ex.getMessage(), ex);
        }
        lastProgress = System.nanoTime();
        final long start = lastProgress;
        try
        {
            print(out, replay(setup, Path.of(args.positional(0)), to, !args.flag("--no-snapshots"), (done, total) ->
            {
                final long now = System.nanoTime();
                if (now - lastProgress >= PROGRESS_NANOS)
                {
                    lastProgress = now;
                    err.printf(Locale.ROOT, "replaying: %,d of about %,d records, %s%n", done, total,
                        rate(done, now - start, "records"));
                }
            }));
            return ToolExit.OK;
        }
        catch (final ToolException ex)
        {
            err.println("replay: " + ex.getMessage());
            return ex.exitCode();
        }
    }

    /**
     * Rebuild an application's state read-only.
     *
     * @param setup        the application's setup.
     * @param dir          the engine directory.
     * @param to           the last position to apply; {@code Long.MAX_VALUE} for the whole journal.
     * @param useSnapshots whether to start from the newest usable snapshot at or before {@code to}.
     * @param progress     told of the records replayed, of about how many.
     * @return what was rebuilt.
     * @throws ToolException if {@code dir} is no engine directory or the state could not be rebuilt
     *                       ({@link ToolExit#USAGE}), or the journal is damaged ({@link ToolExit#FAILED}).
     */
    public static Replay replay(final EngineSetup setup, final Path dir, final long to, final boolean useSnapshots,
        final Progress progress)
    {
        ToolDirectories.engine(dir);
        final RecordsToGo toGo = new RecordsToGo(dir.resolve(ToolDirectories.JOURNAL), to);
        try (ReadOnlyEngine state = ReadOnlyEngine.rebuild(setup.context(dir), to, useSnapshots,
            (records, events, position, elapsedNanos) -> progress.progress(records, toGo.total(records, position))))
        {
            progress.progress(state.recovery().replayedRecords(), state.recovery().replayedRecords());
            return new Replay(state.recovery(), state.position(), state.aggregateCount(), state.stateHash());
        }
        catch (final ToolException ex)
        {
            throw ex;
        }
        catch (final RuntimeException ex)
        {
            throw new ToolException(failure(ex, dir), "cannot rebuild the state of " + dir + ": " + ex.getMessage());
        }
        catch (final InternalError fault)
        {
            // a mapped journal file faulted where the journal could not say which: it was damaged while being read,
            // a damaged journal as the journal tools say (1), not a mistake in the command line (2)
            throw new ToolException(ToolExit.FAILED, "cannot rebuild the state of " + dir + ": a journal file " +
                "faulted while being read (" + fault.getMessage() + "); " +
                Journal.inspect(dir.resolve(ToolDirectories.JOURNAL)).describe());
        }
    }

    /**
     * The exit code of a rebuild that failed: {@link ToolExit#FAILED} if the journal is damaged (a corrupt record, or
     * a journal that fails its health check), as the journal tools say; {@link ToolExit#USAGE} for anything else (a
     * setup that does not fit the journal, a directory that cannot be read).
     *
     * @param ex  why the rebuild failed.
     * @param dir the engine directory.
     * @return the exit code.
     */
    static int failure(final RuntimeException ex, final Path dir)
    {
        Throwable cause = ex;
        for (int depth = 0; null != cause && depth < MAX_CAUSES; depth++, cause = cause.getCause())
        {
            if (cause instanceof CorruptRecordException)
            {
                return ToolExit.FAILED;
            }
        }
        try
        {
            return Journal.inspect(dir.resolve(ToolDirectories.JOURNAL)).healthy() ? ToolExit.USAGE : ToolExit.FAILED;
        }
        catch (final RuntimeException unreadable)
        {
            return ToolExit.USAGE;
        }
    }

    /**
     * Print what a replay rebuilt, as text.
     *
     * @param out    where to print.
     * @param replay what was rebuilt.
     */
    public static void print(final PrintStream out, final Replay replay)
    {
        final Recovery recovery = replay.recovery();
        for (final String skipped : recovery.skipped())
        {
            out.println("skipped: " + skipped);
        }
        out.println(null == recovery.snapshot() ? "from: the start of the journal" :
            "from: snapshot " + recovery.snapshot() + " at position " +
                PositionFormat.position(recovery.snapshotPosition()));
        out.printf(Locale.ROOT, "replayed: %,d records in %,d ms (%s)%n", recovery.replayedRecords(),
            recovery.nanos() / 1_000_000, rate(recovery.replayedRecords(), recovery.nanos(), "records"));
        out.println("position: " + PositionFormat.position(replay.position()));
        out.printf(Locale.ROOT, "aggregates: %,d%n", replay.aggregates());
        out.println("state hash: " + PositionFormat.hash(replay.stateHash()));
    }

    private static String rate(final long count, final long nanos, final String what)
    {
        return nanos <= 0 ? "-" : String.format(Locale.ROOT, "%,.0f %s/s", count * 1e9 / nanos, what);
    }

    /**
     * The total of a replay's progress: the records done and those still to go after the last one applied, counted
     * from their positions once, at the first report.
     */
    static final class RecordsToGo
    {
        private final Path journalDir;
        private final long to;
        private long total = -1;

        RecordsToGo(final Path journalDir, final long to)
        {
            this.journalDir = journalDir;
            this.to = to;
        }

        long total(final long done, final long position)
        {
            if (total < 0)
            {
                total = done;
                try (Journal journal = Journal.open(new JournalContext().directory(journalDir).readOnly(true)))
                {
                    final long rest = journal.countRecords(position + 1, to);
                    total = rest < 0 ? 0 : done + rest;
                }
                catch (final RuntimeException ex)
                {
                    total = 0; // unknown: a progress without a total
                }
            }
            return total;
        }
    }
}
