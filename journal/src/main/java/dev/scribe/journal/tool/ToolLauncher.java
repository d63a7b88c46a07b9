package dev.scribe.journal.tool;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;

/**
 * Runs a tool from its {@code main}: it prints UTF-8 to standard output and error, flushed at each line, and the
 * process exits with the code the tool returns.
 */
public final class ToolLauncher
{
    private ToolLauncher()
    {
    }

    /**
     * Build a tool on the standard streams, run it and exit the JVM with its exit code.
     *
     * @param tool makes the tool from its output stream and its error stream.
     * @param args the command line.
     */
    public static void exit(final BiFunction<PrintStream, PrintStream, ? extends Tool> tool, final String[] args)
    {
        System.exit(tool.apply(standardOutput(), standardError()).run(args));
    }

    /**
     * Standard output as UTF-8, flushed at each line.
     *
     * @return a new stream on standard output.
     */
    public static PrintStream standardOutput()
    {
        return new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    }

    /**
     * Standard error as UTF-8, flushed at each line.
     *
     * @return a new stream on standard error.
     */
    public static PrintStream standardError()
    {
        return new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    }
}
