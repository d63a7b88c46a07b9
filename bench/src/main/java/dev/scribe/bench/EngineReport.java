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
 * Turns the JMH JSON result of the engine benchmarks into the markdown tables of {@code docs/BENCHMARKS.md}: engine
 * throughput next to raw Chronicle appends of the same record and next to the plain design, with their ratios and
 * targets, the record path on its own, and the bytes allocated per command when the run used {@code -prof gc}.
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.scribe.bench.EngineReport bench/target/engine.json
 * </pre>
 * It needs no JVM flags: it only reads JSON. Several files may be named, a later figure replacing an earlier one.
 * Results of other benchmarks are ignored; a figure the files lack is shown as {@code -}.
 */
public final class EngineReport
{
    /** Result file read when none is named. */
    public static final String DEFAULT_RESULT_FILE = "bench/target/engine.json";
    /** Smallest engine ({@code JOURNALED}) / raw Chronicle append ratio the engine aims for. */
    public static final double RAW_RATIO_TARGET = 0.50;
    /** Smallest engine ({@code JOURNALED}) / plain design ratio the engine aims for. */
    public static final double PLAIN_RATIO_TARGET = 10.0;

    private static final String ENGINE = EngineThroughputBenchmark.class.getName() + ".";
    private static final String PLAIN = PlainBankBenchmark.class.getName() + ".";
    private static final String RAW = BankRecordAppendBenchmark.class.getName() + ".rawChronicleAppend";
    private static final String JOURNAL = BankRecordAppendBenchmark.class.getName() + ".journalAppend";
    private static final String ALLOCATION = "gc.alloc.rate.norm";

    private final PrintStream out;
    private final Map<String, JmhResults.Result> engine = new LinkedHashMap<>();
    private final Map<String, JmhResults.Result> plain = new LinkedHashMap<>();
    private JmhResults.Result raw;
    private JmhResults.Result journal;

    /**
     * A report printing to a stream.
     *
     * @param out where the tables go.
     */
    public EngineReport(final PrintStream out)
    {
        this.out = out;
    }

