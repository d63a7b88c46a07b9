package dev.scribe.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/**
 * The {@code scribe} command itself: it only holds the tools, each a subcommand.
 */
@Command(name = "scribe", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true,
    versionProvider = ScribeVersion.class, sortOptions = false,
    description = {"Scribe's tools for journals, engines and replication nodes: they read the files of a running, " +
        "stopped or crashed engine.", "DIR is an engine directory; the journal commands also take a journal " +
        "directory."},
    subcommands = {
        JournalCommands.class,
        EngineCommands.Stat.class,
        EngineCommands.Errors.class,
        EngineCommands.Snapshot.class,
        EngineCommands.Replay.class,
        EngineCommands.Sagas.class,
        ParkedCommands.class,
        ReplicationCommands.class,
        CompletionCommand.class,
        HelpCommand.class},
    footerHeading = "%n",
    footer = {
        "Positions: 16 hex digits as printed (00004e9b0000002a); decimal is taken too.",
        "Exit codes: 0 done, nothing wrong; 1 what was checked or asked for failed;",
        "2 wrong usage, or a directory that is not what the command needs.",
        "Shell completion: source <(scribe completion). See docs/TOOLS.md."})
final class ScribeCommand extends ToolCommand.Group
{
    private final Io io;

    ScribeCommand(final Io io)
    {
        this.io = io;
    }

    /**
     * Where every command prints.
     *
     * @return the streams.
     */
    Io streams()
    {
        return io;
    }
}
