package dev.scribe.journal.tool;

/**
 * A command-line tool: run with its arguments, it prints to the streams it was built with and returns one of the
 * {@link ToolExit} codes.
 */
@FunctionalInterface
public interface Tool
{
    /**
     * Run the tool.
     *
     * @param args the command line, without the tool's name.
     * @return the exit code, one of {@link ToolExit}'s.
     */
    int run(String... args);
}
