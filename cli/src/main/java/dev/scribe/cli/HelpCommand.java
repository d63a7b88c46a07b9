package dev.scribe.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code scribe help [COMMAND...]}: the usage of scribe, or of a command at any depth ({@code scribe help journal
 * dump}), on standard output, as {@code --help} prints it.
 */
@Command(name = "help", helpCommand = true, description = "Show the usage of this command, or of a COMMAND below it " +
    "(scribe help journal dump).")
final class HelpCommand extends ToolCommand
{
    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command, and its subcommand.")
    List<String> commands = new ArrayList<>();

    @Override
    public Integer call()
    {
        CommandLine target = spec.parent().commandLine();
        for (final String name : commands)
        {
            final CommandLine sub = target.getSubcommands().get(name);
            if (null == sub)
            {
                throw usage("unknown command '" + name + "'; " + target.getCommandName() + " has: " +
                    String.join(", ", target.getSubcommands().keySet()));
            }
            target = sub;
        }
        target.usage(target.getOut(), target.getColorScheme());
        return 0;
    }
}
