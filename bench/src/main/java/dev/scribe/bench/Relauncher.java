package dev.scribe.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a tool of {@code benchmarks.jar} again in a child JVM that has Scribe's JVM flags, so the tool can be started
 * with a plain {@code java -cp bench/target/benchmarks.jar dev.scribe.bench.Tool ...}, as JMH's forks are by
 * {@link BenchMain}.
 *
 * <p>The child runs on the same {@code java} as the parent, with the parent's own JVM arguments (so {@code -Xmx},
 * {@code -D...} and the like given to the parent apply), then the flags of {@link BenchMain#forkJvmArgs} for this
 * JDK, then {@code -D}{@value #CHILD_PROP_NAME}{@code =true}, which tells the tool it is the child. Its standard
 * streams are the parent's. A JVM already started with the flags may skip the child by setting that property
 * itself.
 */
final class Relauncher
{
    /** System property set in the child, which runs the tool itself. */
    static final String CHILD_PROP_NAME = "scribe.bench.relaunched";

    private Relauncher()
    {
    }

    /**
     * Whether this JVM is the child, or was started with the flags and asked to run the tool itself.
     */
    static boolean isChild()
    {
        return Boolean.getBoolean(CHILD_PROP_NAME);
    }

    /**
     * Run a main class in a child JVM with Scribe's flags and wait for it.
     *
     * @param mainClass the tool's main class.
     * @param args      its arguments.
     * @return the child's exit code.
     * @throws IOException          if the flags cannot be read or the child cannot be started.
     * @throws InterruptedException if interrupted while waiting for the child; the child is then killed.
     */
    static int run(final Class<?> mainClass, final String[] args) throws IOException, InterruptedException
    {
        final Process child = new ProcessBuilder(command(mainClass, args)).inheritIO().start();
        try
        {
            return child.waitFor();
        }
        finally
        {
            if (child.isAlive())
            {
                child.destroyForcibly();
            }
        }
    }

    /**
     * The child's command line.
     */
    static List<String> command(final Class<?> mainClass, final String[] args) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(BenchMain.forkJvmArgs(Runtime.version().feature()));
        command.add("-D" + CHILD_PROP_NAME + "=true");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        return command;
    }
}
