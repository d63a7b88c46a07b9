package dev.scribe.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;

/**
 * {@code scribe completion}: a bash completion script for every command and option, to source
 * ({@code source <(scribe completion)}, or save it as {@code /etc/bash_completion.d/scribe}); zsh reads it too after
 * {@code autoload -U +X bashcompinit && bashcompinit}.
 */
@Command(name = "completion", description = {"Print a bash (and zsh) completion script for scribe.",
    "Use it with: source <(scribe completion)  (in ~/.bashrc to keep it), or save it as",
    "/etc/bash_completion.d/scribe. zsh: autoload -U +X bashcompinit && bashcompinit first."})
final class CompletionCommand extends ToolCommand
{
    @Override
    public Integer call()
    {
        io().out().print(AutoComplete.bash("scribe", spec.root().commandLine()));
        io().out().flush();
        return 0;
    }
}
