package dev.scribe.journal.tool;

import java.io.PrintStream;
import java.util.List;

/**
 * A tool's usage text, printed on {@code --help} (to standard output, exit {@link ToolExit#OK}) and after a wrong
 * argument (to standard error, after what was wrong, exit {@link ToolExit#USAGE}).
 */
public final class ToolUsage
{
    private final String prefix;
    private final List<String> lines;

    /**
     * A usage text.
     *
     * @param prefix put in front of each problem reported, such as {@code "replay: "}; empty for none.
     * @param lines  the usage, one line each.
     */
    public ToolUsage(final String prefix, final String... lines)
    {
        this.prefix = prefix;
        this.lines = List.of(lines);
    }

    /**
     * Print the usage, as asked for with {@code --help}.
     *
     * @param out where to print it.
     * @return {@link ToolExit#OK}.
     */
    public int help(final PrintStream out)
    {
        lines.forEach(out::println);
        return ToolExit.OK;
    }

    /**
     * Print what is wrong with the arguments, then the usage.
     *
     * @param err     where to print them.
     * @param problem what is wrong, naming the argument.
     * @return {@link ToolExit#USAGE}.
     */
    public int wrong(final PrintStream err, final String problem)
    {
        err.println(prefix + problem);
        lines.forEach(err::println);
        return ToolExit.USAGE;
    }
}
