package dev.scribe.cli;

import dev.scribe.engine.EngineException;
import dev.scribe.journal.tool.ToolException;
import dev.scribe.journal.tool.ToolExit;
import dev.scribe.journal.tool.ToolLauncher;
import dev.scribe.journal.tool.UsageException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The {@code scribe} command: one launcher for Scribe's tools, each a subcommand, with {@code --help} on each (and
 * {@code scribe help COMMAND}), {@code --version}, and a bash completion script ({@code scribe completion}).
 *
 * <pre>
 *   scribe journal dump|verify|stat DIR     a journal, or an engine directory's journal; verify and dump decode
 *                                           events with --setup CLASS
 *   scribe stat DIR [--watch SECONDS [--count N]]   an engine's counters
 *   scribe errors DIR                       an engine's distinct errors
 *   scribe snapshot DIR [--wait SECONDS]    ask a running engine for a snapshot now
 *   scribe replay --setup CLASS DIR [--to POSITION] [--no-snapshots]   rebuild an application's state read-only
 *   scribe sagas --setup CLASS DIR [--all]  saga runs not ended or failed, or all
 *   scribe parked list|skip|retry DIR SUBSCRIPTION [POSITION INDEX]    a subscription's parked events
 *   scribe replication status|promote|demote DIR                      a replication node
 *   scribe completion                       a bash completion script: source &lt;(scribe completion)
 * </pre>
 *
 * Every read-only command takes {@code --json} (one JSON document on standard output; one a line for
 * {@code journal dump} and {@code stat --watch}); replay, sagas, {@code journal verify} and {@code journal stat} draw
 * a progress bar on standard error when it is a terminal, or with {@code --progress} ({@code journal dump} only so),
 * never with {@code --json}. Positions are printed
 * and taken as {@link dev.scribe.journal.PositionFormat} writes them. Exit codes are {@link ToolExit}'s: 0 done,
 * 1 what was checked or asked for failed, 2 wrong usage (an unknown option, a missing or nonsensical value) or a
 * directory that is not what the command needs. The work itself is done by the library modules' tools
 * ({@link dev.scribe.journal.JournalTool}, the engine's {@code dev.scribe.engine.tool} package,
 * {@link dev.scribe.replication.ReplicationTool}); this module only parses, prints and draws progress.
 */
public final class ScribeCli
{
    private ScribeCli()
    {
    }

    /**
     * Run a command and exit with its code.
     *
     * @param args the command's name, then its arguments.
     */
    public static void main(final String[] args)
    {
        System.exit(run(args, ToolLauncher.standardOutput(), ToolLauncher.standardError(),
            Boolean.getBoolean(Io.ERR_IS_TERMINAL_PROP_NAME)));
    }

    /**
     * Run a command, printing to the given streams, with no progress bar unless asked for.
     *
     * @param args the command's name, then its arguments.
     * @param out  for results.
     * @param err  for progress and errors.
     * @return the exit code, one of {@link ToolExit}'s.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        return run(args, out, err, false);
    }

    private static int run(final String[] args, final PrintStream out, final PrintStream err,
        final boolean errIsTerminal)
    {
        final CommandLine commandLine = commandLine(new Io(out, err, errIsTerminal));
        final int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /**
     * The command line of every tool, printing to the given streams.
     *
     * @param io where to print.
     * @return the command line.
     */
    static CommandLine commandLine(final Io io)
    {
        final CommandLine commandLine = new CommandLine(new ScribeCommand(io));
        commandLine.setOut(new PrintWriter(new OutputStreamWriter(io.out(), StandardCharsets.UTF_8), true));
        commandLine.setErr(new PrintWriter(new OutputStreamWriter(io.err(), StandardCharsets.UTF_8), true));
        commandLine.setExecutionExceptionHandler(ScribeCli::failed);
        commandLine.setParameterExceptionHandler(ScribeCli::wrongUsage);
        return commandLine;
    }

    /**
     * Wrong usage: what is wrong, suggestions for a misspelt command or option, the command's synopsis and where
     * its help is; exit 2.
     */
    private static int wrongUsage(final ParameterException ex, final String[] args)
    {
        final CommandLine commandLine = ex.getCommandLine();
        final PrintWriter err = commandLine.getErr();
        err.println(ex.getMessage());
        UnmatchedArgumentException.printSuggestions(ex, err);
        err.print(commandLine.getHelp().fullSynopsis());
        err.println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for more.");
        err.flush();
        return ToolExit.USAGE;
    }

    /**
     * A command that failed with an exception: its message on standard error, and the exit code it stands for.
     */
    private static int failed(final Exception ex, final CommandLine commandLine, final ParseResult parsed)
    {
        final PrintWriter err = commandLine.getErr();
        final int code;
        if (ex instanceof ToolException tool)
        {
            err.println(tool.getMessage());
            code = tool.exitCode();
        }
        else if (ex instanceof UsageException || ex instanceof IllegalArgumentException)
        {
            err.println(commandLine.getCommandName() + ": " + ex.getMessage());
            code = ToolExit.USAGE;
        }
        else if (ex instanceof EngineException)
        {
            err.println(null == ex.getCause() ? ex.getMessage() : ex.getMessage() + ": " + ex.getCause());
            code = ToolExit.USAGE;
        }
        else if (ex instanceof UncheckedIOException)
        {
            err.println(ex.getMessage() + ": " + ex.getCause());
            code = ToolExit.FAILED;
        }
        else
        {
            err.println(commandLine.getCommandName() + " failed unexpectedly:");
            ex.printStackTrace(err);
            code = ToolExit.FAILED;
        }
        err.flush();
        return code;
    }
}
