package dev.scribe.bench.report;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HtmlReportTest
{
    @Test
    void drawsEveryBarSeriesAndPointInItsChart()
    {
        final List<String> charts = charts(HtmlReport.render(ReportFixture.report()));

        assertEquals(ReportFixture.CHARTS, charts.size());
        assertEquals(ReportFixture.LOAD_POINTS, count(charts.get(0), "<circle class=\"point\""));
        assertEquals(ReportFixture.BARS, count(charts.get(1), "<rect class=\"bar "));
        assertEquals(ReportFixture.LATENCY_SERIES, count(charts.get(2), "<g class=\"series\""));
        assertEquals(ReportFixture.LATENCY_SERIES, count(charts.get(2), "<polyline class=\"curve\""));
        assertEquals(ReportFixture.RECOVERY_POINTS, count(charts.get(3), "<circle class=\"point\""));
    }

    @Test
    void barsCarryTheirErrorBarsAndRatios()
    {
        final String bars = charts(HtmlReport.render(ReportFixture.report())).get(1);

        // four bars have an error: three lines each (the bar and its two caps)
        assertEquals(4 * 3, count(bars, "<line class=\"whisker\""));
        assertTrue(bars.contains("84% of raw Chronicle, same bytes (target 70%: met)"), bars);
        assertTrue(bars.contains("55% of raw Chronicle read</text>"), bars);
        assertTrue(bars.contains("85.2x plain design (target 10x: met)"), bars);
        assertTrue(bars.contains("4.60 M/s ± 9%"), bars);
        assertTrue(bars.contains(">records/s</text>"), "the value axis names its unit");
    }

    @Test
    void percentileAxisIsMarkedInNines()
    {
        final String latency = charts(HtmlReport.render(ReportFixture.report())).get(2);

        for (final String tick : new String[] {">0%<", ">90%<", ">99%<", ">99.9%<", ">99.99%<"})
        {
            assertTrue(latency.contains(tick), tick);
        }
        assertTrue(latency.contains(">10 µs<") && latency.contains(">1 ms<"), latency);
        assertTrue(latency.contains(">percentile</text>") && latency.contains(">latency</text>"));
    }

    @Test
    void pageLoadsNothingFromOutsideAndEscapesText()
    {
        final String html = HtmlReport.render(ReportFixture.report());

        assertFalse(html.contains("src="), "no script, image or frame is loaded from elsewhere");
        assertFalse(html.contains("href=\"http"), "no stylesheet or link leaves the page");
        assertFalse(html.contains("url("), "no style loads a resource");
        assertTrue(html.contains("&lt;not&gt; a measurement &amp; noisy"), "the note is escaped");
        assertTrue(html.contains("<code>JournalAppendBenchmark</code>"), "backticks mark code");
        assertTrue(html.contains("bin/bench-report --quick --out /tmp/report"), "the command line is shown");
        assertTrue(html.contains("2 cores, Test CPU @ 2.0GHz"), "the machine is shown");
    }

    @Test
    void jsonReadsBackWhatItWrote()
    {
        final Report report = ReportFixture.report();

        final String json = ReportJson.write(report);

        assertEquals(report, ReportJson.read(json));
        assertTrue(json.contains("\"type\": \"BarChart\""), json);
        assertTrue(json.contains("\"error\": null"), "an unknown error is written as null");
    }

    @Test
    void jsonWithAWrongFieldIsRejectedNamingIt()
    {
        final String json = ReportJson.write(ReportFixture.report()).replace("\"kind\": \"LIMIT\"", "\"kind\": 3");

        final IllegalArgumentException error =
            assertThrows(IllegalArgumentException.class, () -> ReportJson.read(json));

        assertTrue(error.getMessage().contains("report.sections[0].chart.groups[0].bars[1].kind"),
            error.getMessage());
    }

    @Test
    void figuresHaveThreeSignificantDigits()
    {
        assertEquals("4.60 M", Units.metric(4_600_776));
        assertEquals("10.0 M", Units.metric(9_999_700));
        assertEquals("950", Units.metric(950));
        assertEquals("84%", Units.ratio(0.836));
        assertEquals("12.3x", Units.ratio(12.34));
        assertEquals("2.5 ms", Units.of(2500, Report.Unit.MICROSECONDS, true));
    }

    @Test
    void axisTicksAreRound()
    {
        assertEquals(2.5e6, AxisScale.niceStep(2.1e6));
        assertEquals(List.of(0.0, 2.0, 4.0, 6.0), AxisScale.of(Report.Scale.LINEAR, 0, 5.5).ticks());
        assertEquals(List.of(1.0, 10.0, 100.0, 1000.0), AxisScale.of(Report.Scale.LOG, 3, 900).ticks());
        assertEquals(3, AxisScale.nines(99.9), 1e-9);
    }

    static List<String> charts(final String html)
    {
        final List<String> charts = new ArrayList<>();
        final Matcher matcher = Pattern.compile("<svg class=\"chart.*?</svg>", Pattern.DOTALL).matcher(html);
        while (matcher.find())
        {
            charts.add(matcher.group());
        }
        return charts;
    }

    static int count(final String text, final String what)
    {
        int count = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1))
        {
            count++;
        }
        return count;
    }
}
