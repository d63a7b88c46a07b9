package dev.scribe.bench;

import dev.scribe.bench.report.Report;
import dev.scribe.engine.Durability;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns what the benchmark report measured into its sections: the JMH results into bar charts with their ratios to
 * the raw limits and the plain design of the same run, the latency harness's histograms into percentile curves, and
 * the recovery measurements into times against state size.
 */
final class ReportSections
{
    private static final String JOURNAL_APPEND = "JournalAppendBenchmark.";
    private static final String JOURNAL_READ = "JournalReadBenchmark.";
    private static final String ENGINE = "EngineThroughputBenchmark.";
    private static final String PLAIN = "PlainBankBenchmark.";
    private static final String RAW_BANK_APPEND = "BankRecordAppendBenchmark.rawChronicleAppend";
    private static final String REPLICATION = "ReplicationThroughputBenchmark.oneProducer";
    private static final String DURABILITY = "durability";
    private static final String JOURNALED = Durability.JOURNALED.name();
    private static final double JOURNAL_TARGET = 0.70;
    private static final int PERCENTILE_TICKS_PER_HALF = 5;
    private static final double NANOS_PER_MICRO = 1e3;
    private static final double NANOS_PER_MILLI = 1e6;
    private static final double[] TABLE_PERCENTILES = {50, 90, 99, 99.9, 99.99};

    private ReportSections()
    {
    }

    static Report.Section journal(final ReportJmh jmh, final List<Integer> payloads)
    {
        final List<Report.BarGroup> groups = new ArrayList<>();
        for (final int payload : payloads)
        {
            final String size = Integer.toString(payload);
            final ReportJmh.Measured raw = jmh.find(JOURNAL_APPEND + "rawChronicleAppend", "payloadBytes", size);
            final List<Report.Bar> append = new ArrayList<>();
            add(append, "Scribe journal append", Report.Kind.SCRIBE,
                jmh.find(JOURNAL_APPEND + "scribeAppend", "payloadBytes", size),
                ratio("raw Chronicle, same bytes", raw, JOURNAL_TARGET));
            add(append, "Raw Chronicle, same bytes", Report.Kind.LIMIT, raw);
            add(append, "Raw Chronicle, payload only", Report.Kind.LIMIT,
                jmh.find(JOURNAL_APPEND + "rawChronicleAppendPayloadOnly", "payloadBytes", size));
            group(groups, "Append, " + payload + " B payload (" + (payload + 83) + " B record)", append);

            final ReportJmh.Measured rawRead = jmh.find(JOURNAL_READ + "rawChronicleRead", "payloadBytes", size);
            final List<Report.Bar> read = new ArrayList<>();
            add(read, "Scribe read, CRC32C checked", Report.Kind.SCRIBE,
                jmh.find(JOURNAL_READ + "scribeRead", "payloadBytes", size),
                ratio("raw Chronicle read", rawRead, Double.NaN));
            add(read, "Raw Chronicle read", Report.Kind.LIMIT, rawRead);
            group(groups, "Read back, " + payload + " B payload", read);
        }
        return barSection("journal", "Journal against raw Chronicle Queue", "records/s", groups,
            "One thread appends records to the journal (`Journal.append` of a record built with `RecordWriter`: " +
            "envelope, aggregate id, payload and CRC32C) and, in the same run, to a raw Chronicle queue with the " +
            "same roll cycle: the same bytes prebuilt, and the payload alone. The read-back reads 1,000,000 " +
            "records from the page cache through a `JournalTailer`, which checks each record's CRC32C, and through " +
            "a raw Chronicle tailer. Nothing is synced. The append target is 70% of raw Chronicle appending the " +
            "same bytes.");
    }

    static Report.Section engine(final ReportJmh jmh, final List<String> producers)
    {
        final ReportJmh.Measured raw = jmh.find(RAW_BANK_APPEND);
        final List<Report.BarGroup> groups = new ArrayList<>();
        for (final String method : producers)
        {
            final ReportJmh.Measured plain = jmh.find(PLAIN + method);
            final List<Report.Bar> bars = new ArrayList<>();
            add(bars, "Scribe engine, JOURNALED", Report.Kind.SCRIBE,
                jmh.find(ENGINE + method, DURABILITY, JOURNALED),
                ratio("the plain design", plain, EngineReport.PLAIN_RATIO_TARGET),
                ratio("raw Chronicle append", raw, EngineReport.RAW_RATIO_TARGET));
            add(bars, "Plain: queue + lock + FileChannel", Report.Kind.BASELINE, plain);
            add(bars, "Raw Chronicle append, 1 thread", Report.Kind.LIMIT, raw);
            group(groups, "oneProducer".equals(method) ? "One producer" : "Two producers", bars);
        }
        return barSection("engine", "Engine against the plain design", "commands/s", groups,
            "Producers send bank commands (deposits and withdrawals over 1,024 accounts, each journaling one 94 B " +
            "record) with a window of 256 outstanding outcomes, through the whole engine: ring, business logic, " +
            "journal, completion, balances projection. The plain design does the same work the usual way: an " +
            "`ArrayBlockingQueue`, one consumer thread, a `synchronized` handler over a `HashMap` and one " +
            "`FileChannel.write` a command. The raw limit is one thread appending the engine's 94 B record to a " +
            "raw Chronicle queue. Targets: 10x the plain design and 50% of the raw append.");
    }

