package dev.scribe.bench;

import dev.scribe.bench.report.HtmlReport;
import dev.scribe.bench.report.Report;
import dev.scribe.bench.report.ReportJson;
import dev.scribe.engine.Durability;
import dev.scribe.journal.tool.ToolArgs;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs the standard set of benchmarks and writes {@code report.html}, a page of plots, and {@code report.json}, the
 * figures behind it.
 * <pre>
 * bin/bench-report [--quick] [--out DIR] [--only journal,engine,replication,latency,recovery] [--note TEXT]
 * bin/bench-report --render DIR/report.json [--out DIR]
 * </pre>
 * (or {@code java -cp bench/target/benchmarks.jar dev.scribe.bench.BenchReport ...}). It re-runs itself in a child
 * JVM with Scribe's JVM flags ({@link Relauncher}), then runs, in order:
 * <ol>
 *     <li>{@code journal}: {@link JournalAppendBenchmark} and {@link JournalReadBenchmark}, Scribe beside raw
 *     Chronicle Queue;</li>
 *     <li>{@code engine}: {@link EngineThroughputBenchmark} at {@code APPLIED}, {@code JOURNALED} and
 *     {@code SYNCED}, {@link PlainBankBenchmark} and {@link BankRecordAppendBenchmark#rawChronicleAppend};</li>
 *     <li>{@code replication}: {@link ReplicationThroughputBenchmark}, and the {@link LatencyHarness} with a live
 *     standby at {@code JOURNALED} and {@code REPLICATED};</li>
 *     <li>{@code latency}: the {@link LatencyHarness} at {@code JOURNALED} over a range of offered rates;</li>
 *     <li>{@code recovery}: {@link RecoveryReport}'s measurements for several state sizes.</li>
 * </ol>
 * JMH runs in this JVM through its {@code Runner}, each benchmark in forks that get Scribe's flags. With
 * {@code --quick} every JMH benchmark gets one fork of a few seconds and the harnesses run briefly: a few minutes
 * in all, for a look, not for figures to quote. Without it the run takes about half an hour. The files are written
 * again after each part, so a failed run leaves what it had measured. {@code --render} writes the page again from a
 * {@code report.json}, running nothing.
 */
public final class BenchReport
{
    /** Directory the files go to when {@code --out} is not given. */
    public static final String OUT_DEFAULT = "bench-report";
    /** System property a launch script sets to the command line the user typed, shown on the page. */
    public static final String COMMAND_PROP_NAME = "scribe.bench.report.command";
    /** The parts of the run, in order. */
    public static final List<String> PARTS = List.of("journal", "engine", "replication", "latency", "recovery");

    private static final String USAGE = "usage: bin/bench-report [--quick] [--out DIR] [--only PART,PART,...] " +
        "[--note TEXT]\n       bin/bench-report --render REPORT_JSON [--out DIR]\nparts: " + String.join(",", PARTS);
    private static final String NOTE = "Every ratio compares figures measured in the same run on the same machine; " +
        "the absolute figures depend on the machine. Error bars are JMH's 99.9% confidence intervals. ";
    private static final String QUICK_NOTE = "This is a quick run (one fork of a few seconds a benchmark): the " +
        "figures are indicative and their errors wide. ";
    private static final int RECOVERY_TAIL = 10_000;

    private final Settings settings;
    private final PrintStream progress;
    private final ReportJmh jmh = new ReportJmh();
    private final List<LatencyHarness.Row> latency = new ArrayList<>();
    private final List<LatencyHarness.Row> standbyLatency = new ArrayList<>();
    private final List<RecoveryResult> recovery = new ArrayList<>();

    private BenchReport(final Settings settings, final PrintStream progress)
    {
        this.settings = settings;
        this.progress = progress;
    }

    /**
     * Run the report, or render a page from a {@code report.json}.
     *
     * @param args the options; see the class documentation.
     * @throws Exception if the child JVM cannot be run, a benchmark fails, or a file cannot be written.
     */
    public static void main(final String[] args) throws Exception
    {
        final PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        final Settings settings = BenchMain.settingsOrExit(args, Settings::parse, Settings::help, USAGE, out,
            System.err);
        if (null == settings)
        {
            return;
        }
        if (null != settings.render())
        {
            final Report report = ReportJson.read(Files.readString(settings.render(), StandardCharsets.UTF_8));
            final Path html = writeHtml(report, settings.out());
            out.println("wrote " + html);
            return;
        }
        if (!Relauncher.isChild())
        {
            System.exit(Relauncher.run(BenchReport.class, args));
            return;
        }
        new BenchReport(settings, out).run(args);
    }

    private void run(final String[] args) throws Exception
    {
        Files.createDirectories(settings.out());
        final Instant started = Instant.now();
        final String command = System.getProperty(COMMAND_PROP_NAME,
            "java -cp " + System.getProperty("java.class.path") + " " + BenchReport.class.getName() + " " +
            String.join(" ", args)).trim();
        progress.println("Benchmark report, " + (settings.quick() ? "quick" : "full") + " run: " +
            String.join(", ", settings.parts()) + "; files go to " + settings.out().toAbsolutePath());
        try (MachineFacts machine = MachineFacts.startLoadSampling(settings.quick() ? 2000 : 5000))
        {
            for (final String part : PARTS)
            {
                if (settings.parts().contains(part))
                {
                    runPart(part);
                    write(started, command, machine);
                }
            }
            machine.stopSampling();
            final Path html = write(started, command, machine);
            progress.println("wrote " + html + " and " + html.resolveSibling("report.json"));
        }
    }

    private void runPart(final String part) throws Exception
    {
        switch (part)
        {
            case "journal":
                final String payloads = String.join(",", settings.payloads().stream().map(String::valueOf).toList());
                jmh.run(new ReportJmh.Suite(part, List.of(
                    "JournalAppendBenchmark\\.(scribeAppend|rawChronicleAppend|rawChronicleAppendPayloadOnly)$",
                    "JournalReadBenchmark\\.(scribeRead|rawChronicleRead)$"),
                    Map.of("payloadBytes", List.of(payloads.split(","))), 5 * settings.payloads().size()),
                    settings, progress);
                break;
            case "engine":
                jmh.run(new ReportJmh.Suite(part, List.of(
                    "EngineThroughputBenchmark\\.(" + String.join("|", settings.producers()) + ")$",
                    "PlainBankBenchmark\\.(" + String.join("|", settings.producers()) + ")$",
                    "BankRecordAppendBenchmark\\.rawChronicleAppend$"),
                    Map.of("durability", List.of("APPLIED", "JOURNALED", "SYNCED")), 4 * settings.producers().size()
                    + 1), settings, progress);
                break;
            case "replication":
                jmh.run(new ReportJmh.Suite(part, List.of("ReplicationThroughputBenchmark\\.oneProducer$"),
                    Map.of("durability", List.of("JOURNALED", "REPLICATED")), 2), settings, progress);
                progress.println("replication: latency with a live standby, about " + settings.standbyRates().size() *
                    2 * (settings.latencyWarmup() + settings.latencySeconds() + 2) + " s");
                standbyLatency.addAll(LatencyHarness.measure(settings.standbyRates(),
                    List.of(Durability.JOURNALED, Durability.REPLICATED), settings.latencyWarmup(),
                    settings.latencySeconds(), true, progress));
                break;
            case "latency":
                progress.println("latency: " + settings.latencyRates().size() + " rates, about " +
                    settings.latencyRates().size() * (settings.latencyWarmup() + settings.latencySeconds() + 1) + " s");
                latency.addAll(LatencyHarness.measure(settings.latencyRates(), List.of(Durability.JOURNALED),
                    settings.latencyWarmup(), settings.latencySeconds(), false, progress));
                break;
            case "recovery":
                runRecovery();
                break;
            default:
                throw new IllegalArgumentException("no such part: " + part);
        }
    }

    private void runRecovery() throws IOException, InterruptedException
    {
        progress.println("recovery: state sizes " + settings.recoverySizes() + ", " + settings.recoveryRounds() +
            " round(s) each");
        for (final int aggregates : settings.recoverySizes())
        {
            final long events = 2L * aggregates;
            final RecoverySettings recoverySettings = RecoverySettings.parse(new String[] {
                "--events", Long.toString(events), "--aggregates", Integer.toString(aggregates),
                "--rounds", Integer.toString(settings.recoveryRounds()), "--tail", Integer.toString(RECOVERY_TAIL)});
            recovery.add(RecoveryReport.measureOne(recoverySettings, events, progress));
        }
    }

    private Path write(final Instant started, final String command, final MachineFacts machine) throws IOException
    {
        final List<Report.Section> sections = new ArrayList<>();
        if (settings.parts().contains("journal"))
        {
            sections.add(ReportSections.journal(jmh, settings.payloads()));
        }
        if (settings.parts().contains("engine"))
        {
            sections.add(ReportSections.engine(jmh, settings.producers()));
        }
        if (settings.parts().contains("engine") || settings.parts().contains("replication"))
        {
            sections.add(ReportSections.durability(jmh));
        }
        if (!latency.isEmpty())
        {
            sections.add(ReportSections.latency("latency", "Latency percentiles over load",
                "One thread sends the engine's bank commands at a fixed rate (command i is due at start + i / rate), " +
                "`JOURNALED`, and each command's latency runs from when it was due, not when it was sent, to its " +
                "outcome: a stall is charged to every command scheduled during it (the coordinated-omission " +
                "correction). The x axis spreads the tail: 90%, 99%, 99.9% are equally far apart. The sender's own " +
                "lag, in the table, points at the machine rather than the engine.", latency));
        }
        if (!standbyLatency.isEmpty())
        {
            sections.add(ReportSections.latency("replication-latency", "Latency with a live standby",
                "The same fixed-rate sender against the primary of a pair (both nodes on this machine, over " +
                "127.0.0.1): `JOURNALED` completes when the primary has journaled the record, `REPLICATED` when the " +
                "standby has acknowledged journaling it.", standbyLatency));
        }
        if (!recovery.isEmpty())
        {
            sections.add(ReportSections.recovery(recovery));
        }
        sections.removeIf(section -> null == section);
        final Report report = new Report("Scribe benchmark report", runInfo(started, command, machine),
            List.copyOf(sections));
        Files.writeString(settings.out().resolve("report.json"), ReportJson.write(report), StandardCharsets.UTF_8);
        return writeHtml(report, settings.out());
    }

    private static Path writeHtml(final Report report, final Path directory) throws IOException
    {
        Files.createDirectories(directory);
        final Path html = directory.resolve("report.html");
        Files.writeString(html, HtmlReport.render(report), StandardCharsets.UTF_8);
        return html;
    }

    private Report.RunInfo runInfo(final Instant started, final String command, final MachineFacts machine)
    {
        final List<Report.Fact> facts = new ArrayList<>();
        facts.add(new Report.Fact("Parts", String.join(", ", settings.parts())));
        facts.add(new Report.Fact("JMH", String.format(Locale.ROOT, "%d fork(s); %d x %d s warmup, %d x %d s " +
            "measured a benchmark", settings.forks(), settings.warmupIterations(), settings.warmupSeconds(),
            settings.iterations(), settings.iterationSeconds())));
        facts.add(new Report.Fact("Latency", String.format(Locale.ROOT, "%d s warmup, %d s recorded a rate",
            settings.latencyWarmup(), settings.latencySeconds())));
        facts.add(new Report.Fact("Recovery", String.format(Locale.ROOT, "%d round(s) a size, median shown",
            settings.recoveryRounds())));
        facts.add(new Report.Fact("JVM flags", "Scribe's (etc/scribe-jvm.properties) on every fork and child"));
        final String note = (settings.quick() ? QUICK_NOTE : "") + NOTE +
            (null == settings.note() ? "" : settings.note());
        final double seconds = (Instant.now().toEpochMilli() - started.toEpochMilli()) / 1000.0;
        return new Report.RunInfo(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .format(started.atZone(ZoneOffset.UTC)), seconds, settings.quick() ? "quick" : "full", command,
            note.trim(), MachineFacts.machine(), facts, machine.load());
    }

    /**
     * The report's options, and the sizes of the run they imply.
     *
     * @param quick  whether to run briefly.
     * @param out    where the files go.
     * @param parts  the parts to run, in run order.
     * @param note   added to the page's note, or null.
     * @param render a {@code report.json} to render a page from, running nothing; or null.
     * @param help   whether only the usage was asked for.
     */
    record Settings(boolean quick, Path out, List<String> parts, String note, Path render, boolean help)
    {
        static Settings parse(final String[] args)
        {
            final ToolArgs parsed = ToolArgs.parser().flag("--quick").option("--out").option("--only")
                .option("--note").option("--render").parse(args);
            if (parsed.help())
            {
                return new Settings(false, null, List.of(), null, null, true);
            }
            final Path render = parsed.has("--render") ? Path.of(parsed.value("--render")) : null;
            final Path out = parsed.has("--out") ? Path.of(parsed.value("--out")) :
                null != render && null != render.toAbsolutePath().getParent() ? render.toAbsolutePath().getParent() :
                Path.of(OUT_DEFAULT);
            final Set<String> only = new TreeSet<>();
            if (parsed.has("--only"))
            {
                for (final String part : parsed.value("--only").split(","))
                {
                    final String name = part.trim().toLowerCase(Locale.ROOT);
                    if (!PARTS.contains(name))
                    {
                        throw new IllegalArgumentException("--only takes parts among " + String.join(",", PARTS) +
                            ": " + part);
                    }
                    only.add(name);
                }
            }
            final List<String> parts = new ArrayList<>();
            PARTS.stream().filter(part -> only.isEmpty() || only.contains(part)).forEach(parts::add);
            return new Settings(parsed.flag("--quick"), out, List.copyOf(parts),
                parsed.has("--note") ? parsed.value("--note") : null, render, false);
        }

        int forks()
        {
            return quick ? 1 : 2;
        }

        int warmupIterations()
        {
            return quick ? 2 : 3;
        }

        int warmupSeconds()
        {
            return quick ? 1 : 2;
        }

        int iterations()
        {
            return 5;
        }

        int iterationSeconds()
        {
            return quick ? 1 : 2;
        }

        List<Integer> payloads()
        {
            return quick ? List.of(64) : List.of(64, 256);
        }

        List<String> producers()
        {
            return quick ? List.of("oneProducer") : List.of("oneProducer", "twoProducers");
        }

        List<Integer> latencyRates()
        {
            return quick ? List.of(10_000, 50_000, 100_000, 200_000) :
                List.of(10_000, 50_000, 100_000, 200_000, 400_000);
        }

        List<Integer> standbyRates()
        {
            return quick ? List.of(50_000) : List.of(10_000, 50_000, 100_000);
        }

        int latencyWarmup()
        {
            return quick ? 1 : 5;
        }

        int latencySeconds()
        {
            return quick ? 3 : 10;
        }

        List<Integer> recoverySizes()
        {
            return quick ? List.of(50_000, 100_000, 200_000) : List.of(125_000, 250_000, 500_000, 1_000_000);
        }

        int recoveryRounds()
        {
            return quick ? 1 : 3;
        }
    }
}
