package dev.scribe.cli;

import java.io.PrintStream;

/**
 * Where the {@code scribe} command prints: results to {@code out}, progress and errors to {@code err}.
 *
 * @param out           standard output, for results.
 * @param err           standard error, for progress bars and errors.
 * @param errIsTerminal whether standard error is a terminal, where a progress bar is shown unasked.
 */
record Io(PrintStream out, PrintStream err, boolean errIsTerminal)
{
    /** The system property {@code bin/scribe} sets to true when standard error is a terminal. */
    static final String ERR_IS_TERMINAL_PROP_NAME = "scribe.stderr.tty";
}
