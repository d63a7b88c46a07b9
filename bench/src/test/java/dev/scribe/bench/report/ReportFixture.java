package dev.scribe.bench.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A small fixed report with every kind of chart, for the page's tests: no benchmark runs to make it.
 */
final class ReportFixture
{
    /** Bars in the throughput chart. */
    static final int BARS = 5;
    /** Series in the latency chart. */
    static final int LATENCY_SERIES = 3;
    /** Points (markers) in the recovery chart: two series of three sizes. */
    static final int RECOVERY_POINTS = 6;
    /** Points (markers) in the load chart. */
    static final int LOAD_POINTS = 7;
    /** Charts on the page: load, throughput, latency, recovery. */
    static final int CHARTS = 4;

    private ReportFixture()
    {
    }

    static Report report()
    {
        final List<Report.Point> load = new ArrayList<>();
        for (int i = 0; i < LOAD_POINTS; i++)
        {
            load.add(new Report.Point(10 * i, 1.5 + 0.4 * i));
        }
        final Report.RunInfo run = new Report.RunInfo("2026-12-07T06:30:00Z", 192, "quick",
            "bin/bench-report --quick --out /tmp/report", "A fixed data set for tests: <not> a measurement & noisy.",
            List.of(new Report.Fact("CPU", "2 cores, Test CPU @ 2.0GHz"), new Report.Fact("JDK", "17.0.15")),
            List.of(new Report.Fact("JMH", "1 fork, 2 x 1 s warmup, 3 x 1 s measured")), load);
        return new Report("Scribe benchmark report", run, List.of(throughput(), latency(), recovery()));
    }

    private static Report.Section throughput()
    {
        final Report.Bar raw = new Report.Bar("Raw Chronicle, same bytes", Report.Kind.LIMIT, 5_505_374, 836_817,
            "JournalAppendBenchmark.rawChronicleAppend payloadBytes=64", List.of());
        final Report.Bar scribe = new Report.Bar("Scribe journal append", Report.Kind.SCRIBE, 4_600_776, 418_670,
            "JournalAppendBenchmark.scribeAppend payloadBytes=64",
            List.of(new Report.Ratio("raw Chronicle, same bytes", 4_600_776.0 / 5_505_374, 0.7)));
        final Report.Bar plain = new Report.Bar("Plain design", Report.Kind.BASELINE, 150_000, Double.NaN,
            "PlainBankBenchmark.oneProducer", List.of());
        final Report.Bar read = new Report.Bar("Scribe read, CRC32C checked", Report.Kind.SCRIBE, 12_780_645,
            1_853_193, "JournalReadBenchmark.scribeRead payloadBytes=64",
            List.of(new Report.Ratio("raw Chronicle read", 0.554, Double.NaN),
                new Report.Ratio("plain design", 85.2, 10)));
        final Report.Bar rawRead = new Report.Bar("Raw Chronicle read", Report.Kind.LIMIT, 23_061_156, 2_190_809,
            "JournalReadBenchmark.rawChronicleRead payloadBytes=64", List.of());
        final Report.BarChart chart = new Report.BarChart("records/s", List.of(
            new Report.BarGroup("Append, 64 B payload", List.of(scribe, raw, plain)),
            new Report.BarGroup("Read, 64 B payload", List.of(read, rawRead))));
        return new Report.Section("journal", "Journal against raw Chronicle Queue",
            "What `JournalAppendBenchmark` measures.\n\nA second paragraph.", chart,
            new Report.Table(List.of("Benchmark", "records/s"), List.of(List.of("scribeAppend", "4,600,776"))));
    }

    private static Report.Section latency()
    {
        final List<Report.Series> series = new ArrayList<>();
        final int[] rates = {10_000, 50_000, 100_000};
        for (int s = 0; s < LATENCY_SERIES; s++)
        {
            final List<Report.Point> points = new ArrayList<>();
            for (final double percentile : new double[] {0, 50, 75, 90, 99, 99.9, 99.99, 100})
            {
                final double nines = percentile < 100 ? AxisScale.nines(percentile) : 5;
                points.add(new Report.Point(percentile, 5 * Math.pow(4 + s, nines)));
            }
            series.add(new Report.Series(String.format("JOURNALED at %,d commands/s", rates[s]), points));
        }
        final Report.LineChart chart = new Report.LineChart(
            new Report.Axis("percentile", Report.Unit.PERCENT, Report.Scale.PERCENTILE),
            new Report.Axis("latency", Report.Unit.MICROSECONDS, Report.Scale.LOG), series);
        return new Report.Section("latency", "Latency percentiles over load", "Corrected for coordinated omission.",
            chart, new Report.Table(List.of("Offered", "p50"), List.of(List.of("10,000", "5.1 us"))));
    }

    private static Report.Section recovery()
    {
        final List<Report.Point> full = List.of(new Report.Point(50_000, 60), new Report.Point(100_000, 118),
            new Report.Point(200_000, 250));
        final List<Report.Point> snapshot = List.of(new Report.Point(50_000, 20), new Report.Point(100_000, 31),
            new Report.Point(200_000, 55));
        final Report.LineChart chart = new Report.LineChart(
            new Report.Axis("state size (aggregates)", Report.Unit.COUNT, Report.Scale.LINEAR),
            new Report.Axis("recovery time", Report.Unit.MILLISECONDS, Report.Scale.LINEAR),
            List.of(new Report.Series("Full replay", full), new Report.Series("From a snapshot", snapshot)));
        return new Report.Section("recovery", "Recovery time against state size", "Median of the rounds.", chart,
            new Report.Table(List.of("Aggregates", "Full replay"), List.of(List.of("50,000", "60 ms"))));
    }
}
