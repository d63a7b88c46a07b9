package dev.scribe.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A benchmark report: how it was run, and its sections, each with a chart and a table. Plain data: {@link ReportJson}
 * writes it to {@code report.json} and reads it back, {@link HtmlReport} renders it as one self-contained page.
 * Numbers that were not measured are NaN (null in the JSON).
 *
 * @param title    the page's title.
 * @param run      how, where and when it was run.
 * @param sections the sections, in page order.
 */
public record Report(String title, RunInfo run, List<Section> sections)
{
    /**
     * How, where and when the report was run.
     *
     * @param started  when the run started, ISO-8601 UTC.
     * @param seconds  how long the run took.
     * @param mode     {@code quick} or {@code full}.
     * @param command  the command line that ran it.
     * @param note     what to keep in mind reading the figures.
     * @param machine  facts about the machine and JVM, in display order.
     * @param settings how the benchmarks were run (forks, iterations, durations), in display order.
     * @param load     the machine's one-minute load average sampled through the run: x seconds from the start, y the
     *                 load average.
     */
    public record RunInfo(String started, double seconds, String mode, String command, String note,
        List<Fact> machine, List<Fact> settings, List<Point> load)
    {
    }

    /**
     * A named fact, shown as a term and its description.
     *
     * @param name  what it is, e.g. {@code CPU}.
     * @param value its value, e.g. {@code 2 cores}.
     */
    public record Fact(String name, String value)
    {
    }

    /**
     * One part of the report: a heading, what was measured, a chart and the table of its figures.
     *
     * @param id    the anchor, letters, digits and dashes.
     * @param title the heading.
     * @param text  what is measured and how to read it, plain text; a blank line starts a new paragraph.
     * @param chart the chart, a {@link BarChart} or a {@link LineChart}.
     * @param table the figures as a table.
     */
    public record Section(String id, String title, String text, Chart chart, Table table)
    {
    }

    /**
     * A chart: {@link BarChart} or {@link LineChart}.
     */
    public sealed interface Chart permits BarChart, LineChart
    {
    }

    /**
     * Horizontal bars in groups, each with its error bar and its ratios to other bars of the same run.
     *
     * @param unit   what a bar's value counts, e.g. {@code records/s}.
     * @param groups the groups of bars, top to bottom.
     */
    public record BarChart(String unit, List<BarGroup> groups) implements Chart
    {
        /**
         * The chart's figures as a table: a row a bar, with its group, value, error, ratios and source.
         *
         * @return the table.
         */
        public Table table()
        {
            final List<List<String>> rows = new ArrayList<>();
            for (final BarGroup group : groups)
            {
                for (final Bar bar : group.bars())
                {
                    final List<String> ratios = new ArrayList<>();
                    bar.ratios().forEach(ratio -> ratios.add(BarPlot.ratioText(ratio)));
                    rows.add(List.of(group.label() + ": " + bar.label(),
                        String.format(Locale.ROOT, "%,.0f", bar.value()),
                        Double.isNaN(bar.error()) ? "-" : String.format(Locale.ROOT, "%,.0f", bar.error()),
                        String.join("; ", ratios), bar.source()));
                }
            }
            return new Table(List.of("Figure", unit, "± 99.9%", "Compared in the same run", "Benchmark"), rows);
        }
    }

    /**
     * Bars measured under the same conditions, e.g. one payload size.
     *
     * @param label what the group measures, e.g. {@code Append, 64 B payload}.
     * @param bars  the bars, top to bottom.
     */
    public record BarGroup(String label, List<Bar> bars)
    {
    }

    /**
     * One measured figure.
     *
     * @param label  what was measured, e.g. {@code Scribe journal}.
     * @param kind   what it is: {@link Kind#SCRIBE}, a {@link Kind#LIMIT} of the library under it, or a
     *               {@link Kind#BASELINE} design it is compared with; it sets the bar's colour.
     * @param value  the score.
     * @param error  the half-width of its 99.9% confidence interval, NaN if unknown.
     * @param source the benchmark and parameters it came from.
     * @param ratios its ratios to other figures of the same run.
     */
    public record Bar(String label, Kind kind, double value, double error, String source, List<Ratio> ratios)
    {
    }

    /**
     * What a bar stands for.
     */
    public enum Kind
    {
        /** A Scribe figure. */
        SCRIBE,
        /** The raw limit of the library under Scribe (Chronicle Queue), measured in the same run. */
        LIMIT,
        /** Another design doing the same work, the one Scribe is compared with. */
        BASELINE
    }

    /**
     * A bar's value over another figure of the same run.
     *
     * @param against what it is compared with, e.g. {@code raw Chronicle, same bytes}.
     * @param value   the ratio, e.g. 0.84.
     * @param target  the smallest ratio aimed for, NaN if none.
     */
    public record Ratio(String against, double value, double target)
    {
        /**
         * Whether there is a target and the ratio reaches it.
         *
         * @return true if met, false if missed or there is no target.
         */
        public boolean met()
        {
            return !Double.isNaN(target) && value >= target;
        }
    }

    /**
     * Lines of points over two axes.
     *
     * @param x      the horizontal axis.
     * @param y      the vertical axis.
     * @param series the lines.
     */
    public record LineChart(Axis x, Axis y, List<Series> series) implements Chart
    {
    }

    /**
     * An axis: its label, the unit of its values and its scale.
     *
     * @param label what it shows, e.g. {@code latency}.
     * @param unit  the unit of the values, which sets how ticks are written.
     * @param scale how values are placed along it.
     */
    public record Axis(String label, Unit unit, Scale scale)
    {
    }

    /**
     * How values are placed along an axis.
     */
    public enum Scale
    {
        /** Evenly. */
        LINEAR,
        /** By their logarithm: each power of ten the same distance. */
        LOG,
        /** Percentiles, by the logarithm of 1 / (1 - percentile): 90%, 99%, 99.9% the same distance apart. */
        PERCENTILE
    }

    /**
     * The unit of an axis's values.
     */
    public enum Unit
    {
        /** Microseconds, written as us, ms or s as they grow. */
        MICROSECONDS,
        /** Milliseconds, written as ms or s as they grow. */
        MILLISECONDS,
        /** Seconds. */
        SECONDS,
        /** A percentile, 0 to 100. */
        PERCENT,
        /** A count, written with k and M. */
        COUNT,
        /** A plain number. */
        NUMBER
    }

    /**
     * One line of a chart.
     *
     * @param name   what it shows, for the legend.
     * @param points its points, in x order.
     */
    public record Series(String name, List<Point> points)
    {
    }

    /**
     * A point of a line.
     *
     * @param x its horizontal value.
     * @param y its vertical value.
     */
    public record Point(double x, double y)
    {
    }

    /**
     * The figures of a section as a table of text.
     *
     * @param header the column headings.
     * @param rows   the rows, each with one cell a column.
     */
    public record Table(List<String> header, List<List<String>> rows)
    {
    }
}
