package dev.scribe.journal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The JVM flags Scribe needs, and the check that the running JVM has them.
 *
 * <p>Chronicle Queue and Agrona reach into the JDK, which a JVM allows only with {@code --add-exports} and
 * {@code --add-opens} flags. The build writes them once (the root pom's {@code scribe.jvm.flags.*} properties) into
 * the resource {@value #RESOURCE} of this jar, in three sets:
 * <ul>
 *   <li>{@link #required()}: without any one of them Scribe fails (Agrona's and Chronicle's access to
 *       {@code jdk.internal.misc.Unsafe}, Chronicle's file mapping through {@code sun.nio.ch}, the reflection Chronicle
 *       uses for the rest, and CRC32C over off-heap memory through {@code java.util.zip});</li>
 *   <li>the rest of Chronicle's documented Java 17 set, recommended: one silences a warning Chronicle prints, the
 *       others serve Chronicle code paths Scribe does not take today;</li>
 *   <li>on JDK {@value #JDK24_FEATURE} and later, {@code --enable-native-access=ALL-UNNAMED} and
 *       {@code --sun-misc-unsafe-memory-access=allow}, which silence the JDK's warnings.</li>
 * </ul>
 *
 * <p>{@link #check()} runs first in {@link Journal#open}, {@code Engine.launch} and the other entry points, before
 * anything touches the disk: a JVM without a required flag gets a {@link MissingJvmFlagsException} that names the
 * missing flags and shows how to add them, instead of a failure deep inside Chronicle. Programs that start other
 * JVMs (benchmark forks, the fail-over demo's nodes) pass them {@link #flags()} or {@link #forJdk(int)}:
 * <pre>
 * List&lt;String&gt; command = new ArrayList&lt;&gt;(List.of(javaExecutable));
 * command.addAll(JvmFlags.flags());           // the flags for this JDK
 * String line = JvmFlags.commandLine();        // the same, as one string
 * List&lt;String&gt; missing = JvmFlags.missing(); // those this JVM lacks
 * </pre>
 */
public final class JvmFlags
{
    /** Class path resource holding the flags, filtered from {@code etc/scribe-jvm.properties} by the build. */
    public static final String RESOURCE = "/dev/scribe/journal/scribe-jvm.properties";
    /** First JDK feature release that needs the {@code jdk24} flags. */
    public static final int JDK24_FEATURE = 24;
    /** System property that, set to {@code false}, skips {@link #check()}: for a JVM known to work without them. */
    public static final String CHECK_PROP_NAME = "scribe.jvm.check";

    private static volatile boolean passed;

    private JvmFlags()
    {
    }

    /**
     * The flags for the JDK this JVM runs on.
     *
     * @return the flags, in order; a new list the caller may change.
     * @throws IllegalStateException if the resource is missing or was not filtered by the build.
     */
    public static List<String> flags()
    {
        return forJdk(Runtime.version().feature());
    }

    /**
     * The flags for the JDK this JVM runs on, as one string to paste into a command line.
     *
     * @return the flags separated by spaces.
     * @throws IllegalStateException if the resource is missing or was not filtered by the build.
     */
    public static String commandLine()
    {
        return String.join(" ", flags());
    }

    /**
     * The flags for a JVM of a JDK feature release.
     *
     * @param feature the JDK feature release the JVM runs, e.g. 17 or 25.
     * @return the flags, in order; a new list the caller may change.
     * @throws IllegalStateException if the resource is missing or was not filtered by the build.
     * @throws UncheckedIOException  if it cannot be read.
     */
    public static List<String> forJdk(final int feature)
    {
        final Properties properties = load();
        final List<String> flags = new ArrayList<>(split(properties, "base"));
        if (feature >= JDK24_FEATURE)
        {
            flags.addAll(split(properties, "jdk24"));
        }
        return flags;
    }

    /**
     * The flags without any one of which Scribe fails, whatever the JDK: {@link #check()} refuses a JVM that lacks
     * one of them.
     *
     * @return the required flags, in order; a new list the caller may change.
     * @throws IllegalStateException if the resource is missing or was not filtered by the build.
     */
    public static List<String> required()
    {
        return new ArrayList<>(split(load(), "required"));
    }

    /**
     * The flags for this JDK that are not in effect in this JVM, however they were given (command line,
     * {@code JDK_JAVA_OPTIONS}, an executable jar's manifest). A flag for a module this runtime does not have (e.g.
     * {@code jdk.compiler} in a runtime without it) is not missing.
     *
     * @return the missing flags, in the order of {@link #flags()}; empty if this JVM has them all.
     * @throws IllegalStateException if the resource is missing or was not filtered by the build.
     */
    public static List<String> missing()
    {
        final Module target = JvmFlags.class.getModule();
        final List<String> missing = new ArrayList<>();
        for (final String flag : flags())
        {
            if (!JvmFlagState.inEffect(flag, target))
            {
                missing.add(flag);
            }
        }
        return missing;
    }

    /**
     * Check that this JVM has every {@link #required()} flag; does nothing once it passed, or when the system
     * property {@value #CHECK_PROP_NAME} is {@code false}. Missing recommended flags do not fail it (Chronicle prints
     * warnings without them).
     *
     * @throws MissingJvmFlagsException naming the missing flags and how to add them, if a required one is missing.
     * @throws IllegalStateException    if the resource is missing or was not filtered by the build.
     */
    public static void check()
    {
        if (passed || "false".equalsIgnoreCase(System.getProperty(CHECK_PROP_NAME, "").trim()))
        {
            return;
        }
        final List<String> missing = missing();
        final List<String> required = required();
        final List<String> missingRequired = missing.stream().filter(required::contains).toList();
        if (!missingRequired.isEmpty())
        {
            throw new MissingJvmFlagsException(missingRequired, missing, JvmFlagsMessage.of(missingRequired, missing));
        }
        passed = true;
    }

    private static Properties load()
    {
        final Properties properties = new Properties();
        try (InputStream in = JvmFlags.class.getResourceAsStream(RESOURCE))
        {
            if (null == in)
            {
                throw new IllegalStateException(RESOURCE + " is not on the class path: it belongs in the " +
                    "scribe-journal jar (a jar built from it must keep the resource)");
            }
            properties.load(in);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + RESOURCE, ex);
        }
        for (final String key : List.of("required", "base", "jdk24"))
        {
            final String value = properties.getProperty(key);
            if (null == value || value.contains("${"))
            {
                throw new IllegalStateException(RESOURCE + " has no filtered value for '" + key + "': " + value);
            }
        }
        return properties;
    }

    private static List<String> split(final Properties properties, final String key)
    {
        final String value = properties.getProperty(key, "").trim();
        return value.isEmpty() ? List.of() : Arrays.asList(value.split("\\s+"));
    }
}
