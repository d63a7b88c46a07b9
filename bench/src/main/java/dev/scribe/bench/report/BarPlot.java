package dev.scribe.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws a {@link Report.BarChart} as horizontal bars: each group under its heading, each bar with its label on the
 * left, its 99.9% error bar and its value to its right, and under it its ratios to the other figures of the same run
 * (a ratio with a target in green when met, red when missed). One value axis, starting at zero, runs under all the
 * groups; an error bar that would run past twice its value is cut at the axis's end and drawn as an arrow.
 */
final class BarPlot
{
    /** Width of every chart, in pixels. */
    static final int WIDTH = 880;

    private static final double CHAR_WIDTH = 6.9;
    private static final int GROUP_HEADER = 28;
    private static final int BAR_ROW = 30;
    private static final int RATIO_LINE = 15;
    private static final int BAR_HEIGHT = 18;
    private static final int TOP = 8;
    private static final int AXIS_SPACE = 46;
    private static final String OK = "#047857";
    private static final String MISSED = "#b91c1c";

    private BarPlot()
    {
    }

    /**
     * The fill of a bar of a kind.
     */
    static String colour(final Report.Kind kind)
    {
        switch (kind)
        {
            case LIMIT:
                return "#9ca3af";
            case BASELINE:
                return "#e69f00";
            case SCRIBE:
            default:
                return "#0072b2";
        }
    }

    /**
     * The chart as an SVG element.
     *
     * @param chart the chart.
     * @param label what it shows, for screen readers.
     * @return the {@code svg} element.
     */
    static String render(final Report.BarChart chart, final String label)
    {
        double labelChars = 10;
        double rightChars = 10;
        double max = 0;
        int height = TOP + AXIS_SPACE;
        for (final Report.BarGroup group : chart.groups())
        {
            height += GROUP_HEADER;
            for (final Report.Bar bar : group.bars())
            {
                labelChars = Math.max(labelChars, bar.label().length());
                rightChars = Math.max(rightChars, valueText(bar, chart.unit()).length());
                // an error wider than the value itself (a short run on a busy machine) would squeeze every bar
                // to the left: such whiskers are cut at the axis's end instead, and marked as cut
                max = Math.max(max, bar.value() + (Double.isNaN(bar.error()) ? 0 : Math.min(bar.error(),
                    bar.value())));
                height += rowHeight(bar);
            }
        }
        final double left = Math.min(320, Math.max(150, labelChars * CHAR_WIDTH + 20));
        final double right = WIDTH - Math.min(260, Math.max(120, rightChars * CHAR_WIDTH + 24));
        final AxisScale scale = AxisScale.of(Report.Scale.LINEAR, 0, max > 0 ? max : 1);
        final Svg svg = new Svg(WIDTH, height, label, "bars");
        final double axisY = height - AXIS_SPACE + 6;
        grid(svg, scale, left, right, TOP + GROUP_HEADER - 4, axisY, chart.unit());

        double y = TOP;
        for (final Report.BarGroup group : chart.groups())
        {
            // the heading's own band, over the grid, so that no line runs through its text
            svg.rect(0, y + 4, WIDTH, GROUP_HEADER - 6, "#ffffff", "group-band", null);
            svg.text(8, y + 19, "start", "group", Svg.INK, group.label());
            y += GROUP_HEADER;
            for (final Report.Bar bar : group.bars())
            {
                bar(svg, bar, chart.unit(), scale, left, right, y);
                y += rowHeight(bar);
            }
        }
        return svg.finish();
    }

    private static void grid(final Svg svg, final AxisScale scale, final double left, final double right,
        final double top, final double axisY, final String unit)
    {
        for (final double tick : scale.ticks())
        {
            final double x = left + scale.position(tick) * (right - left);
            svg.line(x, top, x, axisY, Svg.GRID, 1, "grid");
            svg.line(x, axisY, x, axisY + 5, Svg.INK, 1, "tick");
            svg.text(x, axisY + 18, "middle", "tick-label", Svg.MUTED, Units.metricTick(tick));
        }
        svg.line(left, axisY, right, axisY, Svg.INK, 1, "axis");
        svg.line(left, top, left, axisY, Svg.INK, 1, "axis");
        svg.text((left + right) / 2, axisY + 36, "middle", "axis-label", Svg.INK, unit);
    }