    /**
     * Print the tables for one or more JMH JSON result files.
     *
     * @param args the result files, read in order, a later figure replacing an earlier one;
     *             {@value #DEFAULT_RESULT_FILE} if none.
     * @throws IOException if a file cannot be read.
     */
    public static void main(final String[] args) throws IOException
    {
        final PrintStream out = new PrintStream(
            new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        new EngineReport(out).print(JmhResults.read(args, DEFAULT_RESULT_FILE));
    }

    /**
     * Print the throughput, record path and allocation tables.
     *
     * @param resultJsons the contents of JMH result files written with {@code -rf json}; a later figure for the same
     *                    benchmark, threads and parameters replaces an earlier one.
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
        printThroughput();
        out.println();
        printRecordPath();
        out.println();
        printAllocation();
    }

    private void add(final JmhResults.Result result)
    {
        final String name = result.benchmark();
        if (name.startsWith(ENGINE) && null != result.param("durability"))
        {
            engine.put(result.threads() + "|" + result.param("durability") + "|" + result.param("window"), result);
        }
        else if (name.startsWith(PLAIN))
        {
            plain.put(plainKey(result.threads(), result.param("window")), result);
        }
        else if (name.equals(RAW))
        {
            raw = result;
        }
        else if (name.equals(JOURNAL))
        {
            journal = result;
        }
    }

    private static String plainKey(final int threads, final String window)
    {
        return threads + "|" + window;
    }

    private List<JmhResults.Result> engineRows()
    {
        final List<JmhResults.Result> rows = new ArrayList<>(engine.values());
        rows.sort(Comparator.comparingInt(JmhResults.Result::threads)
            .thenComparingInt(r -> durabilityOrder(r.param("durability")))
            .thenComparingInt(r -> Integer.parseInt(r.param("window"))));
        return rows;
    }

    private void printThroughput()
    {
        out.println("| Producers | Durability | Window | Scribe engine (commands/s) | " +
            "Raw Chronicle, same record, one thread (appends/s) | Engine / raw (target >= 50% at JOURNALED) | " +
            "Plain design (commands/s) | Engine / plain (target >= 10x at JOURNALED) |");
        out.println("|---:|---|---:|---:|---:|---:|---:|---:|");
        final Score rawScore = null == raw ? Score.MISSING : raw.primary();
        for (final JmhResults.Result row : engineRows())
        {
            final boolean targeted = Durability.JOURNALED.name().equals(row.param("durability"));
            final JmhResults.Result peer = plain.get(plainKey(row.threads(), row.param("window")));
            final Score plainScore = null == peer ? Score.MISSING : peer.primary();
            final Score engineScore = row.primary();
            out.println("| " + row.threads() + " | " + row.param("durability") + " | " + row.param("window") + " | " +
                engineScore + " | " + rawScore + " | " +
                percent(engineScore, rawScore) + verdict(targeted, engineScore, rawScore, RAW_RATIO_TARGET) + " | " +
                plainScore + " | " +
                times(engineScore, plainScore) + verdict(targeted, engineScore, plainScore, PLAIN_RATIO_TARGET) + " |");
        }
    }

    private void printRecordPath()
    {
        final Score rawScore = null == raw ? Score.MISSING : raw.primary();
        final Score journalScore = null == journal ? Score.MISSING : journal.primary();
        out.println("| Record path, one thread | Appends/s | Share of raw Chronicle |");
        out.println("|---|---:|---:|");
        out.println("| Raw Chronicle append of the engine's record bytes | " + rawScore + " | " +
            percent(rawScore, rawScore) + " |");
        out.println("| Journal: build the record with `RecordWriter` and `Journal.append` it | " + journalScore +
            " | " + percent(journalScore, rawScore) + " |");
    }

    private void printAllocation()
    {
        final List<String> lines = new ArrayList<>();
        for (final JmhResults.Result row : engineRows())
        {
            lines.add(allocationLine("Scribe engine", row, row.param("durability")));
        }
        final List<JmhResults.Result> plainRows = new ArrayList<>(plain.values());
        plainRows.sort(Comparator.comparingInt(JmhResults.Result::threads));
        for (final JmhResults.Result row : plainRows)
        {
            lines.add(allocationLine("Plain design", row, "-"));
        }
        if (null != raw)
        {
            lines.add(allocationLine("Raw Chronicle append", raw, "-"));
        }
        if (null != journal)
        {
            lines.add(allocationLine("Journal record build and append", journal, "-"));
        }
        lines.removeIf(line -> null == line);
        if (lines.isEmpty())
        {
            out.println("No " + ALLOCATION + " in the results: run the benchmarks with -prof gc for the " +
                "allocation table.");
            return;
        }
        out.println("| Benchmark | Producers | Durability | Allocated per command (B, " + ALLOCATION + ") |");
        out.println("|---|---:|---|---:|");
        lines.forEach(out::println);
    }

    private static String allocationLine(final String what, final JmhResults.Result row, final String durability)
    {
        final Score allocation = row.secondary(ALLOCATION);
        if (allocation.isMissing())
        {
            return null;
        }
        return "| " + what + " | " + row.threads() + " | " + durability + " | " + allocation.toStringOneDecimal() +
            " |";
    }

    private static int durabilityOrder(final String name)
    {
        for (final Durability durability : Durability.values())
        {
            if (durability.name().equals(name))
            {
                return durability.ordinal();
            }
        }
        return Integer.MAX_VALUE;
    }

    private static String percent(final Score part, final Score whole)
    {
        if (part.isMissing() || whole.isMissing() || 0 == whole.score())
        {
            return "-";
        }
        return String.format(Locale.ROOT, "%.1f%%", 100 * part.score() / whole.score());
    }

    private static String times(final Score part, final Score whole)
    {
        if (part.isMissing() || whole.isMissing() || 0 == whole.score())
        {
            return "-";
        }
        return String.format(Locale.ROOT, "%.2fx", part.score() / whole.score());
    }

    private static String verdict(final boolean targeted, final Score part, final Score whole, final double target)
    {
        if (!targeted || part.isMissing() || whole.isMissing() || 0 == whole.score())
        {
            return "";
        }
        return part.score() / whole.score() >= target ? " (met)" : " (below target)";
    }
}
