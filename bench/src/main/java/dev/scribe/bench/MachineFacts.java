package dev.scribe.bench;

import dev.scribe.bench.report.Report;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What the benchmark report says about the machine it ran on: cores and CPU model, memory, operating system, JDK
 * and where the benchmarks wrote; and the one-minute load average, sampled on a thread of its own through the run
 * ({@link #startLoadSampling}), which says how much else was running.
 */
final class MachineFacts implements AutoCloseable
{
    private final long startNs = System.nanoTime();
    private final List<Report.Point> load = new ArrayList<>();
    private final ScheduledExecutorService sampler;
    private boolean closed;

    private MachineFacts(final long periodMs)
    {
        sampler = Executors.newSingleThreadScheduledExecutor(runnable ->
        {
            final Thread thread = new Thread(runnable, "scribe-report-load");
            thread.setDaemon(true);
            return thread;
        });
        sampler.scheduleAtFixedRate(this::sample, 0, periodMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Start sampling the load average.
     *
     * @param periodMs milliseconds between samples.
     * @return the sampler; close it to stop.
     */
    static MachineFacts startLoadSampling(final long periodMs)
    {
        return new MachineFacts(periodMs);
    }

    private void sample()
    {
        final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        final double average = os.getSystemLoadAverage();
        if (average >= 0)
        {
            synchronized (load)
            {
                load.add(new Report.Point(Math.round((System.nanoTime() - startNs) / 1e8) / 10.0, average));
            }
        }
    }

    /**
     * The samples so far, seconds since sampling started against the load average.
     */
    List<Report.Point> load()
    {
        synchronized (load)
        {
            return List.copyOf(load);
        }
    }

    /**
     * The machine's facts, in display order.
     */
    static List<Report.Fact> machine()
    {
        final List<Report.Fact> facts = new ArrayList<>();
        final String model = firstValue(Path.of("/proc/cpuinfo"), "model name");
        facts.add(new Report.Fact("CPU", Runtime.getRuntime().availableProcessors() + " cores available to the JVM" +
            (null == model ? "" : ", " + model)));
        final String memory = firstValue(Path.of("/proc/meminfo"), "MemTotal");
        if (null != memory)
        {
            final long kib = Long.parseLong(memory.replaceAll("[^0-9]", ""));
            facts.add(new Report.Fact("Memory", String.format(Locale.ROOT, "%.1f GiB", kib / 1024.0 / 1024.0)));
        }
        facts.add(new Report.Fact("OS", System.getProperty("os.name") + " " + System.getProperty("os.version") +
            " (" + System.getProperty("os.arch") + ")"));
        facts.add(new Report.Fact("JDK", System.getProperty("java.vm.name") + " " + Runtime.version() + ", " +
            System.getProperty("java.vm.vendor")));
        facts.add(new Report.Fact("Max heap", (Runtime.getRuntime().maxMemory() >> 20) + " MiB (the report's JVM)"));
        facts.add(new Report.Fact("Files written under", System.getProperty(BenchFixtures.BENCH_DIR_PROP_NAME,
            System.getProperty("java.io.tmpdir"))));
        return facts;
    }

    /**
     * The value of the first {@code name : value} line of a file such as {@code /proc/cpuinfo}, or null.
     */
    private static String firstValue(final Path file, final String name)
    {
        if (!Files.isReadable(file))
        {
            return null;
        }
        try
        {
            for (final String line : Files.readAllLines(file, StandardCharsets.UTF_8))
            {
                final int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equals(name))
                {
                    return line.substring(colon + 1).trim();
                }
            }
        }
        catch (final IOException ex)
        {
            return null;
        }
        return null;
    }

    /**
     * Stop sampling, as {@link #stopSampling()} does.
     */
    @Override
    public void close()
    {
        stopSampling();
    }

    /**
     * Stop sampling, taking one last sample; stopping again does nothing.
     */
    void stopSampling()
    {
        if (!closed)
        {
            closed = true;
            sampler.shutdownNow();
            sample();
        }
    }
}
