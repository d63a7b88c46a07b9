package dev.scribe.engine;

import dev.scribe.journal.Journal;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
 * output. Exit codes: 0 done, 2 wrong usage or a state that could not be rebuilt.
 */
public final class ReplayTool
{
    /** Exit code when the state was rebuilt. */
    public static final int EXIT_OK = 0;
    /** Exit code for wrong usage or a state that could not be rebuilt. */
    public static final int EXIT_ERROR = 2;

    private static final String USAGE = "usage: replay --setup CLASS ENGINE_DIR [--to POSITION] [--no-snapshots]";
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
        final PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        final PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        System.exit(new ReplayTool(out, err).run(args));
    }

    /**
     * Replay with an application's setup given as an object rather than a class name.
     *
     * @param setup the application's setup.
     * @param args  {@code ENGINE_DIR [--to POSITION] [--no-snapshots]}.
     * @return the exit code.
     */
    public int run(final EngineSetup setup, final String... args)
    {
        Path dir = null;
        long to = Long.MAX_VALUE;
        boolean useSnapshots = true;
        int i = 0;
        while (i < args.length)
        {
            switch (args[i])
            {
                case "--to" ->
                {
                    if (++i == args.length)
                    {
                        return usage("--to needs a position");
                    }
                    try
                    {
                        to = Long.parseLong(args[i]);
                    }
                    catch (final NumberFormatException ex)
                    {
                        return usage("--to needs a journal position (a number): '" + args[i] + "'");
                    }
                }
                case "--no-snapshots" -> useSnapshots = false;
                default ->
                {
                    if (args[i].startsWith("--") || null != dir)
                    {
                        return usage("unexpected argument '" + args[i] + "'");
                    }
                    dir = Path.of(args[i]);
                }
            }
            i++;
        }
        if (null == dir)
        {
            return usage("expected an engine directory");
        }
        if (!Files.isDirectory(dir.resolve("journal")))
        {
            err.println("replay: " + dir + " is not an engine directory: it has no journal directory");
            return EXIT_ERROR;
        }
        return replay(setup, dir, to, useSnapshots);
    }

    /**
     * Run with the setup named by {@code --setup CLASS}.
     *
     * @param args the arguments.
     * @return the exit code.
     */
    public int run(final String... args)
    {
        if (args.length < 2 || !"--setup".equals(args[0]))
        {
            return usage("expected --setup CLASS first");
        }
        final EngineSetup setup;
        try
        {
            setup = (EngineSetup)Class.forName(args[1]).getDeclaredConstructor().newInstance();
        }
        catch (final ReflectiveOperationException | ClassCastException | LinkageError ex)
        {
            err.println("replay: cannot make the setup " + args[1] + " (a public class implementing " +
                EngineSetup.class.getName() + " with a public no-argument constructor, on the class path): " + ex);
            return EXIT_ERROR;
        }
        return run(setup, Arrays.copyOfRange(args, 2, args.length));
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
            return EXIT_OK;
        }
        catch (final RuntimeException ex)
        {
            err.println("replay: cannot rebuild the state of " + dir + ": " + ex.getMessage());
            return EXIT_ERROR;
        }
        catch (final InternalError fault)
        {
            // a mapped journal file faulted where the journal could not say which: it was damaged while being read
            err.println("replay: cannot rebuild the state of " + dir + ": a journal file faulted while being read (" +
                fault.getMessage() + "); " + Journal.inspect(dir.resolve("journal")).describe());
            return EXIT_ERROR;
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

    private int usage(final String problem)
    {
        err.println("replay: " + problem);
        err.println(USAGE);
        return EXIT_ERROR;
    }
}
