package dev.scribe.cli;

import dev.scribe.engine.EngineStat;
import dev.scribe.engine.JournalVerifyTool;
import dev.scribe.engine.ReplayTool;
import dev.scribe.engine.SnapshotRequest;
import dev.scribe.journal.JournalTool;
import dev.scribe.replication.ReplicationTool;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
 *   scribe snapshot DIR [--wait SECONDS]            ask a running engine for a snapshot now ({@link SnapshotRequest})
 *   scribe replay --setup CLASS DIR [--to POSITION] [--no-snapshots]
 *                                                   rebuild an application's state read-only ({@link ReplayTool});
 *                                                   its classes go on SCRIBE_CLASSPATH
 * </pre>
 *
 * The engine tools read the files of a running, stopped or crashed engine; DIR is its directory (for the replication
 * tool, the node's engine directory).
 */
public final class ScribeCli
{
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
        final PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        final PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        System.exit(run(args, out, err));
    }

    /**
     * Run a tool, printing to the given streams.
     *
     * @param args the tool's name, then its arguments.
     * @param out  for results.
     * @param err  for progress and errors.
     * @return the exit code.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        if (args.length == 0 || "help".equals(args[0]) || "--help".equals(args[0]))
        {
            err.println("usage: scribe journal dump|verify|stat JOURNAL_DIR [options]");
            err.println("       scribe journal verify --setup CLASS JOURNAL_DIR");
            err.println("       scribe stat ENGINE_DIR [--watch SECONDS [--count N]]");
            err.println("       scribe errors ENGINE_DIR");
            err.println("       scribe replication status NODE_ENGINE_DIR");
            err.println("       scribe replication promote|demote NODE_ENGINE_DIR [--wait SECONDS]");
            err.println("       scribe snapshot ENGINE_DIR [--wait SECONDS]");
            err.println("       scribe replay --setup CLASS ENGINE_DIR [--to POSITION] [--no-snapshots]");
            return args.length == 0 ? JournalTool.EXIT_ERROR : JournalTool.EXIT_OK;
        }
        final String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if ("journal".equals(args[0]))
        {
            if (rest.length > 1 && "verify".equals(rest[0]) && "--setup".equals(rest[1]))
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
            return new SnapshotRequest(out, err).run(rest);
        }
        if ("replay".equals(args[0]))
        {
            return new ReplayTool(out, err).run(rest);
        }
        if ("replication".equals(args[0]))
        {
            return new ReplicationTool(out, err).run(rest);
        }
        err.println("unknown tool '" + args[0] + "'; try: scribe help");
        return JournalTool.EXIT_ERROR;
    }
}
