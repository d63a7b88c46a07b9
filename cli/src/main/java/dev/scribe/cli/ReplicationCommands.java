package dev.scribe.cli;

import dev.scribe.journal.tool.ToolExit;
import dev.scribe.replication.ReplicationTool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * {@code scribe replication status|promote|demote}: a replication node, through its engine directory
 * ({@link ReplicationTool}).
 */
@Command(name = "replication", description = "A replication node: its state, or ask it to change role.",
    subcommands = {ReplicationCommands.Status.class, ReplicationCommands.Promote.class,
        ReplicationCommands.Demote.class, HelpCommand.class})
final class ReplicationCommands extends ToolCommand.Group
{
    private static final String DIR = "The node's engine directory.";
    private static final String WAIT = "How long to wait for the node's answer (default: ${DEFAULT-VALUE}).";

    /** {@code replication status}. */
    @Command(name = "status", description = {"Role, epoch, positions, lag, link and counts, from the node's " +
        "counters.", "Exit 1 if the node is relaunching its engine."})
    static final class Status extends ToolCommand
    {
        @Parameters(index = "0", paramLabel = "DIR", description = DIR)
        Path dir;

        @Mixin
        Options.JsonOption json;

        @Override
        public Integer call()
        {
            final ReplicationTool.Status status = ReplicationTool.status(dir);
            if (!json.json)
            {
                ReplicationTool.print(io().out(), status);
                return ToolExit.OK;
            }
            final Map<String, Object> out = Json.object();
            out.put("directory", status.directory().toString());
            out.put("pid", status.pid());
            out.put("running", status.running());
            out.put("engineStarted", Instant.ofEpochMilli(status.startTimeMs()).toString());
            out.put("role", status.role());
            out.put("epoch", status.epoch());
            out.put("lastPosition", Json.position(status.lastPosition()));
            out.put("sentPosition", Json.position(status.sentPosition()));
            out.put("acknowledgedPosition", Json.position(status.acknowledgedPosition()));
            out.put("lag", status.lag() < 0 ? null : status.lag());
            out.put("peerConnected", status.peerConnected());
            out.put("divergences", status.divergences());
            out.put("truncations", status.truncations());
            io().out().println(Json.write(out));
            return ToolExit.OK;
        }
    }

    /** {@code replication promote}. */
    @Command(name = "promote", description = {"Ask the node to become the primary, and print its answer.",
        "A node that may have lost journal records in a machine crash refuses unless forced.",
        "Exit 1 if the node is not running or gave no answer in time."})
    static final class Promote extends ToolCommand
    {
        @Parameters(index = "0", paramLabel = "DIR", description = DIR)
        Path dir;

        @Option(names = "--force", description = "Promote even a node that may have lost journal records.")
        boolean force;

        @Option(names = "--wait", paramLabel = "SECONDS", converter = Converters.Seconds.class, description = WAIT)
        double wait = ReplicationTool.WAIT_DEFAULT_SECONDS;

        @Override
        public Integer call()
        {
            return new ReplicationTool(io().out(), io().err()).promote(dir, force, Converters.millis(wait));
        }
    }

    /** {@code replication demote}. */
    @Command(name = "demote", description = {"Ask the node to become a standby, and print its answer.",
        "Exit 1 if the node is not running or gave no answer in time."})
    static final class Demote extends ToolCommand
    {
        @Parameters(index = "0", paramLabel = "DIR", description = DIR)
        Path dir;

        @Option(names = "--wait", paramLabel = "SECONDS", converter = Converters.Seconds.class, description = WAIT)
        double wait = ReplicationTool.WAIT_DEFAULT_SECONDS;

        @Override
        public Integer call()
        {
            return new ReplicationTool(io().out(), io().err()).demote(dir, Converters.millis(wait));
        }
    }
}
