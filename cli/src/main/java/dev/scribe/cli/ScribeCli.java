package dev.scribe.cli;

import dev.scribe.engine.tool.EngineStat;
import dev.scribe.engine.tool.JournalVerifyTool;
import dev.scribe.engine.tool.ParkedTool;
import dev.scribe.engine.tool.ReplayTool;
import dev.scribe.engine.tool.SagaTool;
import dev.scribe.engine.tool.SnapshotTool;
import dev.scribe.journal.JournalTool;
import dev.scribe.journal.tool.ToolArgs;
import dev.scribe.journal.tool.ToolExit;
import dev.scribe.journal.tool.ToolLauncher;
import dev.scribe.journal.tool.ToolUsage;
import dev.scribe.replication.ReplicationTool;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * The {@code scribe} command: one launcher for Scribe's tools.
 *
 * <pre>
 *   scribe journal dump|verify|stat DIR [options]   a journal directory ({@link JournalTool})
 *   scribe journal verify --setup CLASS DIR         also decode every event with an application's codecs
 *                                                   ({@link JournalVerifyTool}); its classes go on SCRIBE_CLASSPATH
 *   scribe stat DIR [--watch SECONDS [--count N]]   an engine's counters ({@link EngineStat})
 *   scribe errors DIR                               an engine's distinct errors ({@link EngineStat})
 *   scribe replication status DIR                   a replication node's role, epoch, positions and link
 *   scribe replication promote|demote DIR [--wait SECONDS]
 *                                                   ask a running node to change role ({@link ReplicationTool})
 *   scribe snapshot DIR [--wait SECONDS]            ask a running engine for a snapshot now ({@link SnapshotTool})
 *   scribe parked list DIR SUBSCRIPTION             a subscription's parked events ({@link ParkedTool})
 *   scribe parked skip|retry DIR SUBSCRIPTION POSITION INDEX
 *                                                   drop one, or ask the running subscription to retry it
 *   scribe replay --setup CLASS DIR [--to POSITION] [--no-snapshots]
 *                                                   rebuild an application's state read-only ({@link ReplayTool});
 *                                                   its classes go on SCRIBE_CLASSPATH
 *   scribe sagas --setup CLASS DIR [--all]          saga runs not ended or failed, or all ({@link SagaTool})
 * </pre>
 *
 * The engine tools read the files of a running, stopped or crashed engine; DIR is its directory (for the replication
 * tool, the node's engine directory). Every tool exits with the codes of {@link ToolExit} and prints its usage with
 * {@code --help}.
 */
public final class ScribeCli
{
    private static final ToolUsage USAGE = new ToolUsage("",
        "usage: scribe journal dump|verify|stat JOURNAL_DIR [options]",
        "       scribe journal verify --setup CLASS JOURNAL_DIR",
        "       scribe stat ENGINE_DIR [--watch SECONDS [--count N]]",
        "       scribe errors ENGINE_DIR",
        "       scribe replication status NODE_ENGINE_DIR",
        "       scribe replication promote|demote NODE_ENGINE_DIR [--wait SECONDS]",
        "       scribe snapshot ENGINE_DIR [--wait SECONDS]",
        "       scribe parked list ENGINE_DIR SUBSCRIPTION",
        "       scribe parked skip|retry ENGINE_DIR SUBSCRIPTION POSITION INDEX",
        "       scribe replay --setup CLASS ENGINE_DIR [--to POSITION] [--no-snapshots]",
        "       scribe sagas --setup CLASS ENGINE_DIR [--all]",
        "       scribe TOOL ... --help   a tool's own usage");

    private ScribeCli()
    {
    }

    /**
     * Run a tool.
     *
     * @param args the tool's name, then its arguments.
     */
    public static void main(final String[] args)
    {
        ToolLauncher.exit((out, err) -> command -> run(command, out, err), args);
    }

    /**
     * Run a tool, printing to the given streams.
     *
     * @param args the tool's name, then its arguments.
     * @param out  for results.
     * @param err  for progress and errors.
     * @return the exit code, one of {@link ToolExit}'s.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        if (0 == args.length)
        {
            USAGE.help(err);
            return ToolExit.USAGE;
        }
        if ("help".equals(args[0]) || ToolArgs.isHelp(args[0]))
        {
            return USAGE.help(out); // asked for, like a tool's own --help: standard output
        }
        final String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if ("journal".equals(args[0]))
        {
            if (rest.length > 1 && "verify".equals(rest[0]) && Arrays.asList(rest).contains("--setup"))
            {
                return new JournalVerifyTool(out, err).run(Arrays.copyOfRange(rest, 1, rest.length));
            }
            return new JournalTool(out, err).run(rest);
        }
        if ("stat".equals(args[0]) || "errors".equals(args[0]))
        {
            return new EngineStat(out, err).run(args);
        }
        if ("snapshot".equals(args[0]))
        {
            return new SnapshotTool(out, err).run(rest);
        }
        if ("parked".equals(args[0]))
        {
            return new ParkedTool(out, err).run(rest);
        }
        if ("replay".equals(args[0]))
        {
            return new ReplayTool(out, err).run(rest);
        }
        if ("sagas".equals(args[0]))
        {
            return new SagaTool(out, err).run(rest);
        }
        if ("replication".equals(args[0]))
        {
            return new ReplicationTool(out, err).run(rest);
        }
        err.println("unknown tool '" + args[0] + "'; try: scribe help");
        return ToolExit.USAGE;
    }
}
