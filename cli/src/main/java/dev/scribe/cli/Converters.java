package dev.scribe.cli;

import dev.scribe.journal.PositionFormat;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * How the {@code scribe} command reads option values; a value that is wrong is a usage error (exit 2) whose message
 * says what was expected.
 */
final class Converters
{
    private Converters()
    {
    }

    /** A journal position as the tools print it, or a decimal number ({@link PositionFormat#parsePosition}). */
    static final class Position implements ITypeConverter<Long>
    {
        @Override
        public Long convert(final String value)
        {
            try
            {
                return PositionFormat.parsePosition(value);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new TypeConversionException(ex.getMessage());
            }
        }
    }

    /** A whole number more than 0, such as a count. */
    static final class PositiveLong implements ITypeConverter<Long>
    {
        @Override
        public Long convert(final String value)
        {
            final long parsed;
            try
            {
                parsed = Long.parseLong(value);
            }
            catch (final NumberFormatException ex)
            {
                throw new TypeConversionException("'" + value + "' is not a whole number");
            }
            if (parsed <= 0)
            {
                throw new TypeConversionException("it must be more than 0, was '" + value + "'");
            }
            return parsed;
        }
    }

    /** A whole number of 0 or more, such as an index. */
    static final class Index implements ITypeConverter<Integer>
    {
        @Override
        public Integer convert(final String value)
        {
            try
            {
                final int parsed = Integer.parseInt(value);
                if (parsed >= 0)
                {
                    return parsed;
                }
            }
            catch (final NumberFormatException ex)
            {
                // below
            }
            throw new TypeConversionException("it must be a whole number of 0 or more, was '" + value + "'");
        }
    }

    /** A time in seconds more than 0, fractions allowed, at most a year. */
    static final class Seconds implements ITypeConverter<Double>
    {
        private static final double MAX_SECONDS = 366 * 24 * 3600;

        @Override
        public Double convert(final String value)
        {
            final double parsed;
            try
            {
                parsed = Double.parseDouble(value);
            }
            catch (final NumberFormatException ex)
            {
                throw new TypeConversionException("'" + value + "' is not a number of seconds");
            }
            if (!(parsed > 0) || parsed > MAX_SECONDS)
            {
                throw new TypeConversionException("it must be more than 0 seconds and at most a year (" +
                    (long)MAX_SECONDS + "), was '" + value + "'");
            }
            return parsed;
        }
    }

    /**
     * Seconds as milliseconds, at least 1.
     *
     * @param seconds a number of seconds more than 0.
     * @return the milliseconds.
     */
    static long millis(final double seconds)
    {
        return Math.max(1, Math.round(seconds * 1000));
    }
}
