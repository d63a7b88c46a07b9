package dev.scribe.engine.tool;

import dev.scribe.engine.EngineSetup;
import dev.scribe.engine.ReadOnlyEngine;
import dev.scribe.engine.SagaView;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Command-line tool listing an application's saga runs from its engine directory, read-only: by default the runs that
 * need a look (not ended, or {@code FAILED}: a compensation that failed), with their step, age and reason; with
 * {@code --all} every run.
 *
 * <pre>
 *   sagas --setup CLASS ENGINE_DIR [--all]
 * </pre>
 *
 * {@code CLASS} names an {@link EngineSetup} on the class path that registers the application. {@link #runs} reads
 * the runs for a setup given as an object and returns them. Exit codes
 * ({@link ToolExit}): 0 no run failed, 1 a run {@code FAILED} or a damaged journal, 2 wrong usage or a journal that
 * cannot be read for another reason.
 * {@code --help} prints the usage.
 */
public final class SagaTool implements Tool
{
    private static final ToolUsage USAGE = new ToolUsage("sagas: ", "usage: sagas --setup CLASS ENGINE_DIR [--all]");
    private static final ToolArgs.Parser ARGS = ToolArgs.parser().positional("an engine directory").flag("--all")
        .option("--setup");

    private final PrintStream out;
    private final PrintStream err;

    /**
     * A tool printing to the given streams.
     *
     * @param out for the runs.
     * @param err for errors.
     */
    public SagaTool(final PrintStream out, final PrintStream err)
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
        ToolLauncher.exit(SagaTool::new, args);
    }

    @Override
    public int run(final String... args)
    {
        try
        {
            final ToolArgs parsed = ARGS.parse(args);
            if (parsed.help())
            {
                return USAGE.help(out);
            }
            final EngineSetup setup = SetupClass.load(parsed.required("--setup"), err, "sagas: ");
            return null == setup ? ToolExit.USAGE : list(setup, Path.of(parsed.positional(0)), parsed.flag("--all"));
        }
        catch (final UsageException ex)
        {
            return USAGE.wrong(err, ex.getMessage());
        }
    }

    /**
     * List the runs with an application's setup given as an object.
     *
     * @param setup the application's setup.
     * @param dir   the engine directory.
     * @param all   every run, not only those that need a look.
     * @return the exit code, one of {@link ToolExit}'s.
     */
    public int list(final EngineSetup setup, final Path dir, final boolean all)
    {
        final List<SagaView> runs;
        try
        {
            runs = runs(setup, dir, Progress.NONE);
        }
        catch (final ToolException ex)
        {
            err.println("sagas: " + ex.getMessage());
            return ex.exitCode();
        }
        return print(out, runs, all, Instant.now());
    }

    /**
     * Every saga run of an application, rebuilt read-only from its engine directory.
     *
     * @param setup    the application's setup.
     * @param dir      the engine directory.
     * @param progress told of the records replayed.
     * @return the runs.
     * @throws ToolException if {@code dir} is no engine directory or its journal cannot be read
     *                       ({@link ToolExit#USAGE}), or the journal is damaged ({@link ToolExit#FAILED}).
     */
    public static List<SagaView> runs(final EngineSetup setup, final Path dir, final Progress progress)
    {
        ToolDirectories.engine(dir);
        final ReplayTool.RecordsToGo toGo = new ReplayTool.RecordsToGo(dir.resolve(ToolDirectories.JOURNAL),
            Long.MAX_VALUE);
        try (ReadOnlyEngine state = ReadOnlyEngine.rebuild(setup.context(dir), Long.MAX_VALUE, true,
            (records, events, position, elapsedNanos) -> progress.progress(records, toGo.total(records, position))))
        {
            return state.events().sagas();
        }
        catch (final RuntimeException ex)
        {
            throw new ToolException(ReplayTool.failure(ex, dir), "cannot read the sagas of " + dir + ": " +
                ex.getMessage());
        }
    }

    /**
     * Whether a run needs a look: it has not ended, or it failed.
     *
     * @param run the run.
     * @return true if it is shown without {@code --all}.
     */
    public static boolean needsALook(final SagaView run)
    {
        return !run.ended() || failed(run);
    }

    /**
     * Whether a run failed: a compensation failed.
     *
     * @param run the run.
     * @return true if its status is {@code FAILED}.
     */
    public static boolean failed(final SagaView run)
    {
        return "FAILED".equals(run.status());
    }

    /**
     * Print runs as text, a line each (with its history below with {@code all}), then the counts.
     *
     * @param out  where to print.
     * @param runs the runs.
     * @param all  every run, not only those that need a look.
     * @param now  the time to tell each run's age from.
     * @return {@link ToolExit#FAILED} if a run failed, else {@link ToolExit#OK}.
     */
    public static int print(final PrintStream out, final List<SagaView> runs, final boolean all, final Instant now)
    {
        int shown = 0;
        int failed = 0;
        for (final SagaView run : runs)
        {
            failed += failed(run) ? 1 : 0;
            if (all || needsALook(run))
            {
                shown++;
                final Duration idle = Duration.between(Instant.ofEpochSecond(0, run.changedNs()), now);
                out.printf("%s %s %s at %s%s, last moved %s ago%s%n", run.saga(), run.id(), run.status(),
                    null == run.step() ? "the start" : (run.compensating() ? "the undoing of " : "") + run.step(),
                    run.timedOut() ? " (timed out)" : "", describe(idle), null == run.reason() ? "" :
                    ": " + run.reason());
                if (all)
                {
                    run.history().forEach(line -> out.println("    " + line));
                }
            }
        }
        out.printf("%d saga runs, %d shown, %d failed%n", runs.size(), shown, failed);
        return failed > 0 ? ToolExit.FAILED : ToolExit.OK;
    }

    private static String describe(final Duration idle)
    {
        return idle.toDays() > 0 ? idle.toDays() + " d" : idle.toHours() > 0 ? idle.toHours() + " h" :
            idle.toMinutes() > 0 ? idle.toMinutes() + " min" : Math.max(0, idle.toSeconds()) + " s";
    }
}
