/**
 * The {@code scribe} command line, built with picocli: {@link dev.scribe.cli.ScribeCli} runs a tree of commands
 * (journal, stat, errors, snapshot, replay, sagas, parked, replication, completion, help), each parsing its options,
 * calling a plain method of the library tools (the journal, engine and replication modules, which know nothing of
 * picocli) and printing the result as text or, with {@code --json}, as JSON. Long work draws a progress bar on
 * standard error. Started by {@code bin/scribe}, which adds the JVM flags Chronicle and Agrona need and tells the
 * command whether standard error is a terminal.
 */
package dev.scribe.cli;
