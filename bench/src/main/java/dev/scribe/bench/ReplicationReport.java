package dev.scribe.bench;

import dev.scribe.engine.Durability;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the JMH JSON result of {@link ReplicationThroughputBenchmark} into the replication throughput table of
 * {@code docs/BENCHMARKS.md}: commands per second of a primary with a live standby at {@code JOURNALED} and at
 * {@code REPLICATED}, and their ratio in the same run against the target.
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.scribe.bench.ReplicationReport bench/target/replication.json
 * </pre>
 * It needs no JVM flags: it only reads JSON. Several files may be named, a later figure replacing an earlier one.
 * If the files also hold {@link EngineThroughputBenchmark#oneProducer} at {@code JOURNALED}, the lone engine's figure
 * is added as a last row, with the primary's {@code JOURNALED} throughput as a share of it: what keeping a standby
 * costs the primary. With {@code -prof gc}, the bytes allocated per command are shown. Results of other benchmarks
 * are ignored; a figure the files lack is shown as {@code -}.
 */
public final class ReplicationReport
{
    /** Result file read when none is named. */
    public static final String DEFAULT_RESULT_FILE = "bench/target/replication.json";
    /** Smallest {@code REPLICATED} / {@code JOURNALED} throughput ratio replication aims for. */
    public static final double REPLICATED_RATIO_TARGET = 0.50;

    private static final String REPLICATION = ReplicationThroughputBenchmark.class.getName() + ".oneProducer";
    private static final String LONE_ENGINE = EngineThroughputBenchmark.class.getName() + ".oneProducer";
    private static final String ALLOCATION = "gc.alloc.rate.norm";

    private final PrintStream out;
    private final Map<String, JmhResults.Result> pair = new LinkedHashMap<>();
    private final Map<String, JmhResults.Result> loneEngine = new LinkedHashMap<>();

    /**
     * A report printing to a stream.
     *
     * @param out where the table goes.
     */
    public ReplicationReport(final PrintStream out)
    {
        this.out = out;
    }

    /**
     * Print the table for one or more JMH JSON result files.
     *
     * @param args the result files, read in order, a later figure replacing an earlier one;
     *             {@value #DEFAULT_RESULT_FILE} if none.
     * @throws IOException if a file cannot be read.
     */
    public static void main(final String[] args) throws IOException
    {
        final PrintStream out = new PrintStream(
            new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        new ReplicationReport(out).print(JmhResults.read(args, DEFAULT_RESULT_FILE));
    }

    /**
     * Print the throughput table.
     *
     * @param resultJsons the contents of JMH result files written with {@code -rf json}; a later figure for the same
     *                    benchmark and parameters replaces an earlier one.
     */
    public void print(final List<String> resultJsons)
    {
        for (final String resultJson : resultJsons)
        {
            for (final JmhResults.Result result : JmhResults.parse(resultJson))
            {
                add(result);
            }
        }
        out.println("| Durability | Window | Primary with a live standby (commands/s) | " +
            "REPLICATED / JOURNALED, same run (target >= 50%) | Allocated per command (B, " + ALLOCATION + ") |");
        out.println("|---|---:|---:|---:|---:|");
        final List<JmhResults.Result> rows = new ArrayList<>(pair.values());
        rows.sort(Comparator.comparingInt((JmhResults.Result r) -> Integer.parseInt(r.param("window")))
            .thenComparingInt(r -> Durability.valueOf(r.param("durability")).ordinal()));
        for (final JmhResults.Result row : rows)
        {
            final String window = row.param("window");
            final boolean replicated = Durability.REPLICATED.name().equals(row.param("durability"));
            final JmhResults.Result journaled = pair.get(key(Durability.JOURNALED.name(), window));
            final String ratio = !replicated ? "-" : null == journaled ? "-" :
                ratio(row.primary(), journaled.primary(), REPLICATED_RATIO_TARGET);
            out.println("| " + row.param("durability") + " | " + window + " | " + row.primary() + " | " + ratio +
                " | " + row.secondary(ALLOCATION).toStringOneDecimal() + " |");
        }
        for (final JmhResults.Result lone : loneEngine.values())
        {
            final JmhResults.Result journaled = pair.get(key(Durability.JOURNALED.name(), lone.param("window")));
            final String share = null == journaled ? "-" : ratio(journaled.primary(), lone.primary(), Double.NaN);
            out.println("| JOURNALED, lone engine (no replication) | " + lone.param("window") + " | " +
                lone.primary() + " | primary with standby / lone: " + share + " | " +
                lone.secondary(ALLOCATION).toStringOneDecimal() + " |");
        }
    }

    private void add(final JmhResults.Result result)
    {
        final String name = result.benchmark();
        if (name.equals(REPLICATION) && null != result.param("durability"))
        {
            pair.put(key(result.param("durability"), result.param("window")), result);
        }
        else if (name.equals(LONE_ENGINE) && Durability.JOURNALED.name().equals(result.param("durability")))
        {
            loneEngine.put(result.param("window"), result);
        }
    }

    private static String key(final String durability, final String window)
    {
        return durability + "|" + window;
    }

    /**
     * A ratio as a percentage, with a verdict against the target unless it is NaN; {@code -} if either is missing.
     */
    private static String ratio(final Score part, final Score whole, final double target)
    {
        if (part.isMissing() || whole.isMissing() || 0 == whole.score())
        {
            return "-";
        }
        final double ratio = part.score() / whole.score();
        final String verdict = Double.isNaN(target) ? "" : ratio >= target ? " (met)" : " (below target)";
        return String.format(Locale.ROOT, "%.1f%%", 100 * ratio) + verdict;
    }
}
