package dev.scribe.cli;

import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * {@code scribe --version}: the version the jar was built as (from its manifest, or the Maven properties packed in
 * it), and the Java it runs on.
 */
final class ScribeVersion implements IVersionProvider
{
    private static final String POM_PROPERTIES = "/META-INF/maven/dev.scribe/scribe-cli/pom.properties";

    @Override
    public String[] getVersion()
    {
        return new String[] {"scribe " + version(), "Java " + Runtime.version() + " (" +
            System.getProperty("java.vm.name", "?") + ")"};
    }

    /**
     * The version of the command.
     *
     * @return such as {@code 0.1.0}; {@code (development build)} when run from compiled classes.
     */
    static String version()
    {
        final String manifest = ScribeVersion.class.getPackage().getImplementationVersion();
        if (null != manifest)
        {
            return manifest;
        }
        try (InputStream in = ScribeVersion.class.getResourceAsStream(POM_PROPERTIES))
        {
            if (null != in)
            {
                final Properties properties = new Properties();
                properties.load(in);
                final String version = properties.getProperty("version");
                if (null != version)
                {
                    return version;
                }
            }
        }
        catch (final IOException ex)
        {
            // no version to tell: below
        }
        return "(development build)";
    }
}
