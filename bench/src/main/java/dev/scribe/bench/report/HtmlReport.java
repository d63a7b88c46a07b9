package dev.scribe.bench.report;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Renders a {@link Report} as one self-contained HTML page: its style, its charts as inline SVG and a few lines of
 * script are all in the file, which loads nothing else, so it opens from disk on a machine with no network and can be
 * mailed or attached as it is.
 *
 * <p>The page has the run's facts (machine, JDK, settings, the load average through the run, the command line and
 * the note), then one section each, with its text, chart, legend and table. The script makes each legend entry of a
 * line chart show and hide its line, and when it has run sets {@code data-ready="true"} and {@code data-charts} (the
 * number of charts) on the body; an error in it sets {@code data-error} instead.
 */
public final class HtmlReport
{
    private static final int LOAD_CHART_HEIGHT = 170;
    /** A table cell that is a figure, right-aligned: {@code 4,600,776}, {@code 12.5 µs}, {@code 84%}, {@code -}. */
    private static final Pattern NUMERIC = Pattern.compile("-|[-+]?[0-9][0-9,.]*(\\s?[^\\s]{1,9})?");

    private static final String STYLE = String.join("\n",
        ":root { color-scheme: light; }",
        "body { margin: 0; background: #f3f4f6; color: #111827; font: 15px/1.5 system-ui, -apple-system, "
            + "'Segoe UI', Roboto, 'Helvetica Neue', 'DejaVu Sans', Arial, sans-serif; }",
        "main { max-width: 940px; margin: 0 auto; padding: 24px 20px 40px; }",
        "header h1 { margin: 0 0 4px; font-size: 28px; }",
        ".subtitle { margin: 0 0 16px; color: #4b5563; }",
        "section { background: #fff; border: 1px solid #e5e7eb; border-radius: 8px; padding: 16px 20px; "
            + "margin: 0 0 18px; }",
        "h2 { margin: 0 0 8px; font-size: 20px; }",
        "h3 { margin: 0 0 6px; font-size: 15px; color: #374151; }",
        "p { margin: 0 0 10px; }",
        "code { font: 13px ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace; background: #f3f4f6; "
            + "padding: 1px 4px; border-radius: 4px; }",
        ".command code { display: block; padding: 8px 10px; white-space: pre-wrap; word-break: break-all; }",
        ".facts { display: grid; grid-template-columns: 1fr 1fr; gap: 8px 28px; }",
        "dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0 0 12px; }",
        "dt { color: #4b5563; } dd { margin: 0; }",
        ".note { background: #fffbeb; border-left: 4px solid #f59e0b; padding: 8px 12px; }",
        "nav { margin: 0 0 18px; } nav a { margin-right: 14px; color: #1d4ed8; text-decoration: none; }",
        "figure { margin: 8px 0 12px; } svg.chart { display: block; max-width: 100%; height: auto; }",
        "svg text { font-size: 12px; font-family: inherit; }",
        "svg text.group { font-size: 13.5px; font-weight: 600; }",
        "svg text.value, svg text.tick-label { font-variant-numeric: tabular-nums; }",
        "svg text.ratio { font-size: 11.5px; }",
        "svg text.axis-label { font-size: 12.5px; font-weight: 600; }",
        "g.series.hidden { display: none; }",
        "ul.legend { list-style: none; margin: 6px 0 0; padding: 0 0 0 78px; display: flex; flex-wrap: wrap; "
            + "gap: 4px 18px; font-size: 13px; }",
        "ul.legend li { display: flex; align-items: center; gap: 6px; }",
        "ul.legend.toggle li { cursor: pointer; user-select: none; }",
        "ul.legend li.off { opacity: 0.35; }",
        ".swatch { display: inline-block; width: 18px; height: 10px; border-radius: 2px; }",
        ".swatch.line { height: 3px; }",
        "table { border-collapse: collapse; width: 100%; font-size: 12.5px; margin-top: 6px; }",
        "th, td { padding: 4px 6px; border-bottom: 1px solid #e5e7eb; text-align: left; vertical-align: top; }",
        "th { background: #f9fafb; font-weight: 600; }",
        "td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }",
        "td.num { white-space: nowrap; }",
        "details { margin-top: 4px; } summary { cursor: pointer; color: #1d4ed8; font-size: 14px; }",
        ".scroll { overflow-x: auto; }",
        "footer { color: #6b7280; font-size: 13px; }",
        "@media (max-width: 700px) { .facts { grid-template-columns: 1fr; } }");

