package dev.scribe.bench;

import dev.scribe.engine.Durability;
import dev.scribe.engine.Engine;
import dev.scribe.engine.Outcome;
import dev.scribe.engine.SendOptions;
import dev.scribe.journal.tool.ToolArgs;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Engine latency at fixed offered rates, from send to outcome, corrected for coordinated omission.
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.scribe.bench.LatencyHarness \
 *     [--rates 10000,50000,100000,200000] [--durability JOURNALED,APPLIED] \
 *     [--warmup-seconds 5] [--seconds 10] [--hgrm-dir bench/target/latency] [--standby]
 * </pre>
 * It re-runs itself in a child JVM with Scribe's JVM flags ({@link Relauncher}); JVM options given to {@code java}
 * ({@code -Xmx}, {@code -Dscribe.bench.dir=...}) pass on to the child.
 *
 * <p>For each durability and each rate, a fresh engine with the benchmarks' bank ({@link BenchBank}, with the
 * {@link Balances} projection) is launched in a fresh directory and its accounts opened. One sender thread then
 * sends the bank's commands on a fixed schedule: command {@code i} is due at {@code start + i / rate}. The sender
 * waits (yielding its core) until a command is due and sends it at once; if it falls behind, because a send blocked
 * on a full ring or the machine was busy, it sends the late commands back to back until it catches up. Each
 * command's latency runs from the time it was <em>due</em>, not the time it was sent, to the moment its outcome
 * completes (taken by the thread that completes it), so a stall delays every command scheduled during it and is
 * counted for each of them: the coordinated-omission correction. The first {@code warmup-seconds} of the schedule
 * are not recorded; the next {@code seconds} are. Then the harness waits for every outcome, checks every command
 * was accepted, closes the engine, checks the projection saw every event, and deletes the engine's directory.
 *
 * <p>It prints one markdown table: per durability and rate, the rate achieved (recorded commands over the time from
 * the first recorded command's due time to the last outcome), and the 50th, 99th and 99.9th percentiles and the
 * maximum, in microseconds. With {@code --hgrm-dir} it also writes each run's full percentile distribution, in
 * microseconds, to {@code <durability>-<rate>.hgrm} there (HdrHistogram's format, for its plotter).
 *
 * <p>With {@code --standby}, each run's engine is instead the primary of a {@link ReplicatedPair}: a primary and a
 * live standby replication node in this JVM, linked over TCP on 127.0.0.1, each in its own fresh directory. The
 * standby journals every record whatever the durability; {@code REPLICATED} (allowed only with a standby) completes
 * each outcome when the standby has acknowledged its record, on the primary's thread that reads the
 * acknowledgements. Before the schedule starts and after it ends the harness waits for the standby to catch up and
 * checks its state hash equals the primary's. The distribution files are then named
 * {@code <durability>-standby-<rate>.hgrm}, and when both {@code JOURNALED} and {@code REPLICATED} were measured at
 * a rate, a second table gives their percentiles' ratios, {@code REPLICATED / JOURNALED}.
 */
public final class LatencyHarness
{
    /** Offered rates, commands per second, when {@code --rates} is not given. */
    public static final String RATES_DEFAULT = "10000,50000,100000,200000";
    /** Durabilities measured when {@code --durability} is not given. */
    public static final String DURABILITY_DEFAULT = "JOURNALED,APPLIED";
    /** Seconds of each schedule not recorded, when {@code --warmup-seconds} is not given. */
    public static final int WARMUP_SECONDS_DEFAULT = 5;
    /** Seconds of each schedule recorded, when {@code --seconds} is not given. */
    public static final int SECONDS_DEFAULT = 10;

    private static final String USAGE = "usage: java -cp bench/target/benchmarks.jar dev.scribe.bench.LatencyHarness " +
        "[--rates N,N,...] [--durability D,D,...] [--warmup-seconds S] [--seconds S] [--hgrm-dir DIR] [--standby]";
    private static final long HIGHEST_TRACKABLE_NS = TimeUnit.MINUTES.toNanos(10);
    private static final long START_DELAY_NS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long DRAIN_TIMEOUT_SECONDS = 120;
    private static final double NANOS_PER_MICRO = 1000.0;

    private final Settings settings;
    private final PrintStream out;
    private final PrintStream progress;

    private LatencyHarness(final Settings settings, final PrintStream out, final PrintStream progress)
    {
        this.settings = settings;
        this.out = out;
        this.progress = progress;
    }

    /**
     * Measure the latency at every rate and durability asked for and print the table.
     *
     * @param args the options; see the class documentation.
     * @throws Exception if the child JVM cannot be run, or a run fails.
     */
    public static void main(final String[] args) throws Exception
    {
        final PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        final PrintStream err = System.err;
        final Settings settings =
            BenchMain.settingsOrExit(args, Settings::parse, Settings::help, USAGE, out, err);
        if (null == settings)
        {
            return;
        }
        if (!Relauncher.isChild())
        {
            System.exit(Relauncher.run(LatencyHarness.class, args));
            return;
        }
        new LatencyHarness(settings, out, err).run();
    }

    /**
     * Measure every durability at every rate, as the command line does, for the benchmark report.
     *
     * @param rates         offered rates, commands per second.
     * @param durabilities  durabilities to measure, in order; {@code REPLICATED} only with a standby.
     * @param warmupSeconds seconds of each schedule not recorded.
     * @param seconds       seconds of each schedule recorded.
     * @param standby       whether each engine is the primary of a pair with a live standby.
     * @param progress      where each run's summary goes.
     * @return one row per durability and rate, durabilities outermost.
     * @throws IOException if a distribution file cannot be written.
     */
    static List<Row> measure(final List<Integer> rates, final List<Durability> durabilities, final int warmupSeconds,
        final int seconds, final boolean standby, final PrintStream progress) throws IOException
    {
        final Settings settings = new Settings(List.copyOf(rates), List.copyOf(durabilities), warmupSeconds, seconds,
            null, standby, false);
        return new LatencyHarness(settings, progress, progress).measureAll();
    }

    private void run() throws IOException
    {
        printTables(measureAll());
    }

    private List<Row> measureAll() throws IOException
    {
        progress.println("Latency harness: JDK " + Runtime.version() + ", " +
            Runtime.getRuntime().availableProcessors() + " CPUs, " + settings.warmupSeconds() + " s warmup and " +
            settings.seconds() + " s recorded per rate" + (settings.standby() ? ", with a live standby" : ""));
        final List<Row> rows = new ArrayList<>();
        for (final Durability durability : settings.durabilities())
        {
            for (final int rate : settings.rates())
            {
                final Row row = measure(durability, rate);
                progress.println(String.format(Locale.ROOT,
                    "%s at %,d/s: achieved %,.0f/s, p50 %.1f us, p99 %.1f us, max %.1f us; sender behind by up to " +
                    "%.1f us", durability, rate, row.achievedRate(), micros(row.histogram().getValueAtPercentile(50)),
                    micros(row.histogram().getValueAtPercentile(99)), micros(row.histogram().getMaxValue()),
                    micros(row.maxSendLagNs())));
                if (null != settings.hgrmDirectory())
                {
                    writeHgrm(row);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private void printTables(final List<Row> rows)
    {
        out.println();
        if (settings.standby())
        {
            out.println("Primary with a live standby in the same JVM:");
            out.println();
        }
        out.println("| Durability | Offered (commands/s) | Achieved (commands/s) | p50 (us) | p99 (us) | " +
            "p99.9 (us) | max (us) |");
        out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (final Row row : rows)
        {
            final Histogram histogram = row.histogram();
            out.println(String.format(Locale.ROOT, "| %s | %,d | %,.0f | %,.1f | %,.1f | %,.1f | %,.1f |",
                row.durability(), row.offeredRate(), row.achievedRate(),
                micros(histogram.getValueAtPercentile(50)), micros(histogram.getValueAtPercentile(99)),
                micros(histogram.getValueAtPercentile(99.9)), micros(histogram.getMaxValue())));
        }
        printReplicatedRatios(rows);
    }

    /**
     * The ratios of REPLICATED to JOURNALED percentiles at each rate where both were measured.
     */
    private void printReplicatedRatios(final List<Row> rows)
    {
        final List<String> lines = new ArrayList<>();
        for (final Row replicated : rows)
        {
            if (replicated.durability() != Durability.REPLICATED)
            {
                continue;
            }
            for (final Row journaled : rows)
            {
                if (journaled.durability() == Durability.JOURNALED &&
                    journaled.offeredRate() == replicated.offeredRate())
                {
                    lines.add(String.format(Locale.ROOT, "| %,d | %s | %s | %s |", replicated.offeredRate(),
                        ratio(replicated, journaled, 50), ratio(replicated, journaled, 99),
                        ratio(replicated, journaled, 99.9)));
                }
            }
        }
        if (lines.isEmpty())
        {
            return;
        }
        out.println();
        out.println("| Offered (commands/s) | p50 REPLICATED / JOURNALED | p99 REPLICATED / JOURNALED | " +
            "p99.9 REPLICATED / JOURNALED |");
        out.println("|---:|---:|---:|---:|");
        lines.forEach(out::println);
    }

    private static String ratio(final Row part, final Row whole, final double percentile)
    {
        final long wholeValue = whole.histogram().getValueAtPercentile(percentile);
        return 0 == wholeValue ? "-" : String.format(Locale.ROOT, "%.2fx",
            (double)part.histogram().getValueAtPercentile(percentile) / wholeValue);
    }

    private Row measure(final Durability durability, final int rate)
    {
        final Balances balances;
        final Schedule schedule;
        final Row row;
        if (settings.standby())
        {
            try (ReplicatedPair pair = ReplicatedPair.start("scribe-latency-", progress))
            {
                balances = pair.primaryBalances();
                BenchBank.open(pair.primary());
                pair.awaitInStep();
                schedule = schedule(pair.primary(), durability, rate);
                row = schedule.run(durability);
                pair.awaitInStep();
            }
        }
        else
        {
            final Path directory = BenchFixtures.createTrialDirectory("scribe-latency-");
            balances = new Balances();
            try (Engine engine = Engine.launch(BenchBank.context(directory.resolve("engine"), balances)))
            {
                BenchBank.open(engine);
                schedule = schedule(engine, durability, rate);
                row = schedule.run(durability);
            }
            finally
            {
                BenchFixtures.delete(directory);
            }
        }
        // closing the engine let the projection finish: it must have seen every event
        final long expectedEvents = BenchBank.openingCommands().size() + schedule.commandCount();
        if (balances.events() != expectedEvents)
        {
            throw new IllegalStateException("the projection saw " + balances.events() + " events, expected " +
                expectedEvents);
        }
        return row;
    }

    private Schedule schedule(final Engine engine, final Durability durability, final int rate)
    {
        return new Schedule(engine, SendOptions.defaults().durability(durability), rate,
            (long)rate * settings.warmupSeconds(), (long)rate * settings.seconds());
    }

    private void writeHgrm(final Row row) throws IOException
    {
        Files.createDirectories(settings.hgrmDirectory());
        final Path file = settings.hgrmDirectory().resolve(row.durability().name().toLowerCase(Locale.ROOT) +
            (settings.standby() ? "-standby-" : "-") + row.offeredRate() + ".hgrm");
        try (PrintStream hgrm = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8))
        {
            row.histogram().outputPercentileDistribution(hgrm, NANOS_PER_MICRO);
        }
    }

    private static double micros(final double nanos)
    {
        return nanos / NANOS_PER_MICRO;
    }

    /**
     * One durability at one rate: what was offered and achieved, the recorded latencies in nanoseconds, and how far
     * the sender fell behind its schedule at most.
     */
    record Row(Durability durability, int offeredRate, double achievedRate, Histogram histogram,
        long maxSendLagNs)
    {
    }

    /**
     * One fixed-rate schedule of commands against one engine, sent by the calling thread.
     */
    private static final class Schedule
    {
        private final Engine engine;
        private final SendOptions options;
        private final int rate;
        private final double periodNs;
        private final long warmupCommands;
        private final long recordedCommands;
        private final Object[] commands = BenchBank.commandCycle();
        private final Histogram histogram = new ConcurrentHistogram(1, HIGHEST_TRACKABLE_NS, 3);
        private final AtomicLong failures = new AtomicLong();
        private volatile Object firstFailure;

        Schedule(
            final Engine engine,
            final SendOptions options,
            final int rate,
            final long warmupCommands,
            final long recordedCommands)
        {
            this.engine = engine;
            this.options = options;
            this.rate = rate;
            this.periodNs = 1e9 / rate;
            this.warmupCommands = warmupCommands;
            this.recordedCommands = recordedCommands;
        }

        long commandCount()
        {
            return warmupCommands + recordedCommands;
        }

        Row run(final Durability durability)
        {
            final long total = commandCount();
            final long startNs = System.nanoTime() + START_DELAY_NS;
            long maxSendLagNs = 0;
            CompletableFuture<Outcome> last = null;
            for (long i = 0; i < total; i++)
            {
                final long dueNs = startNs + (long)(i * periodNs);
                long nowNs = System.nanoTime();
                while (nowNs < dueNs)
                {
                    Thread.yield();
                    nowNs = System.nanoTime();
                }
                final boolean recorded = i >= warmupCommands;
                if (recorded)
                {
                    maxSendLagNs = Math.max(maxSendLagNs, nowNs - dueNs);
                }
                last = engine.send(commands[(int)(i % commands.length)], options)
                    .whenComplete((outcome, error) -> onOutcome(dueNs, recorded, outcome, error));
            }
            awaitLast(last);
            final long endNs = System.nanoTime();
            if (failures.get() > 0)
            {
                throw new IllegalStateException(failures.get() + " commands at " + durability + " failed; the " +
                    "first: " + firstFailure);
            }
            final long recordedFromNs = startNs + (long)(warmupCommands * periodNs);
            final double achievedRate = recordedCommands * 1e9 / Math.max(1, endNs - recordedFromNs);
            return new Row(durability, rate, achievedRate, histogram, maxSendLagNs);
        }

        /**
         * Runs on the thread that completes the outcome, usually the engine's responder: the latency ends here.
         */
        private void onOutcome(final long dueNs, final boolean recorded, final Outcome outcome, final Throwable error)
        {
            final long latencyNs = System.nanoTime() - dueNs;
            if (null != error || !outcome.accepted() || outcome.degraded())
            {
                if (1 == failures.incrementAndGet())
                {
                    firstFailure = null != error ? error : outcome;
                }
                return;
            }
            if (recorded)
            {
                histogram.recordValue(Math.min(Math.max(latencyNs, 1), HIGHEST_TRACKABLE_NS));
            }
        }

        /**
         * Outcomes complete in the order the commands were sent, so when the last command's completion has run, so
         * have all the others'.
         */
        private static void awaitLast(final CompletableFuture<Outcome> last)
        {
            if (null == last)
            {
                return;
            }
            try
            {
                last.get(DRAIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the last outcomes", ex);
            }
            catch (final ExecutionException ex)
            {
                throw new IllegalStateException("the last command failed", ex.getCause());
            }
            catch (final TimeoutException ex)
            {
                throw new IllegalStateException("the last outcomes did not complete within " +
                    DRAIN_TIMEOUT_SECONDS + " s", ex);
            }
        }
    }

    /**
     * The harness's options.
     *
     * @param rates          offered rates, commands per second.
     * @param durabilities   durabilities to measure, in order.
     * @param warmupSeconds  seconds of each schedule not recorded.
     * @param seconds        seconds of each schedule recorded.
     * @param hgrmDirectory  where to write percentile distributions, or null.
     * @param standby        whether each engine is the primary of a pair with a live standby.
     * @param help           whether only the usage was asked for.
     */
    private record Settings(List<Integer> rates, List<Durability> durabilities, int warmupSeconds, int seconds,
        Path hgrmDirectory, boolean standby, boolean help)
    {
        static Settings parse(final String[] args)
        {
            final ToolArgs parsed = ToolArgs.parser().option("--rates").option("--durability")
                .option("--warmup-seconds").option("--seconds").option("--hgrm-dir").flag("--standby").parse(args);
            if (parsed.help())
            {
                return new Settings(List.of(), List.of(), 0, 0, null, false, true);
            }
            final String rates = parsed.has("--rates") ? parsed.value("--rates") : RATES_DEFAULT;
            final String durabilities = parsed.has("--durability") ? parsed.value("--durability") :
                DURABILITY_DEFAULT;
            final int warmupSeconds = parsed.has("--warmup-seconds") ?
                positive("--warmup-seconds", parsed.value("--warmup-seconds"), 0) : WARMUP_SECONDS_DEFAULT;
            final int seconds = parsed.has("--seconds") ? positive("--seconds", parsed.value("--seconds"), 1) :
                SECONDS_DEFAULT;
            final Path hgrmDirectory = parsed.has("--hgrm-dir") ? Path.of(parsed.value("--hgrm-dir")) : null;
            final boolean standby = parsed.flag("--standby");
            final List<Durability> measured = parseDurabilities(durabilities);
            if (!standby && measured.contains(Durability.REPLICATED))
            {
                throw new IllegalArgumentException("--durability REPLICATED needs a standby: add --standby");
            }
            return new Settings(parseRates(rates), measured, warmupSeconds, seconds, hgrmDirectory, standby, false);
        }

        private static List<Integer> parseRates(final String value)
        {
            final List<Integer> rates = new ArrayList<>();
            for (final String rate : value.split(","))
            {
                rates.add(positive("--rates", rate.trim().replace("_", ""), 1));
            }
            return rates;
        }

        private static List<Durability> parseDurabilities(final String value)
        {
            final List<Durability> durabilities = new ArrayList<>();
            for (final String name : value.split(","))
            {
                try
                {
                    durabilities.add(Durability.valueOf(name.trim().toUpperCase(Locale.ROOT)));
                }
                catch (final IllegalArgumentException ex)
                {
                    throw new IllegalArgumentException("--durability must be APPLIED, JOURNALED, SYNCED or " +
                        "REPLICATED: " + name, ex);
                }
            }
            return durabilities;
        }

        private static int positive(final String option, final String value, final int min)
        {
            final int number;
            try
            {
                number = Integer.parseInt(value);
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException(option + " must be a whole number: " + value, ex);
            }
            if (number < min)
            {
                throw new IllegalArgumentException(option + " must be at least " + min + ": " + value);
            }
            return number;
        }
    }
}
