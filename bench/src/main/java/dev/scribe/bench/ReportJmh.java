package dev.scribe.bench;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs a set of JMH benchmarks for the benchmark report, programmatically, with the report's forks and iterations
 * and Scribe's JVM flags on every fork (as {@link BenchMain} adds them), and keeps what each measured. JMH's own
 * output goes to {@code jmh-<name>.log} and its JSON result to {@code jmh-<name>.json} in the report's directory.
 */
final class ReportJmh
{
    /** Seconds a fork spends starting and setting up its trial, on top of its iterations, for the estimate. */
    private static final int FORK_OVERHEAD_SECONDS = 3;

    private final List<Measured> results = new ArrayList<>();

    /**
     * One benchmark at one set of parameters.
     *
     * @param benchmark {@code Class.method}, without the package.
     * @param params    the parameters the suite set, by name.
     * @param score     the primary score (ops/s for these benchmarks).
     * @param error     the half-width of its 99.9% confidence interval, NaN if JMH gave none.
     * @param unit      the score's unit, e.g. {@code ops/s}.
     */
    record Measured(String benchmark, Map<String, String> params, double score, double error, String unit)
    {
        /**
         * Where the figure came from: the benchmark and its parameters.
         */
        String source()
        {
            final StringBuilder source = new StringBuilder(benchmark);
            params.forEach((name, value) -> source.append(' ').append(name).append('=').append(value));
            return source.toString();
        }
    }

    /**
     * The benchmarks of one part of the report and the parameters they run with.
     *
     * @param name     the part's name, for the file names and progress.
     * @param includes regular expressions of the benchmarks, as JMH's command line takes them.
     * @param params   parameter values by name; each overrides the benchmark's own list.
     * @param count    how many benchmark and parameter combinations that makes, for the estimate.
     */
    record Suite(String name, List<String> includes, Map<String, List<String>> params, int count)
    {
    }

    /**
     * Run a suite and keep its results.
     *
     * @param suite    the benchmarks.
     * @param settings the report's settings: forks, iterations, the output directory.
     * @param progress where progress goes.
     * @throws RunnerException if JMH fails or a benchmark fails; JMH's log says why.
     */
    void run(final Suite suite, final BenchReport.Settings settings, final PrintStream progress)
        throws RunnerException
    {
        final Path log = settings.out().resolve("jmh-" + suite.name() + ".log");
        final int perFork = settings.warmupIterations() * settings.warmupSeconds() +
            settings.iterations() * settings.iterationSeconds() + FORK_OVERHEAD_SECONDS;
        progress.printf(Locale.ROOT, "%s: %d JMH benchmarks, about %d s; JMH's output goes to %s%n", suite.name(),
            suite.count(), suite.count() * settings.forks() * perFork, log);
        final ChainedOptionsBuilder options = new OptionsBuilder()
            .forks(settings.forks())
            .warmupIterations(settings.warmupIterations())
            .warmupTime(TimeValue.seconds(settings.warmupSeconds()))
            .measurementIterations(settings.iterations())
            .measurementTime(TimeValue.seconds(settings.iterationSeconds()))
            .jvmArgsAppend(BenchMain.forkJvmArgs(Runtime.version().feature()).toArray(new String[0]))
            .output(log.toString())
            .result(settings.out().resolve("jmh-" + suite.name() + ".json").toString())
            .resultFormat(ResultFormatType.JSON)
            .shouldFailOnError(true);
        suite.includes().forEach(options::include);
        suite.params().forEach((name, values) -> options.param(name, values.toArray(new String[0])));
        for (final RunResult result : new Runner(options.build()).run())
        {
            final BenchmarkParams params = result.getParams();
            final String benchmark = params.getBenchmark();
            final int classStart = benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1;
            final String shortName = benchmark.substring(classStart);
            final Map<String, String> values = new LinkedHashMap<>();
            for (final String key : params.getParamsKeys())
            {
                if (suite.params().containsKey(key))
                {
                    values.put(key, params.getParam(key));
                }
            }
            final Result<?> primary = result.getPrimaryResult();
            final Measured measured = new Measured(shortName, values, primary.getScore(), primary.getScoreError(),
                primary.getScoreUnit());
            results.add(measured);
            progress.printf(Locale.ROOT, "  %s: %,.0f ± %,.0f %s%n", measured.source(), measured.score(),
                measured.error(), measured.unit());
        }
    }

    /**
     * The result of a benchmark whose parameters include the given ones, or null if it was not run.
     *
     * @param benchmark {@code Class.method}.
     * @param params    parameter names and values, alternating.
     */
    Measured find(final String benchmark, final String... params)
    {
        for (final Measured measured : results)
        {
            if (!measured.benchmark().equals(benchmark))
            {
                continue;
            }
            boolean matches = true;
            for (int i = 0; i + 1 < params.length; i += 2)
            {
                matches &= params[i + 1].equals(measured.params().get(params[i]));
            }
            if (matches)
            {
                return measured;
            }
        }
        return null;
    }

    /**
     * Whether any benchmark has been run.
     */
    boolean isEmpty()
    {
        return results.isEmpty();
    }
}
