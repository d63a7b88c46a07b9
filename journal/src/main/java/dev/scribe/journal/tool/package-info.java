/**
 * What every Scribe command-line tool shares: its arguments, its exit codes and how it is started.
 *
 * <p>A tool is a {@link dev.scribe.journal.tool.Tool}: it is built with the streams it prints to and run with its
 * arguments, so a test or the {@code scribe} launcher runs it in-process and reads what it printed. Its
 * {@code main} hands it to {@link dev.scribe.journal.tool.ToolLauncher}, which gives it standard output and error
 * and exits with the code it returns. The tool describes its options once, as a
 * {@link dev.scribe.journal.tool.ToolArgs.Parser}; the parsed {@link dev.scribe.journal.tool.ToolArgs} hand it
 * values, and anything wrong in them is a {@link dev.scribe.journal.tool.UsageException} naming the bad argument,
 * which the tool prints with its {@link dev.scribe.journal.tool.ToolUsage} before it exits with
 * {@link dev.scribe.journal.tool.ToolExit#USAGE}. Every tool exits with one of the codes of
 * {@link dev.scribe.journal.tool.ToolExit}, so a script reads any tool's exit code the same way.
 *
 * <p>Each tool's work is also a plain method that returns what it found and throws a
 * {@link dev.scribe.journal.tool.ToolException} (message and exit code) when it cannot; the {@code scribe} command
 * line calls those, and prints text or JSON. Long work reports to a {@link dev.scribe.journal.tool.Progress} (records
 * done of a total). {@link dev.scribe.journal.tool.ToolDirectories} tells a journal directory from an engine
 * directory, so that a journal tool pointed at an engine reads the journal inside it.
 */
package dev.scribe.journal.tool;
