package dev.scribe.replication;

import dev.scribe.engine.monitor.CountersSnapshot;
import dev.scribe.engine.EngineException;
import dev.scribe.journal.FileAccess;
import dev.scribe.journal.PositionFormat;
import dev.scribe.journal.tool.Tool;
import dev.scribe.journal.tool.ToolArgs;
import dev.scribe.journal.tool.ToolException;
import dev.scribe.journal.tool.ToolExit;
import dev.scribe.journal.tool.ToolLauncher;
import dev.scribe.journal.tool.ToolUsage;
import dev.scribe.journal.tool.UsageException;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Command-line tool for a replication node, run from another process (or the node's own) against the node's engine
 * directory.
 *
 * <pre>
 *   status  DIR                    role, epoch, positions, lag, link and counts, from the node's counters
 *   promote DIR [--force] [--wait SECONDS]
 *                                  ask the node to become the primary; print its answer. A node that may have
 *                                  lost journal records in a machine crash refuses unless forced
 *   demote  DIR [--wait SECONDS]   ask the node to become a standby; print its answer
 * </pre>
 *
 * {@code status} reads the counters the node keeps in the engine's {@code counters.dat} (see
 * {@link CountersSnapshot}), so it works on a running node and shows the last values of a stopped one. On a primary
 * it shows the position last sent and last acknowledged by the standby in this epoch, and the lag between the last
 * position and the acknowledged one, in journal positions (records, within one journal cycle); on a standby, the
 * position it last acknowledged to the primary.
 *
 * <p>{@code promote} and {@code demote} write the request to {@code DIR/replication/request} (a temporary file
 * renamed into place, so the node never reads half of it), then wait, {@value #WAIT_DEFAULT_SECONDS} s unless told
 * otherwise, for the node to write {@code DIR/replication/result}, such as {@code promote: epoch 3}, and print it. A
 * request the node has not taken when the wait ends is withdrawn, so a node started later does not act on it.
 *
 * <p>Positions are printed as {@link PositionFormat} writes them. {@link #status(Path)}, {@link #promote} and
 * {@link #demote} do the same work as plain methods.
 *
 * <p>Exit codes ({@link ToolExit}): 0 done; 1 the node is not running, is relaunching its engine, or gave no answer
 * in time; 2 wrong usage, or DIR is missing or not a replication node's engine directory. {@code --help} prints the
 * usage.
 */
public final class ReplicationTool implements Tool
{
    /** How long promote and demote wait for the node's answer unless {@code --wait} says otherwise. */
    public static final int WAIT_DEFAULT_SECONDS = 10;

    private static final long POLL_MS = 10;
    private static final int MAX_RESULT_BYTES = 4096;
    private static final long RELAUNCH_WAIT_MS = 2_000;
    private static final int PRIMARY = 1;
    private static final int STANDBY = 2;
    private static final String WAIT = "--wait";
    private static final ToolArgs.Parser STATUS = ToolArgs.parser().positional("a node's engine directory");
    private static final ToolArgs.Parser PROMOTE = ToolArgs.parser().positional("a node's engine directory")
        .option(WAIT).flag("--force");
    private static final ToolArgs.Parser DEMOTE = ToolArgs.parser().positional("a node's engine directory")
        .option(WAIT);
    private static final ToolUsage USAGE = new ToolUsage("",
        "usage: replication status DIR",
        "       replication promote DIR [--force] [--wait SECONDS]",
        "       replication demote DIR [--wait SECONDS]",
        "DIR is the node's engine directory; --wait defaults to " + WAIT_DEFAULT_SECONDS + " seconds");

    private final PrintStream out;
    private final PrintStream err;

    /**
     * A tool printing to the given streams.
     *
     * @param out for results.
     * @param err for errors.
     */
    public ReplicationTool(final PrintStream out, final PrintStream err)
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
        ToolLauncher.exit(ReplicationTool::new, args);
    }

    /**
     * Run a command.
     *
     * @param args the command ({@code status}, {@code promote} or {@code demote}), the node's engine directory and
     *             the options.
     * @return the exit code, one of {@link ToolExit}'s.
     */
    @Override
    public int run(final String... args)
    {
        if (0 == args.length)
        {
            return USAGE.wrong(err, "expected a command and a node's engine directory");
        }
        final String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try
        {
            return run(() -> command(args[0], rest));
        }
        catch (final UsageException ex)
        {
            return USAGE.wrong(err, ex.getMessage());
        }
        catch (final ToolException ex)
        {
            err.println(ex.getMessage());
            return ex.exitCode();
        }
    }

    private int command(final String name, final String[] rest)
    {
        switch (name)
        {
            case "status":
                final ToolArgs status = STATUS.parse(rest);
                if (status.help())
                {
                    return USAGE.help(out);
                }
                print(out, status(Path.of(status.positional(0))));
                return ToolExit.OK;
            case "promote":
                final ToolArgs promote = PROMOTE.parse(rest);
                return promote.help() ? USAGE.help(out) : request(Path.of(promote.positional(0)),
                    promote.flag("--force") ? "promote-force" : "promote", waitMs(promote));
            case "demote":
                final ToolArgs demote = DEMOTE.parse(rest);
                return demote.help() ? USAGE.help(out) :
                    request(Path.of(demote.positional(0)), "demote", waitMs(demote));
            default:
                return ToolArgs.isHelp(name) ? USAGE.help(out) :
                    USAGE.wrong(err, "unknown command '" + name + "'");
        }
    }

    private static long waitMs(final ToolArgs args)
    {
        final double seconds = args.positiveDouble(WAIT, WAIT_DEFAULT_SECONDS);
        if (seconds > Integer.MAX_VALUE)
        {
            throw new UsageException(WAIT + " must be at most " + Integer.MAX_VALUE + " seconds, was '" +
                args.value(WAIT) + "'");
        }
        return Math.max(1, Math.round(seconds * 1000));
    }

    /**
     * A replication node's state, from its counters.
     *
     * @param directory            the node's engine directory.
     * @param pid                  the node's process id.
     * @param running              whether that process is alive.
     * @param startTimeMs          when its engine started, ms since 1970.
     * @param role                 {@code primary}, {@code standby} or {@code unknown (N)}.
     * @param epoch                the node's epoch.
     * @param lastPosition         the position of its last journal record.
     * @param sentPosition         on a primary, the last position sent to the standby in this epoch; else -1.
     * @param acknowledgedPosition on a primary, the last position the standby acknowledged in this epoch; on a
     *                             standby, the last it acknowledged to the primary; -1 if none.
     * @param lag                  on a primary, the positions between the last and the acknowledged one (records,
     *                             within one journal cycle), -1 if nothing was acknowledged in this epoch; else 0.
     * @param peerConnected        whether the link to the peer is up.
     * @param divergences          divergences found.
     * @param truncations          truncations done.
     */
    public record Status(Path directory, long pid, boolean running, long startTimeMs, String role, long epoch,
        long lastPosition, long sentPosition, long acknowledgedPosition, long lag, boolean peerConnected,
        long divergences, long truncations)
    {
        /**
         * Whether the node is the primary.
         *
         * @return true if its role is {@code primary}.
         */
        public boolean primary()
        {
            return "primary".equals(role);
        }
    }

    /**
     * Read a replication node's state from its counters.
     *
     * @param dir the node's engine directory.
     * @return the state.
     * @throws ToolException if {@code dir} is not a replication node's engine directory ({@link ToolExit#USAGE}),
     *                       or its node is relaunching its engine ({@link ToolExit#FAILED}).
     */
    public static Status status(final Path dir)
    {
        try
        {
            final CountersSnapshot counters = counters(dir);
            final long role = counters.value(NodeCounters.ROLE_TYPE_ID).orElse(0);
            final long last = value(counters, CountersSnapshot.JOURNAL_POSITION_TYPE_ID);
            final long acknowledged = value(counters, NodeCounters.ACKNOWLEDGED_POSITION_TYPE_ID);
            final boolean primary = role == PRIMARY;
            return new Status(counters.file().getParent(), counters.pid(), counters.processAlive(),
                counters.startTimeMs(), roleName(role), value(counters, NodeCounters.EPOCH_TYPE_ID), last,
                primary ? value(counters, NodeCounters.SENT_POSITION_TYPE_ID) : -1, acknowledged,
                !primary ? 0 : acknowledged < 0 ? -1 : Math.max(0, last - acknowledged),
                value(counters, NodeCounters.CONNECTED_TYPE_ID) == 1, value(counters, NodeCounters.DIVERGENCES_TYPE_ID),
                value(counters, NodeCounters.TRUNCATIONS_TYPE_ID));
        }
        catch (final NotANodeException ex)
        {
            throw new ToolException(ToolExit.USAGE, ex.getMessage());
        }
        catch (final NodeAwayException ex)
        {
            throw new ToolException(ToolExit.FAILED, ex.getMessage());
        }
    }

    /**
     * Print a node's state as text, a line a field.
     *
     * @param out    where to print.
     * @param status the state.
     */
    public static void print(final PrintStream out, final Status status)
    {
        out.println("node:                  " + status.directory() + " (pid " + status.pid() + ", " +
            (status.running() ? "running" : "not running") + ", engine started " +
            Instant.ofEpochMilli(status.startTimeMs()) + ")");
        out.println("role:                  " + status.role());
        out.println("epoch:                 " + status.epoch());
        out.println("last position:         " + PositionFormat.position(status.lastPosition()));
        if (status.primary())
        {
            out.println("sent position:         " + PositionFormat.position(status.sentPosition()));
            out.println("acknowledged position: " + PositionFormat.position(status.acknowledgedPosition()) +
                " (by the standby)");
            out.println("lag:                   " + (status.lag() < 0 ? "all (nothing acknowledged in this epoch)" :
                Long.toString(status.lag())));
        }
        else
        {
            out.println("acknowledged position: " + PositionFormat.position(status.acknowledgedPosition()) +
                " (to the primary)");
        }
        out.println("peer connected:        " + (status.peerConnected() ? "yes" : "no"));
        out.println("divergences:           " + status.divergences());
        out.println("truncations:           " + status.truncations());
    }

    /**
     * Ask a node to become the primary, and print its answer.
     *
     * @param dir    the node's engine directory.
     * @param force  whether to promote a node that may have lost journal records in a machine crash.
     * @param waitMs how long to wait for the answer.
     * @return the exit code, one of {@link ToolExit}'s.
     */
    public int promote(final Path dir, final boolean force, final long waitMs)
    {
        return run(() -> request(dir, force ? "promote-force" : "promote", waitMs));
    }

    /**
     * Ask a node to become a standby, and print its answer.
     *
     * @param dir    the node's engine directory.
     * @param waitMs how long to wait for the answer.
     * @return the exit code, one of {@link ToolExit}'s.
     */
    public int demote(final Path dir, final long waitMs)
    {
        return run(() -> request(dir, "demote", waitMs));
    }

    private int run(final IntSupplier command)
    {
        try
        {
            return command.getAsInt();
        }
        catch (final NotANodeException ex)
        {
            err.println(ex.getMessage());
            return ToolExit.USAGE;
        }
        catch (final NodeAwayException ex)
        {
            err.println(ex.getMessage());
            return ToolExit.FAILED;
        }
        catch (final UncheckedIOException ex)
        {
            err.println(ex.getMessage() + ": " + ex.getCause());
            return ToolExit.FAILED;
        }
    }

    private static String roleName(final long role)
    {
        return switch ((int)role)
        {
            case PRIMARY -> "primary";
            case STANDBY -> "standby";
            default -> "unknown (" + role + ")";
        };
    }

    private static long value(final CountersSnapshot counters, final int typeId)
    {
        final OptionalLong value = counters.value(typeId);
        if (value.isEmpty())
        {
            throw new NotANodeException(counters.file() + " has no counter of type " + typeId + "; it was written " +
                "by another version of Scribe");
        }
        return value.getAsLong();
    }

    /**
     * The node's counters; fails unless DIR is the engine directory of a replication node. A node relaunching its
     * engine (stepping down, truncating) has for a moment a new counters file without its own counters: wait a
     * little for them.
     */
    private static CountersSnapshot counters(final Path dir)
    {
        if (!Files.isDirectory(dir))
        {
            throw new NotANodeException(dir + " is not a directory; give a replication node's engine directory");
        }
        final boolean node = Files.isDirectory(dir.resolve(ControlFile.DIRECTORY));
        final long deadlineNs = System.nanoTime() + RELAUNCH_WAIT_MS * 1_000_000L;
        while (true)
        {
            final CountersSnapshot counters;
            try
            {
                counters = CountersSnapshot.read(dir);
            }
            catch (final EngineException ex)
            {
                throw new NotANodeException(dir + " is not a replication node's engine directory: " +
                    ex.getMessage());
            }
            if (counters.value(NodeCounters.ROLE_TYPE_ID).orElse(0) != 0)
            {
                return counters;
            }
            if (!node)
            {
                throw new NotANodeException(dir + " is an engine directory but not a replication node's: its " +
                    "counters have no replication counters");
            }
            if (!counters.processAlive() || System.nanoTime() - deadlineNs > 0 || !pause())
            {
                throw new NodeAwayException("the node of " + dir + " is relaunching its engine, or stopped while " +
                    "it did: its counters have no replication counters yet; try again");
            }
        }
    }

    private int request(final Path dir, final String request, final long waitMs)
    {
        final CountersSnapshot counters = counters(dir);
        final Path control = dir.resolve(ControlFile.DIRECTORY);
        if (!Files.isDirectory(control))
        {
            throw new NotANodeException(dir + " is not a replication node's engine directory: it has no " +
                ControlFile.DIRECTORY + " directory");
        }
        if (!counters.processAlive())
        {
            err.println("the node of " + dir + " (pid " + counters.pid() + ") is not running; nothing would take " +
                "the request");
            return ToolExit.FAILED;
        }
        final Path result = control.resolve(ControlFile.RESULT);
        final Stamp before = Stamp.of(result);
        ControlFile.write(control, ControlFile.REQUEST, request + "\n", FileAccess.OWNER_ONLY);
        final long deadlineNs = System.nanoTime() + waitMs * 1_000_000L;
        while (System.nanoTime() - deadlineNs < 0)
        {
            if (!Objects.equals(before, Stamp.of(result)))
            {
                final String answer = read(result);
                out.println(answer);
                return answer.startsWith(request + ": epoch ") ? ToolExit.OK : ToolExit.FAILED;
            }
            if (!pause())
            {
                break;
            }
        }
        return timedOut(dir, control.resolve(ControlFile.REQUEST), request, waitMs);
    }

    private int timedOut(final Path dir, final Path request, final String what, final long waitMs)
    {
        final boolean withdrawn;
        try
        {
            withdrawn = Files.deleteIfExists(request);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot withdraw " + request, ex);
        }
        final String waited = String.format(Locale.ROOT, "%.3f s", waitMs / 1000.0);
        err.println(withdrawn ?
            "the node of " + dir + " did not take the " + what + " request within " + waited + "; it was withdrawn" :
            "the node of " + dir + " took the " + what + " request but gave no result within " + waited + "; see " +
                "its log and 'replication status'");
        return ToolExit.FAILED;
    }

    private static boolean pause()
    {
        try
        {
            Thread.sleep(POLL_MS);
            return true;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The node's result, read without following a link, at most a few kilobytes. */
    private static String read(final Path file)
    {
        try (SeekableByteChannel channel = Files.newByteChannel(file,
            StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))
        {
            final ByteBuffer bytes = ByteBuffer.allocate(MAX_RESULT_BYTES);
            while (bytes.hasRemaining() && channel.read(bytes) >= 0)
            {
                // up to the limit: a result is one line
            }
            return new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8).trim();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + file, ex);
        }
    }

    /**
     * What identifies one version of the result file: the node replaces it by renaming a new file over it, so its
     * file key (inode) changes even when the text is the same as before.
     */
    private record Stamp(Object fileKey, long modifiedNs, long size)
    {
        static Stamp of(final Path file)
        {
            try
            {
                final BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
                return new Stamp(attributes.fileKey(), attributes.lastModifiedTime().to(
                    TimeUnit.NANOSECONDS), attributes.size());
            }
            catch (final NoSuchFileException ex)
            {
                return null;
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot read the attributes of " + file, ex);
            }
        }
    }

    /** DIR is not what the tool needs: wrong input, exit 2. */
    private static final class NotANodeException extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        NotANodeException(final String message)
        {
            super(message);
        }
    }

    /** DIR is a node's, but its node is not there to answer now: exit 1. */
    private static final class NodeAwayException extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        NodeAwayException(final String message)
        {
            super(message);
        }
    }
}
