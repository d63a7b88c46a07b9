package dev.scribe.bench.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * How the report writes numbers: three significant digits with k, M and G for rates and counts, and times in the
 * unit that suits their size.
 */
final class Units
{
    private static final double KILO = 1e3;
    private static final double MEGA = 1e6;
    private static final double GIGA = 1e9;

    private Units()
    {
    }

    /**
     * A figure with a metric prefix and three significant digits, e.g. {@code 4.60 M}, {@code 12.3 k}, {@code 950}.
     */
    static String metric(final double value)
    {
        if (Double.isNaN(value))
        {
            return "-";
        }
        final double abs = Math.abs(value);
        if (abs >= GIGA)
        {
            return significant(value / GIGA) + " G";
        }
        if (abs >= MEGA)
        {
            return significant(value / MEGA) + " M";
        }
        if (abs >= KILO)
        {
            return significant(value / KILO) + " k";
        }
        return significant(value);
    }

    /**
     * A tick's value with a metric prefix, as short as it can be: {@code 0}, {@code 2.5 M}, {@code 20 M}.
     */
    static String metricTick(final double value)
    {
        final double abs = Math.abs(value);
        if (abs >= GIGA)
        {
            return plain(value / GIGA) + " G";
        }
        if (abs >= MEGA)
        {
            return plain(value / MEGA) + " M";
        }
        if (abs >= KILO)
        {
            return plain(value / KILO) + " k";
        }
        return plain(value);
    }

    /**
     * Three significant digits, no grouping: {@code 4.60}, {@code 12.3}, {@code 950}, {@code 1234}.
     */
    static String significant(final double value)
    {
        // rounded first, so that 9.9997 is written 10.0, not 10.00
        final double rounded = Double.isFinite(value) ?
            new BigDecimal(value).round(new MathContext(3)).doubleValue() : value;
        final double abs = Math.abs(rounded);
        if (abs >= 100 || 0 == abs)
        {
            return String.format(Locale.ROOT, "%.0f", rounded);
        }
        if (abs >= 10)
        {
            return String.format(Locale.ROOT, "%.1f", rounded);
        }
        if (abs >= 1)
        {
            return String.format(Locale.ROOT, "%.2f", rounded);
        }
        return String.format(Locale.ROOT, "%.3g", rounded);
    }

    /**
     * A value of an axis in its unit, as a tick label or in a table: {@code 12.5 µs}, {@code 3.2 ms}, {@code 99.9%},
     * {@code 250k}.
     *
     * @param value the value, in the unit.
     * @param unit  the unit.
     * @param tick  whether it labels a tick, written as short as it can be (no trailing zeros).
     */
    static String of(final double value, final Report.Unit unit, final boolean tick)
    {
        if (Double.isNaN(value))
        {
            return "-";
        }
        switch (unit)
        {
            case MICROSECONDS:
                return time(value, new String[] {"\u00b5s", "ms", "s"}, tick);
            case MILLISECONDS:
                return time(value, new String[] {"ms", "s"}, tick);
            case SECONDS:
                return number(value, tick) + " s";
            case PERCENT:
                return plain(value) + "%";
            case COUNT:
                return count(value, tick);
            case NUMBER:
            default:
                return number(value, tick);
        }
    }

    private static String time(final double value, final String[] names, final boolean tick)
    {
        double scaled = value;
        int index = 0;
        while (Math.abs(scaled) >= KILO && index < names.length - 1)
        {
            scaled /= KILO;
            index++;
        }
        return number(scaled, tick) + " " + names[index];
    }

    private static String count(final double value, final boolean tick)
    {
        final double abs = Math.abs(value);
        if (abs >= MEGA)
        {
            return number(value / MEGA, tick) + "M";
        }
        if (abs >= KILO)
        {
            return number(value / KILO, tick) + "k";
        }
        return number(value, tick);
    }

    private static String number(final double value, final boolean tick)
    {
        return tick ? plain(value) : significant(value);
    }

    /**
     * The shortest decimal that reads as the value to within rounding: {@code 2.5}, {@code 10}, {@code 99.99}.
     */
    static String plain(final double value)
    {
        final BigDecimal rounded = new BigDecimal(String.format(Locale.ROOT, "%.6g", value)).stripTrailingZeros();
        return rounded.scale() < 0 ? rounded.setScale(0).toPlainString() : rounded.toPlainString();
    }

    /**
     * A ratio as a percentage below 2, else as a multiple: {@code 84%}, {@code 12.3x}.
     */
    static String ratio(final double ratio)
    {
        if (Double.isNaN(ratio))
        {
            return "-";
        }
        return ratio < 2 ? String.format(Locale.ROOT, "%.0f%%", 100 * ratio) :
            plain(Double.parseDouble(significant(ratio))) + "x";
    }
}
