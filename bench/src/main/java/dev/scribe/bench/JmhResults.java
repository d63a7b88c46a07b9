package dev.scribe.bench;

import dev.scribe.bench.report.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The results in JMH's JSON result files ({@code -rf json}), as the reports read them.
 */
final class JmhResults
{
    /**
     * One benchmark run at one set of parameters.
     *
     * @param benchmark the benchmark's full name, {@code package.Class.method}.
     * @param params    its parameters by name; empty if it has none.
     * @param threads   the number of benchmark threads.
     * @param primary   the primary score, e.g. ops/s.
     * @param secondary the profilers' scores by name, e.g. {@code gc.alloc.rate.norm}.
     */
    record Result(String benchmark, Map<String, String> params, int threads, Score primary,
        Map<String, Score> secondary)
    {
        /**
         * A parameter's value, or null if the benchmark has no such parameter.
         */
        String param(final String name)
        {
            return params.get(name);
        }

        /**
         * A profiler's score, or {@link Score#MISSING}.
         */
        Score secondary(final String name)
        {
            return secondary.getOrDefault(name, Score.MISSING);
        }
    }

    private JmhResults()
    {
    }

    /**
     * Read result files.
     *
     * @param files       the files named on the command line; the default file if none.
     * @param defaultFile read when no file is named.
     * @return the contents of each file, in order.
     * @throws IOException if a file cannot be read.
     */
    static List<String> read(final String[] files, final String defaultFile) throws IOException
    {
        final List<String> contents = new ArrayList<>();
        for (final String file : files.length > 0 ? List.of(files) : List.of(defaultFile))
        {
            contents.add(Files.readString(Path.of(file), StandardCharsets.UTF_8));
        }
        return contents;
    }

    /**
     * The results in one JSON result file's contents, in file order.
     *
     * @throws IllegalArgumentException if the text is not JSON or not a JMH result array.
     */
    static List<Result> parse(final String resultJson)
    {
        final Object parsed = Json.parse(resultJson);
        if (!(parsed instanceof List))
        {
            throw new IllegalArgumentException("not a JMH JSON result: the top level is not an array");
        }
        final List<Result> results = new ArrayList<>();
        for (final Object element : (List<?>)parsed)
        {
            final Map<?, ?> result = (Map<?, ?>)element;
            final Map<?, ?> metric = (Map<?, ?>)result.get("primaryMetric");
            if (null == metric)
            {
                continue;
            }
            final Map<String, String> params = new LinkedHashMap<>();
            if (result.get("params") instanceof Map)
            {
                ((Map<?, ?>)result.get("params")).forEach((k, v) -> params.put(String.valueOf(k), String.valueOf(v)));
            }
            final Map<String, Score> secondary = new LinkedHashMap<>();
            if (result.get("secondaryMetrics") instanceof Map)
            {
                ((Map<?, ?>)result.get("secondaryMetrics")).forEach((k, v) ->
                    secondary.put(String.valueOf(k), score((Map<?, ?>)v)));
            }
            final Object threads = result.get("threads");
            results.add(new Result(String.valueOf(result.get("benchmark")), params,
                null == threads ? 1 : (int)number(threads), score(metric), secondary));
        }
        return results;
    }

    private static Score score(final Map<?, ?> metric)
    {
        return new Score(number(metric.get("score")), number(metric.get("scoreError")));
    }

    private static double number(final Object value)
    {
        if (value instanceof Number)
        {
            return ((Number)value).doubleValue();
        }
        return null == value ? Double.NaN : Double.parseDouble(String.valueOf(value));
    }
}
