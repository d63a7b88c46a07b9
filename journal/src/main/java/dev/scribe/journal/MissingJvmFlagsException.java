package dev.scribe.journal;

import java.util.List;

/**
 * The JVM lacks flags Scribe cannot run without ({@link JvmFlags#check()}); thrown before anything touches the disk.
 * The message names the missing flags and shows how to add them on the java command line, to Maven's Surefire and
 * Failsafe, to Gradle and to an executable jar's manifest.
 */
public final class MissingJvmFlagsException extends IllegalStateException
{
    private static final long serialVersionUID = 1L;

    private final String[] missingRequired;
    private final String[] missing;

    MissingJvmFlagsException(final List<String> missingRequired, final List<String> missing, final String message)
    {
        super(message);
        this.missingRequired = missingRequired.toArray(new String[0]);
        this.missing = missing.toArray(new String[0]);
    }

    /**
     * The missing flags Scribe cannot run without.
     *
     * @return the flags, in order; not empty.
     */
    public List<String> missingRequired()
    {
        return List.of(missingRequired);
    }

    /**
     * Every missing flag, required or recommended: the ones to add.
     *
     * @return the flags, in the order of {@link JvmFlags#flags()}.
     */
    public List<String> missing()
    {
        return List.of(missing);
    }
}