    private static void bar(final Svg svg, final Report.Bar bar, final String unit, final AxisScale scale,
        final double left, final double right, final double y)
    {
        final double span = right - left;
        final double top = y + 3;
        final double middle = top + BAR_HEIGHT / 2.0;
        svg.text(left - 10, middle + 4.5, "end", "bar-label", Svg.INK, bar.label());
        final double end = left + scale.position(bar.value()) * span;
        svg.rect(left, top, end - left, BAR_HEIGHT, colour(bar.kind()),
            "bar " + bar.kind().name().toLowerCase(Locale.ROOT), tooltip(bar, unit));
        double textX = end + 8;
        if (!Double.isNaN(bar.error()) && bar.error() > 0)
        {
            final double low = left + scale.position(Math.max(0, bar.value() - bar.error())) * span;
            final boolean cut = scale.position(bar.value() + bar.error()) > 1;
            final double high = cut ? right : left + scale.position(bar.value() + bar.error()) * span;
            svg.line(low, middle, high, middle, Svg.INK, 1.5, "whisker");
            svg.line(low, middle - 5, low, middle + 5, Svg.INK, 1.5, "whisker");
            if (cut)
            {
                // an arrowhead: the interval goes on past the axis
                svg.line(high - 6, middle - 4, high, middle, Svg.INK, 1.5, "whisker");
                svg.line(high - 6, middle + 4, high, middle, Svg.INK, 1.5, "whisker");
            }
            else
            {
                svg.line(high, middle - 5, high, middle + 5, Svg.INK, 1.5, "whisker");
            }
            textX = Math.max(textX, high + 8);
        }
        svg.text(textX, middle + 4.5, "start", "value", Svg.INK, valueText(bar, unit));
        // ratios go under the bar, where their length cannot squeeze the value axis
        double ratioY = top + BAR_HEIGHT + 13;
        for (final Report.Ratio ratio : bar.ratios())
        {
            final String colour = Double.isNaN(ratio.target()) ? Svg.MUTED : ratio.met() ? OK : MISSED;
            svg.text(left + 2, ratioY, "start", "ratio", colour, ratioText(ratio));
            ratioY += RATIO_LINE;
        }
    }

    private static int rowHeight(final Report.Bar bar)
    {
        return BAR_ROW + bar.ratios().size() * RATIO_LINE;
    }

    /**
     * The value written beside a bar: {@code 4.60 M/s ± 9%}.
     */
    static String valueText(final Report.Bar bar, final String unit)
    {
        final String value = Units.metric(bar.value()) + shortUnit(unit);
        if (Double.isNaN(bar.error()) || 0 == bar.value())
        {
            return value;
        }
        return value + String.format(Locale.ROOT, " ± %.0f%%", 100 * bar.error() / bar.value());
    }

    /**
     * A ratio as written under a bar's value: {@code 84% of raw Chronicle (target 70%: met)}.
     */
    static String ratioText(final Report.Ratio ratio)
    {
        final String text = Units.ratio(ratio.value()) + (ratio.value() < 2 ? " of " : " ") + ratio.against();
        if (Double.isNaN(ratio.target()))
        {
            return text;
        }
        return text + " (target " + Units.ratio(ratio.target()) + (ratio.met() ? ": met)" : ": missed)");
    }

    /**
     * The part of a unit written after a value's metric prefix: {@code /s} of {@code records/s}.
     */
    private static String shortUnit(final String unit)
    {
        final int slash = unit.indexOf('/');
        return slash < 0 ? " " + unit : unit.substring(slash);
    }

    private static String tooltip(final Report.Bar bar, final String unit)
    {
        final List<String> parts = new ArrayList<>();
        parts.add(bar.label() + ": " + String.format(Locale.ROOT, "%,.0f", bar.value()) +
            (Double.isNaN(bar.error()) ? "" : String.format(Locale.ROOT, " ± %,.0f", bar.error())) + " " + unit);
        parts.add(bar.source());
        return String.join("\n", parts);
    }
}
