package dev.scribe.bench.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Draws a {@link Report.LineChart}: grid and ticks on both axes in their units, then each series as a line in its
 * colour, in a group of its own ({@code data-series}, which the page's legend shows and hides), with a marker at
 * each point when a series has few points. Points a scale cannot place (the 100th percentile on a percentile axis)
 * are left out.
 */
final class LinePlot
{
    /** Height of a full-size chart, in pixels. */
    static final int HEIGHT = 400;

    private static final int MARKER_LIMIT = 24;
    private static final double LEFT = 78;
    /** Where the plot ends on the right, leaving room for the last tick's label. */
    private static final double RIGHT = BarPlot.WIDTH - 40;
    private static final double TOP = 14;
    private static final double BOTTOM = 52;

    private LinePlot()
    {
    }

    /**
     * The chart as an SVG element.
     *
     * @param chart  the chart.
     * @param label  what it shows, for screen readers.
     * @param height the element's height in pixels; its width is {@link BarPlot#WIDTH}.
     * @return the {@code svg} element.
     */
    static String render(final Report.LineChart chart, final String label, final int height)
    {
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (final Report.Series series : chart.series())
        {
            for (final Report.Point point : drawable(series, chart))
            {
                minX = Math.min(minX, point.x());
                maxX = Math.max(maxX, point.x());
                minY = Math.min(minY, point.y());
                maxY = Math.max(maxY, point.y());
            }
        }
        if (minX > maxX)
        {
            minX = 0;
            maxX = 1;
            minY = 0;
            maxY = 1;
        }
        final AxisScale xScale = AxisScale.of(chart.x().scale(), minX, maxX);
        final AxisScale yScale = AxisScale.of(chart.y().scale(), minY, maxY);
        final double bottom = height - BOTTOM;
        final Svg svg = new Svg(BarPlot.WIDTH, height, label, "lines");
        xAxis(svg, chart.x(), xScale, bottom);
        yAxis(svg, chart.y(), yScale, bottom);

        int index = 0;
        for (final Report.Series series : chart.series())
        {
            final String colour = Svg.PALETTE.get(index % Svg.PALETTE.size());
            svg.openGroup("series", "data-series=\"" + index + "\"");
            final List<Report.Point> points = drawable(series, chart);
            final List<double[]> placed = new ArrayList<>();
            for (final Report.Point point : points)
            {
                placed.add(new double[] {
                    LEFT + xScale.position(point.x()) * (RIGHT - LEFT),
                    bottom - yScale.position(point.y()) * (bottom - TOP)});
            }
            if (placed.size() > 1)
            {
                svg.polyline(placed, colour, series.name());
            }
            if (points.size() <= MARKER_LIMIT)
            {
                for (int i = 0; i < points.size(); i++)
                {
                    svg.circle(placed.get(i)[0], placed.get(i)[1], 4, colour, series.name() + ": " +
                        Units.of(points.get(i).x(), chart.x().unit(), false) + ", " +
                        Units.of(points.get(i).y(), chart.y().unit(), false));
                }
            }
            svg.closeGroup();
            index++;
        }
        return svg.finish();
    }

    /**
     * The points of a series the chart's scales can place.
     */
    static List<Report.Point> drawable(final Report.Series series, final Report.LineChart chart)
    {
        final List<Report.Point> points = new ArrayList<>();
        for (final Report.Point point : series.points())
        {
            if (placeable(point.x(), chart.x().scale()) && placeable(point.y(), chart.y().scale()))
            {
                points.add(point);
            }
        }
        return points;
    }

    private static boolean placeable(final double value, final Report.Scale scale)
    {
        if (!Double.isFinite(value))
        {
            return false;
        }
        switch (scale)
        {
            case LOG:
                return value > 0;
            case PERCENTILE:
                return value >= 0 && value < 100;
            case LINEAR:
            default:
                return true;
        }
    }

    private static void xAxis(final Svg svg, final Report.Axis axis, final AxisScale scale, final double bottom)
    {
        for (final double tick : scale.ticks())
        {
            final double x = LEFT + scale.position(tick) * (RIGHT - LEFT);
            final boolean minor = scale.minor(tick);
            svg.line(x, TOP, x, bottom, Svg.GRID, minor ? 0.5 : 1, "grid");
            svg.line(x, bottom, x, bottom + 5, Svg.INK, 1, "tick");
            svg.text(x, bottom + 18, "middle", "tick-label", Svg.MUTED, Units.of(tick, axis.unit(), true));
        }
        svg.line(LEFT, bottom, RIGHT, bottom, Svg.INK, 1, "axis");
        svg.text((LEFT + RIGHT) / 2, bottom + 40, "middle", "axis-label", Svg.INK, axis.label());
    }

    private static void yAxis(final Svg svg, final Report.Axis axis, final AxisScale scale, final double bottom)
    {
        final boolean crowded = bottom - TOP < 24.0 * scale.ticks().size();
        for (final double tick : scale.ticks())
        {
            final double y = bottom - scale.position(tick) * (bottom - TOP);
            final boolean minor = scale.minor(tick);
            svg.line(LEFT, y, RIGHT, y, Svg.GRID, minor ? 0.5 : 1, "grid");
            svg.line(LEFT - 5, y, LEFT, y, Svg.INK, 1, "tick");
            if (!(minor && crowded))
            {
                svg.text(LEFT - 8, y + 4, "end", "tick-label", Svg.MUTED, Units.of(tick, axis.unit(), true));
            }
        }
        svg.line(LEFT, TOP, LEFT, bottom, Svg.INK, 1, "axis");
        svg.verticalText(16, (TOP + bottom) / 2, "axis-label", axis.label());
    }
}
