package dev.scribe.engine;

import dev.scribe.engine.snapshot.SnapshotStore;
import dev.scribe.journal.FileAccess;
import dev.scribe.journal.OwnedFiles;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Command-line tool that asks a running engine, from another process, to take a snapshot now, and waits until it is
 * written.
 *
 * <pre>
 *   snapshot ENGINE_DIR [--wait SECONDS]
 * </pre>
 *
 * It leaves a request file ({@value #FILE_NAME}, holding its process id) in the engine directory, which the
 * engine's snapshot thread looks for every {@value #POLL_MS} ms and deletes when it takes the request (only from a
 * regular file of the engine's user, never through a link), then watches the engine's
 * {@code snapshots written} counter. Exit codes: 0 the snapshot is written, 1 none was written within the wait (the
 * request stays until the engine takes it), 2 wrong usage or no running engine in the directory.
 */
public final class SnapshotRequest
{
    /** Name of the request file in the engine directory. */
    public static final String FILE_NAME = "snapshot.request";
    /** How often a running engine looks for the request file, in milliseconds. */
    public static final long POLL_MS = 200;
    /** Most bytes a request file may hold: a process id and a line break. */
    static final int MAX_REQUEST_BYTES = 32;
    /** Exit code when the snapshot was written. */
    public static final int EXIT_OK = 0;
    /** Exit code when no snapshot was written within the wait. */
    public static final int EXIT_TIMEOUT = 1;
    /** Exit code for wrong usage or no running engine. */
    public static final int EXIT_ERROR = 2;

    private static final long DEFAULT_WAIT_SECONDS = 60;
    private static final long CHECK_EVERY_MS = 50;

    private final PrintStream out;
    private final PrintStream err;

    /**
     * A tool printing to the given streams.
     *
     * @param out for the result.
     * @param err for errors.
     */
    public SnapshotRequest(final PrintStream out, final PrintStream err)
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
        final PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        final PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        System.exit(new SnapshotRequest(out, err).run(args));
    }

    /**
     * Ask for a snapshot and wait for it.
     *
     * @param args {@code ENGINE_DIR [--wait SECONDS]}.
     * @return the exit code.
     */
    public int run(final String... args)
    {
        if (args.length != 1 && !(args.length == 3 && "--wait".equals(args[1])))
        {
            return usage("expected an engine directory and optionally --wait SECONDS");
        }
        final long waitSeconds;
        try
        {
            waitSeconds = args.length == 3 ? Long.parseLong(args[2]) : DEFAULT_WAIT_SECONDS;
        }
        catch (final NumberFormatException ex)
        {
            return usage("--wait needs a number of seconds: '" + args[2] + "'");
        }
        final Path dir = Path.of(args[0]);
        final CountersSnapshot counters;
        try
        {
            counters = CountersSnapshot.read(dir);
        }
        catch (final EngineException ex)
        {
            err.println("snapshot: " + dir + " is not an engine directory: " + ex.getMessage());
            return EXIT_ERROR;
        }
        if (!counters.processAlive())
        {
            err.println("snapshot: the engine in " + dir + " is not running (process " + counters.pid() +
                " is gone); a stopped engine needs no snapshot to restart from what it journaled");
            return EXIT_ERROR;
        }
        final long before = written(counters);
        try
        {
            request(dir);
        }
        catch (final IOException ex)
        {
            err.println("snapshot: cannot write the request into " + dir + ": " + ex);
            return EXIT_ERROR;
        }
        return await(dir, before, waitSeconds);
    }

    private int await(final Path dir, final long before, final long waitSeconds)
    {
        final long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
        while (System.nanoTime() - deadline < 0)
        {
            final CountersSnapshot now = CountersSnapshot.read(dir);
            if (written(now) > before)
            {
                final long position = now.value(SnapshotTaker.LAST_SNAPSHOT_POSITION_TYPE_ID).orElse(-1);
                out.printf(Locale.ROOT, "snapshot written at position %d: %s%n", position,
                    dir.resolve("snapshots").resolve(SnapshotStore.fileName(position)));
                return EXIT_OK;
            }
            if (!now.processAlive())
            {
                err.println("snapshot: the engine in " + dir + " stopped before writing the snapshot");
                return EXIT_ERROR;
            }
            try
            {
                Thread.sleep(CHECK_EVERY_MS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return EXIT_TIMEOUT;
            }
        }
        err.println("snapshot: none written within " + waitSeconds + " s; the engine takes the request (" +
            dir.resolve(FILE_NAME) + ") when it next looks, and reports a failure in its error log (scribe errors)");
        return EXIT_TIMEOUT;
    }

    private static long written(final CountersSnapshot counters)
    {
        final OptionalLong value = counters.value(SnapshotTaker.SNAPSHOTS_WRITTEN_TYPE_ID);
        return value.orElse(0);
    }

    /** Leave the request: the tool's process id, written through a new temporary file, never through a link. */
    private static void request(final Path dir) throws IOException
    {
        OwnedFiles.writeAtomically(dir.resolve(FILE_NAME), ProcessHandle.current().pid() + "\n",
            FileAccess.OWNER_ONLY);
    }

    /** Whether a request file's text is what this tool writes: a process id. */
    static boolean isRequest(final String text)
    {
        final String pid = text.trim();
        return !pid.isEmpty() && pid.length() <= 19 && pid.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private int usage(final String problem)
    {
        err.println("snapshot: " + problem);
        err.println("usage: snapshot ENGINE_DIR [--wait SECONDS]");
        return EXIT_ERROR;
    }
}
