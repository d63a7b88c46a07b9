package dev.scribe.engine.tool;

import dev.scribe.engine.EngineException;
import dev.scribe.engine.ParkedEvent;
import dev.scribe.engine.Subscription;
import dev.scribe.engine.Subscriptions;
import dev.scribe.journal.PositionFormat;
import dev.scribe.journal.tool.Tool;
import dev.scribe.journal.tool.ToolArgs;
import dev.scribe.journal.tool.ToolDirectories;
import dev.scribe.journal.tool.ToolException;
import dev.scribe.journal.tool.ToolExit;
import dev.scribe.journal.tool.ToolLauncher;
import dev.scribe.journal.tool.ToolUsage;
import dev.scribe.journal.tool.UsageException;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Command-line tool for a subscription's dead-letter store: list the events it parked, drop one, or ask the running
 * subscription to retry one.
 *
 * <pre>
 *   parked list ENGINE_DIR SUBSCRIPTION
 *   parked skip ENGINE_DIR SUBSCRIPTION POSITION INDEX
 *   parked retry ENGINE_DIR SUBSCRIPTION POSITION INDEX
 * </pre>
 *
 * {@code list} and {@code skip} work on a running or a stopped engine; {@code retry} leaves a request the running
 * subscription takes within a second or so (the event leaves the store if its handler takes it; the tool does not
 * wait). POSITION is written as {@code list} prints it ({@link PositionFormat}). {@link #list(Path, String)},
 * {@link #skip} and {@link #retry} do the same work as plain methods. Exit codes ({@link ToolExit}): 0 done, 1 no
 * event parked at that position and index, or a subscription that never ran in that engine directory (it has no
 * directory there), 2 wrong usage, a directory that does not exist or is not an engine's (it has no journal
 * directory), or an unreadable store. {@code --help} prints the usage.
 */
public final class ParkedTool implements Tool
{
    private static final ToolUsage USAGE = new ToolUsage("parked: ",
        "usage: parked list ENGINE_DIR SUBSCRIPTION",
        "       parked skip|retry ENGINE_DIR SUBSCRIPTION POSITION INDEX",
        "exit 0 done; 1 no event parked there, or the subscription never ran in ENGINE_DIR; 2 wrong usage, or",
        "ENGINE_DIR does not exist or holds no engine");
    private static final ToolArgs.Parser LIST = ToolArgs.parser().positional("an engine directory")
        .positional("a subscription name");
    private static final ToolArgs.Parser ONE = ToolArgs.parser().positional("an engine directory")
        .positional("a subscription name").positional("a journal position").positional("an event index");

    private final PrintStream out;
    private final PrintStream err;

    /**
     * A tool printing to the given streams.
     *
     * @param out for the result.
     * @param err for errors.
     */
    public ParkedTool(final PrintStream out, final PrintStream err)
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
        ToolLauncher.exit(ParkedTool::new, args);
    }

    /**
     * List, skip or retry.
     *
     * @param args {@code list|skip|retry ENGINE_DIR SUBSCRIPTION [POSITION INDEX]}.
     * @return the exit code, one of {@link ToolExit}'s.
     */
    @Override
    public int run(final String... args)
    {
        if (0 == args.length || ToolArgs.isHelp(args[0]))
        {
            return 0 == args.length ? USAGE.wrong(err, "no action") : USAGE.help(out);
        }
        final String action = args[0];
        final String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try
        {
            return switch (action)
            {
                case "list" -> list(LIST.parse(rest));
                case "skip", "retry" -> one(action, ONE.parse(rest));
                default -> USAGE.wrong(err, "unknown action '" + action + "': list, skip or retry");
            };
        }
        catch (final UsageException ex)
        {
            return USAGE.wrong(err, ex.getMessage());
        }
        catch (final ToolException ex)
        {
            err.println("parked: " + ex.getMessage());
            return ex.exitCode();
        }
        catch (final IllegalArgumentException | EngineException ex)
        {
            err.println("parked: " + ex.getMessage());
            return ToolExit.USAGE;
        }
    }

    private int list(final ToolArgs parsed)
    {
        if (parsed.help())
        {
            return USAGE.help(out);
        }
        final String name = parsed.positional(1);
        final List<ParkedEvent> parked = list(Path.of(parsed.positional(0)), name);
        parked.forEach(event -> out.println(describe(event)));
        err.println("parked: " + parked.size() + " event" + (1 == parked.size() ? "" : "s") + " parked by " +
            "subscription " + name);
        return ToolExit.OK;
    }

    /**
     * A parked event as a line of text: position, index, aggregate id, event type, attempts, when it was parked and
     * the error.
     *
     * @param event the event.
     * @return the line.
     */
    public static String describe(final ParkedEvent event)
    {
        return PositionFormat.position(event.position()) + " " + event.index() + " " + event.aggregateId() + " " +
            event.eventType() + " attempts=" + event.attempts() + " parked=" +
            Instant.ofEpochMilli(event.parkedAtMillis()) + " error=" + event.error().replace('\n', ' ');
    }

    private int one(final String action, final ToolArgs parsed) throws UsageException
    {
        if (parsed.help())
        {
            return USAGE.help(out);
        }
        final Path dir = Path.of(parsed.positional(0));
        final String name = parsed.positional(1);
        final long position = position(parsed.positional(2));
        final int index = index(parsed.positional(3));
        final boolean done = "skip".equals(action) ? skip(dir, name, position, index) :
            retry(dir, name, position, index);
        if (!done)
        {
            err.println("parked: subscription " + name + " has no event parked at position " +
                PositionFormat.position(position) + " index " + index + "; list them with: parked list " + dir + " " +
                name);
            return ToolExit.FAILED;
        }
        out.println("skip".equals(action) ? "skipped" : "retry requested");
        return ToolExit.OK;
    }

    /**
     * The events a subscription parked.
     *
     * @param dir  the engine directory.
     * @param name the subscription's name.
     * @return the events, oldest first.
     * @throws ToolException if {@code dir} is no engine directory ({@link ToolExit#USAGE}) or the subscription never
     *                       ran there ({@link ToolExit#FAILED}).
     */
    public static List<ParkedEvent> list(final Path dir, final String name)
    {
        known(dir, name);
        return Subscriptions.parked(dir, name);
    }

    /**
     * Drop a parked event.
     *
     * @param dir      the engine directory.
     * @param name     the subscription's name.
     * @param position the event's journal position.
     * @param index    the event's index in its record.
     * @return false if no event is parked there.
     * @throws ToolException as {@link #list(Path, String)} does.
     */
    public static boolean skip(final Path dir, final String name, final long position, final int index)
    {
        known(dir, name);
        return Subscriptions.skip(dir, name, position, index);
    }

    /**
     * Ask the running subscription to retry a parked event.
     *
     * @param dir      the engine directory.
     * @param name     the subscription's name.
     * @param position the event's journal position.
     * @param index    the event's index in its record.
     * @return false if no event is parked there.
     * @throws ToolException as {@link #list(Path, String)} does.
     */
    public static boolean retry(final Path dir, final String name, final long position, final int index)
    {
        known(dir, name);
        return Subscriptions.requestRetry(dir, name, position, index);
    }

    /**
     * Check the engine directory and the subscription's name, saying what is wrong.
     */
    private static void known(final Path dir, final String name)
    {
        try
        {
            Subscription.named(name);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ToolException(ToolExit.USAGE, ex.getMessage());
        }
        ToolDirectories.engine(dir);
        if (!Files.isDirectory(dir.resolve("subscriptions").resolve(name)))
        {
            throw new ToolException(ToolExit.FAILED, "subscription " + name + " never ran in " + dir +
                " (it has no directory " + dir.resolve("subscriptions").resolve(name) + ")");
        }
    }

    private static long position(final String text) throws UsageException
    {
        try
        {
            return PositionFormat.parsePosition(text);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new UsageException("the position: " + ex.getMessage(), ex);
        }
    }

    private static int index(final String text) throws UsageException
    {
        try
        {
            final int value = Integer.parseInt(text);
            if (value >= 0)
            {
                return value;
            }
        }
        catch (final NumberFormatException ignore)
        {
            // below
        }
        throw new UsageException("the index must be a number of 0 or more: '" + text + "'");
    }
}