    static Report.Section durability(final ReportJmh jmh)
    {
        final ReportJmh.Measured journaled = jmh.find(ENGINE + "oneProducer", DURABILITY, JOURNALED);
        final List<Report.Bar> lone = new ArrayList<>();
        add(lone, "APPLIED: in memory", Report.Kind.SCRIBE,
            jmh.find(ENGINE + "oneProducer", DURABILITY, Durability.APPLIED.name()),
            ratio("JOURNALED", journaled, Double.NaN));
        add(lone, "JOURNALED: in the mapped journal", Report.Kind.SCRIBE, journaled);
        add(lone, "SYNCED: forced to storage", Report.Kind.SCRIBE,
            jmh.find(ENGINE + "oneProducer", DURABILITY, Durability.SYNCED.name()),
            ratio("JOURNALED", journaled, Double.NaN));
        final ReportJmh.Measured pairJournaled = jmh.find(REPLICATION, DURABILITY, JOURNALED);
        final List<Report.Bar> pair = new ArrayList<>();
        add(pair, "JOURNALED", Report.Kind.SCRIBE, pairJournaled, ratio("the lone engine", journaled, Double.NaN));
        add(pair, "REPLICATED: journaled by the standby", Report.Kind.SCRIBE,
            jmh.find(REPLICATION, DURABILITY, Durability.REPLICATED.name()),
            ratio("JOURNALED with the standby", pairJournaled, ReplicationReport.REPLICATED_RATIO_TARGET));
        final List<Report.BarGroup> groups = new ArrayList<>();
        group(groups, "Lone engine, one producer", lone);
        group(groups, "Primary with a live standby over 127.0.0.1, one producer", pair);
        return barSection("durability", "Durability levels and replication", "commands/s", groups,
            "The engine's workload at each durability a command can ask for; an outcome completes when the record " +
            "is applied, journaled, forced to storage (syncs are batched), or journaled by the hot standby. With " +
            "replication both nodes run on this machine, linked over TCP on 127.0.0.1, and the standby journals " +
            "every record at either durability: JOURNALED beside the lone engine is the cost of keeping a standby, " +
            "REPLICATED beside JOURNALED the cost of waiting for it. Target: REPLICATED at 50% of JOURNALED.");
    }

    private static void add(final List<Report.Bar> bars, final String label, final Report.Kind kind,
        final ReportJmh.Measured measured, final Comparison... comparisons)
    {
        if (null == measured)
        {
            return;
        }
        final List<Report.Ratio> ratios = new ArrayList<>();
        for (final Comparison comparison : comparisons)
        {
            if (null != comparison.against() && comparison.against().score() > 0)
            {
                ratios.add(new Report.Ratio(comparison.name(), measured.score() / comparison.against().score(),
                    comparison.target()));
            }
        }
        bars.add(new Report.Bar(label, kind, measured.score(), measured.error(), measured.source(),
            List.copyOf(ratios)));
    }

    private static Comparison ratio(final String name, final ReportJmh.Measured against, final double target)
    {
        return new Comparison(name, against, target);
    }

    private static void group(final List<Report.BarGroup> groups, final String label, final List<Report.Bar> bars)
    {
        if (!bars.isEmpty())
        {
            groups.add(new Report.BarGroup(label, List.copyOf(bars)));
        }
    }

    private static Report.Section barSection(final String id, final String title, final String unit,
        final List<Report.BarGroup> groups, final String text)
    {
        if (groups.isEmpty())
        {
            return null;
        }
        final Report.BarChart chart = new Report.BarChart(unit, List.copyOf(groups));
        return new Report.Section(id, title, text, chart, chart.table());
    }

    /**
     * A ratio to compute: the bar's score over another figure's.
     */
    private record Comparison(String name, ReportJmh.Measured against, double target)
    {
    }

