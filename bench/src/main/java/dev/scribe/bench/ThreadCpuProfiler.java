package dev.scribe.bench;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time per operation of each thread of the fork, so a benchmark shows where its time goes without a profiler:
 * {@code -prof dev.scribe.bench.ThreadCpuProfiler}. Each iteration reports {@code cpu.<thread>} in nanoseconds of
 * CPU per operation for every thread that used at least 1% of the iteration's CPU (threads named alike, such as the
 * JMH workers, are summed under one name with the trailing number dropped), and {@code cpu.all} for the whole
 * process's threads. Thread CPU time comes from {@link ThreadMXBean#getThreadCpuTime}; threads that start or end
 * within an iteration count for the part of it they were seen in.
 */
public final class ThreadCpuProfiler implements InternalProfiler
{
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private Map<Long, Long> before = Map.of();

    @Override
    public String getDescription()
    {
        return "CPU nanoseconds per operation, by thread";
    }

    @Override
    public void beforeIteration(final BenchmarkParams benchmarkParams, final IterationParams iterationParams)
    {
        before = cpuByThread();
    }

    @Override
    public Collection<? extends Result> afterIteration(
        final BenchmarkParams benchmarkParams, final IterationParams iterationParams, final IterationResult result)
    {
        final long ops = result.getMetadata().getMeasuredOps();
        final List<Result> results = new ArrayList<>();
        if (ops <= 0)
        {
            return results;
        }
        final Map<String, Long> byName = new TreeMap<>();
        long total = 0;
        for (final ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds()))
        {
            if (null == info)
            {
                continue;
            }
            final long now = threads.getThreadCpuTime(info.getThreadId());
            if (now < 0)
            {
                continue;
            }
            final long used = now - before.getOrDefault(info.getThreadId(), 0L);
            total += used;
            byName.merge(group(info.getThreadName()), used, Long::sum);
        }
        final double perOp = 1.0 / ops;
        for (final Map.Entry<String, Long> entry : byName.entrySet())
        {
            if (entry.getValue() * 100 >= total)
            {
                results.add(new ScalarResult("cpu." + entry.getKey(), entry.getValue() * perOp, "ns/op",
                    AggregationPolicy.AVG));
            }
        }
        results.add(new ScalarResult("cpu.all", total * perOp, "ns/op", AggregationPolicy.AVG));
        return results;
    }

    private Map<Long, Long> cpuByThread()
    {
        final Map<Long, Long> cpu = new TreeMap<>();
        for (final long id : threads.getAllThreadIds())
        {
            final long time = threads.getThreadCpuTime(id);
            if (time >= 0)
            {
                cpu.put(id, time);
            }
        }
        return cpu;
    }

    /** JMH's workers are one group whatever their number; the engine's threads keep their own names. */
    private static String group(final String name)
    {
        return name.startsWith("scribe-") ? name : name.replaceAll("[-_]?\\d+$", "");
    }
}
