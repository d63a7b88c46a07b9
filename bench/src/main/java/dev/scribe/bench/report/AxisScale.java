package dev.scribe.bench.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Places the values of one axis between 0 and 1 and chooses its ticks, for a {@link Report.Scale}: round steps on a
 * linear axis starting at zero, powers of ten (and 2 and 5 between them when the range is short) on a log axis, and
 * 0%, 90%, 99%, 99.9%, ... on a percentile axis.
 */
final class AxisScale
{
    private static final double[] NICE_STEPS = {1, 2, 2.5, 5, 10};
    private static final int LINEAR_TICKS = 5;

    private final Report.Scale scale;
    private final double low;
    private final double high;
    private final List<Double> ticks;

    private AxisScale(final Report.Scale scale, final double low, final double high, final List<Double> ticks)
    {
        this.scale = scale;
        this.low = low;
        this.high = high;
        this.ticks = ticks;
    }

    /**
     * A scale covering the values.
     *
     * @param scale how values are placed.
     * @param min   the smallest value to show.
     * @param max   the largest value to show.
     * @return the scale, with round ends.
     */
    static AxisScale of(final Report.Scale scale, final double min, final double max)
    {
        switch (scale)
        {
            case LOG:
                return log(min, max);
            case PERCENTILE:
                return percentile(max);
            case LINEAR:
            default:
                return linear(Math.min(0, min), max);
        }
    }

    private static AxisScale linear(final double min, final double max)
    {
        final double span = max > min ? max - min : Math.max(1, Math.abs(max));
        final double step = niceStep(span / LINEAR_TICKS);
        final double low = Math.floor(min / step) * step;
        final double high = Math.max(low + step, Math.ceil(max / step) * step);
        final List<Double> ticks = new ArrayList<>();
        for (double tick = low; tick <= high + step / 2; tick += step)
        {
            ticks.add(Math.abs(tick) < step / 1e6 ? 0 : tick);
        }
        return new AxisScale(Report.Scale.LINEAR, low, high, ticks);
    }

    /**
     * The round step nearest above a raw step: 1, 2, 2.5 or 5 times a power of ten.
     */
    static double niceStep(final double raw)
    {
        final double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (final double nice : NICE_STEPS)
        {
            if (nice * power >= raw * 0.999)
            {
                return nice * power;
            }
        }
        return 10 * power;
    }

    private static AxisScale log(final double min, final double max)
    {
        final double positiveMin = min > 0 ? min : Math.max(max / 1000, Double.MIN_NORMAL);
        final double low = Math.floor(Math.log10(positiveMin));
        final double high = Math.max(low + 1, Math.ceil(Math.log10(Math.max(max, positiveMin))));
        final List<Double> ticks = new ArrayList<>();
        final boolean fine = high - low <= 2;
        for (double decade = low; decade <= high; decade++)
        {
            final double base = Math.pow(10, decade);
            ticks.add(base);
            if (fine && decade < high)
            {
                ticks.add(2 * base);
                ticks.add(5 * base);
            }
        }
        return new AxisScale(Report.Scale.LOG, low, high, ticks);
    }

    private static AxisScale percentile(final double max)
    {
        final double high = Math.max(2, Math.ceil(nines(Math.min(max, 99.9999)) - 1e-9));
        final List<Double> ticks = new ArrayList<>();
        for (int nines = 0; nines <= high; nines++)
        {
            ticks.add(100 * (1 - Math.pow(10, -nines)));
        }
        return new AxisScale(Report.Scale.PERCENTILE, 0, high, ticks);
    }

    /**
     * A percentile's place on a percentile axis: log10(1 / (1 - p)), so 90% is 1, 99% is 2, 99.9% is 3.
     */
    static double nines(final double percentile)
    {
        return -Math.log10(1 - percentile / 100);
    }

    /**
     * Where a value falls, 0 at the low end and 1 at the high end; values outside fall outside 0 to 1, a value a log
     * axis cannot show (zero or less) at its low end.
     */
    double position(final double value)
    {
        final double transformed;
        switch (scale)
        {
            case LOG:
                transformed = value > 0 ? Math.log10(value) : low;
                break;
            case PERCENTILE:
                transformed = nines(value);
                break;
            case LINEAR:
            default:
                transformed = value;
                break;
        }
        return (transformed - low) / (high - low);
    }

    /**
     * The values to mark, in order.
     */
    List<Double> ticks()
    {
        return ticks;
    }

    /**
     * Whether a tick is minor (a 2 or 5 between powers of ten), drawn without a label when space is short.
     */
    boolean minor(final double tick)
    {
        if (Report.Scale.LOG != scale)
        {
            return false;
        }
        final double mantissa = tick / Math.pow(10, Math.floor(Math.log10(tick) + 1e-9));
        return Math.abs(mantissa - 1) > 1e-6;
    }
}
