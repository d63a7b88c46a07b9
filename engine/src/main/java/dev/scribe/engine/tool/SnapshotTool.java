package dev.scribe.engine.tool;

import dev.scribe.engine.EngineException;
import dev.scribe.engine.monitor.CountersSnapshot;
import dev.scribe.engine.monitor.SnapshotRequestFile;
import dev.scribe.engine.snapshot.SnapshotStore;
import dev.scribe.journal.PositionFormat;
import dev.scribe.journal.tool.Tool;
import dev.scribe.journal.tool.ToolArgs;
import dev.scribe.journal.tool.ToolExit;
import dev.scribe.journal.tool.ToolLauncher;
import dev.scribe.journal.tool.ToolUsage;
import dev.scribe.journal.tool.UsageException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Command-line tool that asks a running engine, from another process, to take a snapshot now, and waits until it is
 * written.
 *
 * <pre>
 *   snapshot ENGINE_DIR [--wait SECONDS]
 * </pre>
 *
 * It leaves a request file ({@value SnapshotRequestFile#FILE_NAME}, holding its process id) in the engine
 * directory, which the engine's snapshot thread looks for every {@value SnapshotRequestFile#POLL_MS} ms and deletes
 * when it takes the request (only from a regular file of the engine's user, never through a link), then watches the
 * engine's {@code snapshots written} counter. Only an engine launched with a snapshot policy
 * ({@code EngineContext.snapshots}, or the {@code scribe.snapshot.*} system properties) looks for requests; it says
 * so with its {@code snapshot requests taken} counter, and for any other engine the tool writes no request and says
 * why. Exit codes ({@link ToolExit}): 0 the snapshot is written, 1 none was written within the wait (the request
 * stays until the engine takes it), 2 wrong usage, no running engine in the directory, or an engine that takes no
 * requests. {@code --help} prints the usage.
 */
public final class SnapshotTool implements Tool
{
    private static final long DEFAULT_WAIT_SECONDS = 60;
    private static final ToolUsage USAGE = new ToolUsage("snapshot: ", "usage: snapshot ENGINE_DIR [--wait SECONDS]");
    private static final ToolArgs.Parser ARGS = ToolArgs.parser().positional("an engine directory").option("--wait");
    private static final long CHECK_EVERY_MS = 50;

    private final PrintStream out;
    private final PrintStream err;

    /**
     * A tool printing to the given streams.
     *
     * @param out for the result.
     * @param err for errors.
     */
    public SnapshotTool(final PrintStream out, final PrintStream err)
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
        ToolLauncher.exit(SnapshotTool::new, args);
    }

    /**
     * Ask for a snapshot and wait for it.
     *
     * @param args {@code ENGINE_DIR [--wait SECONDS]}.
     * @return the exit code, one of {@link ToolExit}'s.
     */
    @Override
    public int run(final String... args)
    {
        final ToolArgs parsed;
        final long waitSeconds;
        try
        {
            parsed = ARGS.parse(args);
            if (parsed.help())
            {
                return USAGE.help(out);
            }
            waitSeconds = parsed.positiveLong("--wait", DEFAULT_WAIT_SECONDS);
        }
        catch (final UsageException ex)
        {
            return USAGE.wrong(err, ex.getMessage());
        }
        return request(Path.of(parsed.positional(0)), waitSeconds);
    }

    /**
     * Ask a running engine for a snapshot and wait for it, printing where it was written.
     *
     * @param dir         the engine directory.
     * @param waitSeconds how long to wait for the snapshot, more than 0.
     * @return the exit code, one of {@link ToolExit}'s.
     */
    public int request(final Path dir, final long waitSeconds)
    {
        final CountersSnapshot counters;
        try
        {
            counters = CountersSnapshot.read(dir);
        }
        catch (final EngineException ex)
        {
            err.println("snapshot: " + dir + " is not an engine directory: " + ex.getMessage());
            return ToolExit.USAGE;
        }
        if (!counters.processAlive())
        {
            err.println("snapshot: the engine in " + dir + " is not running (process " + counters.pid() +
                " is gone); a stopped engine needs no snapshot to restart from what it journaled");
            return ToolExit.USAGE;
        }
        if (counters.value(CountersSnapshot.SNAPSHOT_REQUESTS_TYPE_ID).isEmpty())
        {
            err.println("snapshot: the engine in " + dir + " (process " + counters.pid() + ") does not take " +
                "snapshot requests: it was launched without a snapshot policy (EngineContext.snapshots, or the " +
                "scribe.snapshot.* system properties), so it takes snapshots only when its application calls " +
                "Engine.snapshot(); no request was written");
            return ToolExit.USAGE;
        }
        final long before = written(counters);
        try
        {
            SnapshotRequestFile.write(dir);
        }
        catch (final IOException ex)
        {
            err.println("snapshot: cannot write the request into " + dir + ": " + ex);
            return ToolExit.USAGE;
        }
        return await(dir, before, waitSeconds);
    }

    private int await(final Path dir, final long before, final long waitSeconds)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds); // at most 292 years
        while (System.nanoTime() - deadline < 0)
        {
            final CountersSnapshot now = CountersSnapshot.read(dir);
            if (written(now) > before)
            {
                final long position = now.value(CountersSnapshot.LAST_SNAPSHOT_POSITION_TYPE_ID).orElse(-1);
                out.printf(Locale.ROOT, "snapshot written at position %s: %s%n", PositionFormat.position(position),
                    dir.resolve("snapshots").resolve(SnapshotStore.fileName(position)));
                return ToolExit.OK;
            }
            if (!now.processAlive())
            {
                err.println("snapshot: the engine in " + dir + " stopped before writing the snapshot");
                return ToolExit.USAGE;
            }
            try
            {
                Thread.sleep(CHECK_EVERY_MS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return ToolExit.FAILED;
            }
        }
        err.println("snapshot: none written within " + waitSeconds + " s; the engine takes the request (" +
            dir.resolve(SnapshotRequestFile.FILE_NAME) + ") when it next looks, and reports a failure in its error " +
            "log (scribe errors)");
        return ToolExit.FAILED;
    }

    private static long written(final CountersSnapshot counters)
    {
        final OptionalLong value = counters.value(CountersSnapshot.SNAPSHOTS_WRITTEN_TYPE_ID);
        return value.orElse(0);
    }
}