    private static final String SCRIPT = String.join("\n",
        "window.addEventListener('error', function (e) { document.body.dataset.error = String(e.message); });",
        "(function () {",
        "  try {",
        "    document.querySelectorAll('ul.legend.toggle li').forEach(function (item) {",
        "      item.addEventListener('click', function () {",
        "        var figure = item.closest('figure');",
        "        var line = figure.querySelector('g.series[data-series=\"' + item.dataset.series + '\"]');",
        "        var hidden = line.classList.toggle('hidden');",
        "        item.classList.toggle('off', hidden);",
        "        item.setAttribute('aria-pressed', String(!hidden));",
        "      });",
        "    });",
        "    document.body.dataset.charts = String(document.querySelectorAll('svg.chart').length);",
        "    document.body.dataset.height = String(document.documentElement.scrollHeight);",
        "    document.body.dataset.ready = 'true';",
        "  } catch (e) {",
        "    document.body.dataset.error = String(e);",
        "  }",
        "})();");

    private HtmlReport()
    {
    }

    /**
     * The report as a page.
     *
     * @param report the report.
     * @return the whole HTML document.
     */
    public static String render(final Report report)
    {
        final StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .append("<title>").append(Svg.escape(report.title())).append("</title>\n<style>\n").append(STYLE)
            .append("\n</style>\n</head>\n<body>\n<main>\n");
        header(html, report);
        run(html, report.run());
        html.append("<nav>");
        for (final Report.Section section : report.sections())
        {
            html.append("<a href=\"#").append(Svg.escape(section.id())).append("\">")
                .append(Svg.escape(section.title())).append("</a>");
        }
        html.append("</nav>\n");
        for (final Report.Section section : report.sections())
        {
            section(html, section);
        }
        html.append("<footer>Written by <code>dev.scribe.bench.BenchReport</code>; <code>report.json</code> beside ")
            .append("this page holds the figures.</footer>\n</main>\n<script>\n").append(SCRIPT)
            .append("\n</script>\n</body>\n</html>\n");
        return html.toString();
    }

    private static void header(final StringBuilder html, final Report report)
    {
        final Report.RunInfo run = report.run();
        html.append("<header>\n<h1>").append(Svg.escape(report.title())).append("</h1>\n<p class=\"subtitle\">")
            .append(Svg.escape(run.mode())).append(" run, started ").append(Svg.escape(run.started()))
            .append(", took ").append(duration(run.seconds())).append("</p>\n</header>\n");
    }

    private static void run(final StringBuilder html, final Report.RunInfo run)
    {
        html.append("<section id=\"run\">\n<div class=\"facts\">\n<div>\n<h3>Machine</h3>\n");
        facts(html, run.machine());
        html.append("</div>\n<div>\n<h3>Settings</h3>\n");
        facts(html, run.settings());
        html.append("</div>\n</div>\n");
        if (!run.load().isEmpty())
        {
            final Report.LineChart load = new Report.LineChart(
                new Report.Axis("seconds since the run started", Report.Unit.SECONDS, Report.Scale.LINEAR),
                new Report.Axis("load average", Report.Unit.NUMBER, Report.Scale.LINEAR),
                List.of(new Report.Series("1-minute load average", run.load())));
            double min = Double.POSITIVE_INFINITY;
            double max = 0;
            double sum = 0;
            for (final Report.Point point : run.load())
            {
                min = Math.min(min, point.y());
                max = Math.max(max, point.y());
                sum += point.y();
            }
            html.append("<h3>Load average through the run</h3>\n<p>One-minute load average: ")
                .append(String.format(Locale.ROOT, "%.2f to %.2f, mean %.2f", min, max, sum / run.load().size()))
                .append(" (").append(run.load().size()).append(" samples).</p>\n<figure class=\"load\">\n")
                .append(LinePlot.render(load, "load average through the run", LOAD_CHART_HEIGHT))
                .append("\n</figure>\n");
        }
        html.append("<p class=\"note\"><strong>Note.</strong> ").append(inline(run.note())).append("</p>\n")
            .append("<p class=\"command\">Command:<code>").append(Svg.escape(run.command())).append("</code></p>\n")
            .append("</section>\n");
    }

    private static void facts(final StringBuilder html, final List<Report.Fact> facts)
    {
        html.append("<dl>\n");
        for (final Report.Fact fact : facts)
        {
            html.append("<dt>").append(Svg.escape(fact.name())).append("</dt><dd>").append(Svg.escape(fact.value()))
                .append("</dd>\n");
        }
        html.append("</dl>\n");
    }

