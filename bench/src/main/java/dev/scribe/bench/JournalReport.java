package dev.scribe.bench;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns the JMH JSON result of the journal benchmarks into the markdown tables of {@code docs/BENCHMARKS.md}, with
 * Scribe's figures next to raw Chronicle's and their ratio.
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.scribe.bench.JournalReport bench/target/journal.json
 * </pre>
 * It needs no JVM flags: it only reads JSON. Several files may be named, e.g. the results of separate append and
 * read runs. Results of other benchmarks are ignored; a figure the files lack is shown as {@code -}.
 */
public final class JournalReport
{
    /** Result file read when none is named. */
    public static final String DEFAULT_RESULT_FILE = "bench/target/journal.json";
    /** Smallest Scribe / raw append ratio the journal aims for. */
    public static final double APPEND_RATIO_TARGET = 0.70;

    private static final String APPEND = JournalAppendBenchmark.class.getName() + ".";
    private static final String READ = JournalReadBenchmark.class.getName() + ".";

    private final PrintStream out;

    /**
     * A report printing to a stream.
     *
     * @param out where the tables go.
     */
    public JournalReport(final PrintStream out)
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
        final List<String> results = JmhResults.read(args, DEFAULT_RESULT_FILE);
        new JournalReport(out).print(results);
    }

    /**
     * Print the append and read-back tables.
     *
     * @param resultJsons the contents of JMH result files written with {@code -rf json}; a later figure for the same
     *                    benchmark and payload replaces an earlier one.
     */
    public void print(final List<String> resultJsons)
    {
        final Map<String, Map<Integer, Score>> scores = new TreeMap<>();
        for (final String resultJson : resultJsons)
        {
            addScores(resultJson, scores);
        }

        out.println("| Payload (B) | Scribe append (ops/s) | Raw Chronicle, same bytes (ops/s) | " +
            "Scribe / raw (target >= 70%) | Raw Chronicle, payload only (ops/s) |");
        out.println("|---:|---:|---:|---:|---:|");
        for (final int payload : payloads(scores, APPEND))
        {
            final Score scribe = find(scores, APPEND + "scribeAppend", payload);
            final Score raw = find(scores, APPEND + "rawChronicleAppend", payload);
            final Score payloadOnly = find(scores, APPEND + "rawChronicleAppendPayloadOnly", payload);
            final String ratio = ratio(scribe, raw);
            out.println("| " + payload + " | " + scribe + " | " + raw + " | " + ratio + verdict(scribe, raw) + " | " +
                payloadOnly + " |");
        }
        out.println();
        out.println("| Payload (B) | Records | Scribe read, CRC32C checked (records/s) | " +
            "Raw Chronicle read (records/s) | Scribe / raw |");
        out.println("|---:|---:|---:|---:|---:|");
        for (final int payload : payloads(scores, READ))
        {
            final Score scribe = find(scores, READ + "scribeRead", payload);
            final Score raw = find(scores, READ + "rawChronicleRead", payload);
            out.println("| " + payload + " | " + String.format(Locale.ROOT, "%,d", JournalReadBenchmark.RECORDS) +
                " | " + scribe + " | " + raw + " | " + ratio(scribe, raw) + " |");
        }
    }

    private static void addScores(final String resultJson, final Map<String, Map<Integer, Score>> scores)
    {
        for (final JmhResults.Result result : JmhResults.parse(resultJson))
        {
            final String payload = result.param("payloadBytes");
            if (null != payload)
            {
                scores.computeIfAbsent(result.benchmark(), k -> new TreeMap<>())
                    .put(Integer.parseInt(payload), result.primary());
            }
        }
    }

    private static TreeSet<Integer> payloads(final Map<String, Map<Integer, Score>> scores, final String prefix)
    {
        final TreeSet<Integer> payloads = new TreeSet<>();
        scores.forEach((benchmark, byPayload) ->
        {
            if (benchmark.startsWith(prefix))
            {
                payloads.addAll(byPayload.keySet());
            }
        });
        return payloads;
    }

    private static Score find(final Map<String, Map<Integer, Score>> scores, final String benchmark, final int payload)
    {
        final Map<Integer, Score> byPayload = scores.get(benchmark);
        final Score score = null == byPayload ? null : byPayload.get(payload);
        return null == score ? Score.MISSING : score;
    }

    private static String ratio(final Score scribe, final Score raw)
    {
        if (scribe.isMissing() || raw.isMissing() || 0 == raw.score())
        {
            return "-";
        }
        return String.format(Locale.ROOT, "%.1f%%", 100 * scribe.score() / raw.score());
    }

    private static String verdict(final Score scribe, final Score raw)
    {
        if (scribe.isMissing() || raw.isMissing() || 0 == raw.score())
        {
            return "";
        }
        return scribe.score() / raw.score() >= APPEND_RATIO_TARGET ? " (met)" : " (below target)";
    }
}
