package dev.scribe.bench;

import dev.scribe.journal.JvmFlags;
import dev.scribe.journal.tool.ToolExit;
import dev.scribe.journal.tool.UsageException;
import org.openjdk.jmh.Main;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Entry point of {@code benchmarks.jar}: JMH's command line, with the JVM flags Scribe needs added to every fork.
 *
 * <p>Chronicle Queue and Agrona reach into the JDK, so each forked benchmark JVM needs the flags the build writes to
 * {@code scribe-jvm.properties}: the {@code base} set always, and the {@code jdk24} set when the fork runs on JDK 24
 * or later (JDK 17 rejects them). This class appends those, plus {@code -Dchronicle.announcer.disable=true} and
 * {@code -Dorg.slf4j.simpleLogger.defaultLogLevel=warn}, after the fork's own arguments and before any
 * {@code -jvmArgsAppend} given on the command line, so a user's flags still win. Nothing else changes:
 * <pre>
 * java -jar bench/target/benchmarks.jar JournalAppend
 * java -jar bench/target/benchmarks.jar -l
 * </pre>
 *
 * <p>The JDK a fork runs on is the one running this class, or the one named by {@code -jvm}, whose {@code release}
 * file gives its version. The listing and help options ({@code -l}, {@code -lp}, {@code -h}, {@code -lprof},
 * {@code -lrf}) and malformed command lines go to {@link org.openjdk.jmh.Main} unchanged. With {@code -f 0} the
 * benchmarks run in this JVM, which has the flags the jar's manifest gives ({@code java -jar}) and must be started
 * with the rest.
 */
public final class BenchMain
{

    private static final List<String> FORK_PROPERTIES = List.of(
        "-Dchronicle.announcer.disable=true",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");

    private BenchMain()
    {
    }

    /**
     * Run JMH with Scribe's JVM flags added to each fork.
     *
     * @param args JMH command-line arguments.
     * @throws IOException if the JVM flags resource or JMH's output cannot be read or written.
     */
    public static void main(final String[] args) throws IOException
    {
        final CommandLineOptions cmdOptions;
        try
        {
            cmdOptions = new CommandLineOptions(args);
        }
        catch (final CommandLineOptionException ex)
        {
            Main.main(args); // reports the error and exits the way JMH does
            return;
        }

        if (cmdOptions.shouldHelp() || cmdOptions.shouldList() || cmdOptions.shouldListWithParams() ||
            cmdOptions.shouldListProfilers() || cmdOptions.shouldListResultFormats())
        {
            Main.main(args);
            return;
        }

        final PrintStream err = System.err;
        if (cmdOptions.getForkCount().hasValue() && 0 == cmdOptions.getForkCount().get() &&
            !JvmFlags.missing().isEmpty())
        {
            err.println("WARNING: -f 0 runs the benchmarks in this JVM, which lacks Scribe's JVM flags " +
                JvmFlags.missing() + "; start it with them (java -jar gets most from the jar's manifest).");
        }

        final int feature = cmdOptions.getJvm().hasValue() ?
            featureOf(Path.of(cmdOptions.getJvm().get())) : Runtime.version().feature();
        final List<String> jvmArgs = forkJvmArgs(feature);
        if (cmdOptions.getJvmArgsAppend().hasValue())
        {
            jvmArgs.addAll(cmdOptions.getJvmArgsAppend().get());
        }

        final Options options = new OptionsBuilder()
            .parent(cmdOptions)
            .jvmArgsAppend(jvmArgs.toArray(new String[0]))
            .build();
        try
        {
            new Runner(options).run();
        }
        catch (final NoBenchmarksException ex)
        {
            err.println("No matching benchmarks. Misspelled regexp? List them with -l.");
            System.exit(1);
        }
        catch (final RunnerException ex)
        {
            err.print("ERROR: ");
            ex.printStackTrace(err);
            System.exit(1);
        }
    }

    /**
     * The arguments Scribe adds to a fork's JVM: {@link JvmFlags#forJdk} and a few system properties.
     *
     * @param feature the JDK feature release the fork runs on, e.g. 17 or 25.
     * @return the arguments, in order; a new list the caller may change.
     */
    public static List<String> forkJvmArgs(final int feature)
    {
        final List<String> args = JvmFlags.forJdk(feature);
        args.addAll(FORK_PROPERTIES);
        return args;
    }

    /**
     * The feature release of the JDK a {@code java} executable belongs to, from the {@code release} file of its
     * home; the running JDK's if that cannot be read.
     */
    private static int featureOf(final Path javaExecutable)
    {
        final Path bin = javaExecutable.toAbsolutePath().getParent();
        final Path home = null == bin ? null : bin.getParent();
        if (null != home && Files.isReadable(home.resolve("release")))
        {
            try
            {
                for (final String line : Files.readAllLines(home.resolve("release"), StandardCharsets.UTF_8))
                {
                    if (line.startsWith("JAVA_VERSION="))
                    {
                        final String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                        final String[] parts = version.split("[.+_-]");
                        final int first = Integer.parseInt(parts[0]);
                        return 1 == first && parts.length > 1 ? Integer.parseInt(parts[1]) : first;
                    }
                }
            }
            catch (final IOException | NumberFormatException ex)
            {
                // fall through to the running JDK's version
            }
        }
        return Runtime.version().feature();
    }

    /**
     * Parse a harness's options, or print why they are wrong with the usage and exit with status 2.
     *
     * @param args  the command line.
     * @param parse parses the options; throws {@link IllegalArgumentException} or {@link UsageException} naming what
     *              is wrong.
     * @param help  whether the options ask for the usage, which is then printed.
     * @param usage the usage text.
     * @param out   where the usage goes when asked for.
     * @param err   where wrong options are reported.
     * @param <S>   the settings type.
     * @return the settings, or null if only the usage was asked for.
     */
    static <S> S settingsOrExit(
        final String[] args,
        final Function<String[], S> parse,
        final Predicate<S> help,
        final String usage,
        final PrintStream out,
        final PrintStream err)
    {
        final S settings;
        try
        {
            settings = parse.apply(args);
        }
        catch (final IllegalArgumentException | UsageException ex)
        {
            err.println(ex.getMessage());
            err.println(usage);
            System.exit(ToolExit.USAGE);
            return null;
        }
        if (help.test(settings))
        {
            out.println(usage);
            return null;
        }
        return settings;
    }
}
