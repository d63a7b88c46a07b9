package dev.scribe.journal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The JVM flags a JVM running the journal needs (Chronicle Queue and Agrona reach into the JDK), as the build wrote
 * them into {@code scribe-jvm.properties} on the class path of the runnable jars: the {@code base} set always, and
 * the {@code jdk24} set on JDK 24 and later. For programs that start other JVMs (benchmark forks, demo nodes).
 */
public final class JvmFlags
{
    /** Class path resource holding the flags, filtered from {@code etc/scribe-jvm.properties} by the build. */
    public static final String RESOURCE = "/scribe-jvm.properties";
    /** First JDK feature release that needs the {@code jdk24} flags. */
    public static final int JDK24_FEATURE = 24;

    private JvmFlags()
    {
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

    private static Properties load()
    {
        final Properties properties = new Properties();
        try (InputStream in = JvmFlags.class.getResourceAsStream(RESOURCE))
        {
            if (null == in)
            {
                throw new IllegalStateException(RESOURCE + " is not on the class path; build the jars with " +
                    "./mvnw -q -B -DskipTests package");
            }
            properties.load(in);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + RESOURCE, ex);
        }
        for (final String key : List.of("base", "jdk24"))
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
