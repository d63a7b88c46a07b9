package dev.scribe.cli;

import picocli.CommandLine.Option;

/**
 * Options several commands share, mixed in where they apply.
 */
final class Options
{
    private Options()
    {
    }

    /** {@code --json}: the result as JSON on standard output, for scripts. */
    static final class JsonOption
    {
        @Option(names = "--json", description = "Print the result as JSON (field names are stable), for scripts.")
        boolean json;
    }

    /** {@code --progress}: a progress bar even when standard error is not a terminal. */
    static final class ProgressOption
    {
        @Option(names = "--progress", description = "Show a progress bar on standard error even when it is not a " +
            "terminal (it is shown on a terminal anyway; never with --json).")
        boolean progress;
    }

    /** {@code --setup CLASS}: the application's registrations. */
    static final class SetupOption
    {
        @Option(names = "--setup", paramLabel = "CLASS", required = true, description = "The application's " +
            "EngineSetup class; its classes go on SCRIBE_CLASSPATH.")
        String setup;
    }
}
