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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * CPU time per operation of each thread of the fork, so a benchmark shows where its time goes without a profiler:
 * {@code -prof dev.scribe.bench.ThreadCpuProfiler}. Each iteration reports {@code cpu.<thread>} in nanoseconds of
 * CPU per operation for every thread that used at least 1% of the iteration's CPU (threads named alike, such as the
 * JMH workers, are summed under one name with the trailing number dropped), and {@code cpu.all} for the whole
 * process's threads. Thread CPU time comes from {@link ThreadMXBean#getThreadCpuTime}, read at each iteration's
 * start and end and every 20 ms in between by a sampling thread, so that a thread which ends before the iteration's
 * end is counted (up to its last sample): JMH tears a trial's state down, and stops the engine's threads, before it
 * ends the trial's last iteration.
 */
public final class ThreadCpuProfiler implements InternalProfiler
{
    private static final long SAMPLE_MS = 20;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private Map<Long, Long> before = Map.of();
    /** The latest CPU time and name seen of every thread, kept after it ends. */
    private final Map<Long, Long> latest = new ConcurrentHashMap<>();
    private final Map<Long, String> names = new ConcurrentHashMap<>();
    private volatile boolean sampling;
    private Thread sampler;

    @Override
    public String getDescription()
    {
        return "CPU nanoseconds per operation, by thread";
    }

    @Override
    public void beforeIteration(final BenchmarkParams benchmarkParams, final IterationParams iterationParams)
    {
        latest.clear();
        names.clear();
        sample();
        before = Map.copyOf(latest);
        sampling = true;
        sampler = new Thread(() ->
        {
            while (sampling)
            {
                sample();
                LockSupport.parkNanos(SAMPLE_MS * 1_000_000);
            }
        }, "cpu-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sample()
    {
        for (final ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds()))
        {
            if (null != info)
            {
                final long time = threads.getThreadCpuTime(info.getThreadId());
                if (time >= 0)
                {
                    latest.put(info.getThreadId(), time);
                    names.putIfAbsent(info.getThreadId(), info.getThreadName());
                }
            }
        }
    }

    @Override
    public Collection<? extends Result> afterIteration(
        final BenchmarkParams benchmarkParams, final IterationParams iterationParams, final IterationResult result)
    {
        final long ops = result.getMetadata().getMeasuredOps();
        final List<Result> results = new ArrayList<>();
        sampling = false;
        sample();
        final Map<String, Long> byName = new TreeMap<>();
        long total = 0;
        for (final Map.Entry<Long, Long> thread : latest.entrySet())
        {
            final String name = names.get(thread.getKey());
            if ("cpu-sampler".equals(name))
            {
                continue;
            }
            final long used = thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
            total += used;
            byName.merge(group(name), used, Long::sum);
        }
        if (ops <= 0)
        {
            return results;
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

    /** JMH's workers are one group whatever their number; the engine's threads keep their own names. */
    private static String group(final String name)
    {
        return name.startsWith("scribe-") ? name : name.replaceAll("[-_]?\\d+$", "");
    }
}
