package dev.scribe.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * Measurements of one quantity over the rounds of a report, summarised as the median with the minimum and maximum.
 */
final class Samples
{
    private double[] values = new double[8];
    private int count;

    /**
     * Add a measurement.
     */
    void add(final double value)
    {
        if (count == values.length)
        {
            values = Arrays.copyOf(values, 2 * count);
        }
        values[count++] = value;
    }

    boolean isEmpty()
    {
        return 0 == count;
    }

    double median()
    {
        final double[] sorted = sorted();
        final int n = sorted.length;
        return 1 == n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    double min()
    {
        return sorted()[0];
    }

    double max()
    {
        return sorted()[count - 1];
    }

    /**
     * Each measurement, a time in nanoseconds, as a rate: {@code amount} per second.
     */
    Samples ratesOf(final double amount)
    {
        final Samples rates = new Samples();
        for (int i = 0; i < count; i++)
        {
            rates.add(amount * 1e9 / values[i]);
        }
        return rates;
    }

    /**
     * The median and, for more than one measurement, the minimum and maximum in brackets, each divided by a unit.
     *
     * @param unit     what one of the printed unit is in the measurements, e.g. 1e6 to print nanoseconds as ms.
     * @param decimals digits after the point.
     * @return e.g. {@code 1,234.5 (1,200.1-1,300.2)}, or {@code -} if there is no measurement.
     */
    String format(final double unit, final int decimals)
    {
        if (isEmpty())
        {
            return "-";
        }
        final String pattern = "%,." + decimals + "f";
        final String median = String.format(Locale.ROOT, pattern, median() / unit);
        return 1 == count ? median : median + " (" + String.format(Locale.ROOT, pattern, min() / unit) + "-" +
            String.format(Locale.ROOT, pattern, max() / unit) + ")";
    }

    private double[] sorted()
    {
        if (isEmpty())
        {
            throw new IllegalStateException("no measurements");
        }
        final double[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        return sorted;
    }
}
