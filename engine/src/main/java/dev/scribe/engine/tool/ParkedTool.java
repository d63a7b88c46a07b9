package dev.scribe.engine.tool;

import dev.scribe.engine.EngineException;
import dev.scribe.engine.ParkedEvent;
import dev.scribe.engine.Subscription;
import dev.scribe.engine.Subscriptions;
import dev.scribe.journal.tool.Tool;
import dev.scribe.journal.tool.ToolArgs;
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
 * wait). Exit codes ({@link ToolExit}): 0 done, 1 no event parked at that position and index, or a subscription that
 * never ran in that engine directory (it has no directory there), 2 wrong usage, a directory that does not exist or
 * is not an engine's (it has no journal directory), or an unreadable store. {@code --help} prints the usage.
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
        final Path dir = Path.of(parsed.positional(0));
        final String name = parsed.positional(1);
        final int unknown = unknown(dir, name);
        if (ToolExit.OK != unknown)
        {
            return unknown;
        }
        final List<ParkedEvent> parked = Subscriptions.parked(dir, name);
        for (final ParkedEvent event : parked)
        {
            out.println(event.position() + " " + event.index() + " " + event.aggregateId() + " " + event.eventType() +
                " attempts=" + event.attempts() + " parked=" + Instant.ofEpochMilli(event.parkedAtMillis()) +
                " error=" + event.error().replace('\n', ' '));
        }
        err.println("parked: " + parked.size() + " event" + (1 == parked.size() ? "" : "s") + " parked by " +
            "subscription " + parsed.positional(1));
        return ToolExit.OK;
    }

    private int one(final String action, final ToolArgs parsed) throws UsageException
    {
        if (parsed.help())
        {
            return USAGE.help(out);
        }
        final Path dir = Path.of(parsed.positional(0));
        final String name = parsed.positional(1);
        final long position = number(parsed.positional(2), "position");
        final int index = (int)Math.min(Integer.MAX_VALUE, number(parsed.positional(3), "index"));
        final int unknown = unknown(dir, name);
        if (ToolExit.OK != unknown)
        {
            return unknown;
        }
        final boolean done = "skip".equals(action) ? Subscriptions.skip(dir, name, position, index) :
            Subscriptions.requestRetry(dir, name, position, index);
        if (!done)
        {
            err.println("parked: subscription " + name + " has no event parked at position " + position + " index " +
                index + "; list them with: parked list " + dir + " " + name);
            return ToolExit.FAILED;
        }
        out.println("skip".equals(action) ? "skipped" : "retry requested");
        return ToolExit.OK;
    }

    /**
     * Check the engine directory and the subscription's name, saying what is wrong.
     *
     * @return {@link ToolExit#OK} if the engine directory holds a journal and the subscription ran there; else the
     *         exit code, the reason printed.
     */
    private int unknown(final Path dir, final String name)
    {
        Subscription.named(name); // a name no subscription can have: IllegalArgumentException, wrong usage
        if (!Files.isDirectory(dir))
        {
            err.println("parked: engine directory " + dir + " does not exist");
            return ToolExit.USAGE;
        }
        if (!Files.isDirectory(dir.resolve("journal")))
        {
            err.println("parked: " + dir + " is not an engine directory: it has no journal directory");
            return ToolExit.USAGE;
        }
        if (!Files.isDirectory(dir.resolve("subscriptions").resolve(name)))
        {
            err.println("parked: subscription " + name + " never ran in " + dir + " (it has no directory " +
                dir.resolve("subscriptions").resolve(name) + ")");
            return ToolExit.FAILED;
        }
        return ToolExit.OK;
    }

    private static long number(final String text, final String what) throws UsageException
    {
        try
        {
            final long value = Long.parseLong(text);
            if (value >= 0)
            {
                return value;
            }
        }
        catch (final NumberFormatException ignore)
        {
            // below
        }
        throw new UsageException("the " + what + " must be a number of 0 or more: '" + text + "'");
    }
}