    static Report.Section latency(final String id, final String title, final String text,
        final List<LatencyHarness.Row> rows)
    {
        final List<Report.Series> series = new ArrayList<>();
        final List<List<String>> table = new ArrayList<>();
        for (final LatencyHarness.Row row : rows)
        {
            final Histogram histogram = row.histogram();
            final List<Report.Point> points = new ArrayList<>();
            for (final HistogramIterationValue value : histogram.percentiles(PERCENTILE_TICKS_PER_HALF))
            {
                points.add(new Report.Point(value.getPercentileLevelIteratedTo(),
                    value.getValueIteratedTo() / NANOS_PER_MICRO));
            }
            series.add(new Report.Series(String.format(Locale.ROOT, "%s, offered %s/s", row.durability(),
                thousands(row.offeredRate())), List.copyOf(points)));
            final List<String> cells = new ArrayList<>(List.of(row.durability().name(),
                thousands(row.offeredRate()), thousands(row.achievedRate())));
            for (final double percentile : TABLE_PERCENTILES)
            {
                cells.add(duration(histogram.getValueAtPercentile(percentile)));
            }
            cells.add(duration(histogram.getMaxValue()));
            cells.add(duration(row.maxSendLagNs()));
            table.add(List.copyOf(cells));
        }
        final Report.LineChart chart = new Report.LineChart(
            new Report.Axis("percentile", Report.Unit.PERCENT, Report.Scale.PERCENTILE),
            new Report.Axis("latency, send to outcome", Report.Unit.MICROSECONDS, Report.Scale.LOG),
            List.copyOf(series));
        return new Report.Section(id, title, text, chart, new Report.Table(List.of("Durability", "Offered (/s)",
            "Achieved (/s)", "p50", "p90", "p99", "p99.9", "p99.99", "max", "Sender lag, max"), table));
    }

    static Report.Section recovery(final List<RecoveryResult> results)
    {
        final List<Report.Point> raw = new ArrayList<>();
        final List<Report.Point> replay = new ArrayList<>();
        final List<Report.Point> snapshot = new ArrayList<>();
        final List<Report.Point> fresh = new ArrayList<>();
        final List<List<String>> table = new ArrayList<>();
        for (final RecoveryResult result : results)
        {
            final double size = result.aggregates();
            raw.add(new Report.Point(size, result.rawRead().median() / NANOS_PER_MILLI));
            replay.add(new Report.Point(size, result.fullReplay().median() / NANOS_PER_MILLI));
            snapshot.add(new Report.Point(size, result.fromSnapshot(true).median() / NANOS_PER_MILLI));
            fresh.add(new Report.Point(size, result.fromSnapshotFreshJvm(true).median() / NANOS_PER_MILLI));
            final double replayRate = result.events() * 1e9 / result.fullReplay().median();
            final double rawRate = result.events() * 1e9 / result.rawRead().median();
            table.add(List.of(thousands(result.aggregates()),
                duration(result.rawRead().median()), duration(result.fullReplay().median()),
                String.format(Locale.ROOT, "%.2f M/s", replayRate / 1e6),
                String.format(Locale.ROOT, "%.0f%%", 100 * replayRate / rawRate),
                duration(result.capture().median()),
                String.format(Locale.ROOT, "%.1f MB", result.snapshotBytes().median() / 1e6),
                duration(result.fromSnapshot(true).median()), duration(result.fromSnapshotFreshJvm(true).median())));
        }
        final int tail = results.isEmpty() ? 0 : results.get(0).tail();
        final Report.LineChart chart = new Report.LineChart(
            new Report.Axis("state size: aggregates (accounts) in the engine", Report.Unit.COUNT,
                Report.Scale.LINEAR),
            new Report.Axis("time", Report.Unit.MILLISECONDS, Report.Scale.LINEAR),
            List.of(new Report.Series("Full replay of the journal (Engine.launch, no snapshot)", replay),
                new Report.Series("From a snapshot + " + thousands(tail) + "-event tail, hash verified", snapshot),
                new Report.Series("The same in a fresh JVM", fresh),
                new Report.Series("Raw Chronicle read of the same journal (the limit)", raw)));
        return new Report.Section("recovery", "Recovery time against state size",
            "A bank journal of two events an account (opened, then a deposit) is replayed by `Engine.launch` with " +
            "no snapshot; then the engine takes a snapshot, journals a tail of " + thousands(tail) + " deposits, " +
            "and launches again from the snapshot and the tail, in the report's JVM and in a fresh JVM (nothing " +
            "compiled yet, as after a restart). The raw Chronicle read of the same journal is the limit under the " +
            "full replay. Each point is the median of the rounds; files are read from the page cache.",
            chart, new Report.Table(List.of("Aggregates", "Raw read", "Full replay", "Replay rate",
                "Of raw read", "Snapshot pause", "Snapshot size", "From snapshot", "Fresh JVM"), table));
    }

    private static String thousands(final double value)
    {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    /**
     * A time in the unit that suits it, three significant digits: {@code 8.75 ms}, {@code 412 µs}.
     */
    private static String duration(final double nanos)
    {
        final double micros = nanos / NANOS_PER_MICRO;
        if (micros >= 1e6)
        {
            return String.format(Locale.ROOT, "%.3g s", micros / 1e6);
        }
        return micros >= 1e3 ? String.format(Locale.ROOT, "%.3g ms", micros / 1e3) :
            String.format(Locale.ROOT, "%.3g µs", micros);
    }

}
