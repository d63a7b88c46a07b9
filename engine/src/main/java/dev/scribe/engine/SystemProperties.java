package dev.scribe.engine;

import java.util.Arrays;

/**
 * The engine's system properties read as numbers and flags, each wrong value an error naming its property rather
 * than a silent fall back to the default.
 */
final class SystemProperties
{
    private SystemProperties()
    {
    }

    /**
     * A whole-number system property within the range of an int (decimal, or hexadecimal or octal as
     * {@link Integer#decode} reads them), spaces around it allowed, or the default if it is not set.
     *
     * @throws IllegalArgumentException naming the property if its value is not a whole number of that range.
     */
    static int intValue(final String property, final int defaultValue)
    {
        final String value = System.getProperty(property);
        if (null == value)
        {
            return defaultValue;
        }
        try
        {
            return Integer.decode(value.trim()); // as Integer.getInteger read it, hexadecimal and octal too
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("system property " + property + " must be a whole number up to " +
                Integer.MAX_VALUE + ": '" + value + "'", ex);
        }
    }

    /**
     * A setting given in code, unless it is 0 (not given): then {@link #intValue(String, int)}.
     *
     * @throws IllegalArgumentException naming the property if its value is not a whole number of that range.
     */
    static int intValue(final int given, final String property, final int defaultValue)
    {
        return 0 != given ? given : intValue(property, defaultValue);
    }

    /**
     * A system property that is {@code true} or {@code false} (any case, spaces around it allowed), or the default
     * if it is not set.
     *
     * @throws IllegalArgumentException naming the property if its value is neither.
     */
    static boolean booleanValue(final String property, final boolean defaultValue)
    {
        final String value = System.getProperty(property);
        if (null == value)
        {
            return defaultValue;
        }
        final String trimmed = value.trim();
        if ("true".equalsIgnoreCase(trimmed) || "false".equalsIgnoreCase(trimmed))
        {
            return Boolean.parseBoolean(trimmed);
        }
        throw new IllegalArgumentException("system property " + property + " must be true or false: '" + value + "'");
    }

    /**
     * A system property that names a constant of an enum (any case, spaces around it allowed), or the default if it
     * is not set.
     *
     * @throws IllegalArgumentException naming the property and the constants if its value is none of them.
     */
    static <E extends Enum<E>> E enumValue(final String property, final E defaultValue)
    {
        final String value = System.getProperty(property);
        if (null == value)
        {
            return defaultValue;
        }
        final E[] constants = defaultValue.getDeclaringClass().getEnumConstants();
        for (final E constant : constants)
        {
            if (constant.name().equalsIgnoreCase(value.trim()))
            {
                return constant;
            }
        }
        throw new IllegalArgumentException("system property " + property + " must be one of " +
            Arrays.toString(constants) + ": '" + value + "'");
    }
}
