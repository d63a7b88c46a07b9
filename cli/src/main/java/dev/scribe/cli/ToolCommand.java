package dev.scribe.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * A {@code scribe} command: run, it returns one of {@link dev.scribe.journal.tool.ToolExit}'s codes.
 */
abstract class ToolCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    /**
     * Where to print.
     *
     * @return the streams of the {@code scribe} command this runs in.
     */
    final Io io()
    {
        return ((ScribeCommand)spec.root().userObject()).streams();
    }

    /**
     * A usage error about this command's arguments (exit 2, the message and the usage on standard error).
     *
     * @param message what is wrong.
     * @return the exception to throw.
     */
    final ParameterException usage(final String message)
    {
        return new ParameterException(spec.commandLine(), message);
    }

    /**
     * A command that only groups others: run without one, it is a usage error.
     */
    abstract static class Group extends ToolCommand
    {
        @Override
        public Integer call()
        {
            throw usage("expected a command: " + String.join(", ", spec.subcommands().keySet().stream()
                .filter(name -> !"help".equals(name)).toList()));
        }
    }
}