    private static void section(final StringBuilder html, final Report.Section section)
    {
        html.append("<section class=\"result\" id=\"").append(Svg.escape(section.id())).append("\">\n<h2>")
            .append(Svg.escape(section.title())).append("</h2>\n");
        for (final String paragraph : section.text().split("\n\\s*\n"))
        {
            if (!paragraph.isBlank())
            {
                html.append("<p>").append(inline(paragraph.trim())).append("</p>\n");
            }
        }
        html.append("<figure>\n");
        if (section.chart() instanceof Report.BarChart)
        {
            final Report.BarChart chart = (Report.BarChart)section.chart();
            html.append(BarPlot.render(chart, section.title())).append('\n');
            barLegend(html, chart);
        }
        else if (section.chart() instanceof Report.LineChart)
        {
            final Report.LineChart chart = (Report.LineChart)section.chart();
            html.append(LinePlot.render(chart, section.title(), LinePlot.HEIGHT)).append('\n');
            lineLegend(html, chart);
        }
        html.append("</figure>\n");
        // a bar chart writes its figures beside its bars: its table is there for the digits, folded away
        html.append(section.chart() instanceof Report.BarChart ? "<details>" : "<details open>")
            .append("<summary>The figures as a table</summary>\n<div class=\"scroll\">\n");
        table(html, section.table());
        html.append("</div>\n</details>\n");
        html.append("</section>\n");
    }

    private static void barLegend(final StringBuilder html, final Report.BarChart chart)
    {
        html.append("<ul class=\"legend\">");
        for (final Report.Kind kind : Report.Kind.values())
        {
            final boolean present = chart.groups().stream()
                .anyMatch(group -> group.bars().stream().anyMatch(bar -> bar.kind() == kind));
            if (present)
            {
                html.append("<li><span class=\"swatch\" style=\"background:").append(BarPlot.colour(kind))
                    .append("\"></span>").append(kindName(kind)).append("</li>");
            }
        }
        html.append("<li><span class=\"swatch line\" style=\"background:").append(Svg.INK)
            .append("\"></span>99.9% confidence interval</li></ul>\n");
    }

    private static String kindName(final Report.Kind kind)
    {
        switch (kind)
        {
            case LIMIT:
                return "raw limit of the library under Scribe, same run";
            case BASELINE:
                return "plain design doing the same work";
            case SCRIBE:
            default:
                return "Scribe";
        }
    }

    private static void lineLegend(final StringBuilder html, final Report.LineChart chart)
    {
        html.append("<ul class=\"legend toggle\" title=\"click an entry to hide or show its line\">");
        for (int i = 0; i < chart.series().size(); i++)
        {
            html.append("<li role=\"button\" tabindex=\"0\" aria-pressed=\"true\" data-series=\"").append(i)
                .append("\"><span class=\"swatch line\" style=\"background:")
                .append(Svg.PALETTE.get(i % Svg.PALETTE.size())).append("\"></span>")
                .append(Svg.escape(chart.series().get(i).name())).append("</li>");
        }
        html.append("</ul>\n");
    }

    private static void table(final StringBuilder html, final Report.Table table)
    {
        if (null == table || table.rows().isEmpty())
        {
            return;
        }
        final boolean[] numeric = new boolean[table.header().size()];
        for (int i = 0; i < numeric.length; i++)
        {
            numeric[i] = true;
            for (final List<String> row : table.rows())
            {
                numeric[i] &= i < row.size() && NUMERIC.matcher(row.get(i)).matches();
            }
        }
        html.append("<table>\n<thead><tr>");
        for (int i = 0; i < table.header().size(); i++)
        {
            html.append(numeric[i] ? "<th class=\"num\">" : "<th>").append(Svg.escape(table.header().get(i)))
                .append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        for (final List<String> row : table.rows())
        {
            html.append("<tr>");
            for (int i = 0; i < row.size(); i++)
            {
                html.append(i < numeric.length && numeric[i] ? "<td class=\"num\">" : "<td>")
                    .append(Svg.escape(row.get(i))).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n");
    }

    /**
     * Text escaped, with {@code `code`} spans.
     */
    private static String inline(final String text)
    {
        final String[] parts = text.split("`", -1);
        final StringBuilder html = new StringBuilder();
        boolean code = false;
        for (int i = 0; i < parts.length; i++)
        {
            if (code && i < parts.length - 1)
            {
                html.append("<code>").append(Svg.escape(parts[i])).append("</code>");
            }
            else
            {
                html.append(code ? "`" : "").append(Svg.escape(parts[i]));
            }
            code = !code;
        }
        return html.toString();
    }

    private static String duration(final double seconds)
    {
        final long whole = Math.round(seconds);
        return whole < 60 ? whole + " s" : whole / 60 + " min " + whole % 60 + " s";
    }
}
