package dev.scribe.metrics;

import dev.scribe.engine.Durability;
import dev.scribe.engine.EngineMetrics;
import dev.scribe.engine.LatencyHistogram;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Registers the meters of an engine ({@link ScribeMetrics} lists them). Every meter reads the current engine's
 * {@link EngineMetrics} when the registry asks for its value, and holds it strongly, so the meters work however the
 * binder is kept.
 */
final class EngineMeters
{
    private static final String COMMANDS_DESCRIPTION =
        "Commands the business logic decided, by result: accepted (repeats included) or rejected";

    /** The quantiles of the latency gauges. */
    static final double[] QUANTILES = {0.5, 0.9, 0.99, 0.999};

    private final Supplier<EngineMetrics> engine;
    private final Tags tags;

    EngineMeters(final Supplier<EngineMetrics> engine, final Tags tags)
    {
        this.engine = engine;
        this.tags = tags;
    }

    void bindTo(final MeterRegistry registry)
    {
        // one description for the name: Prometheus gives a metric family one HELP line, whatever its tags
        counter(registry, "scribe.commands", COMMANDS_DESCRIPTION, EngineMetrics::commandsAccepted, "result",
            "accepted");
        counter(registry, "scribe.commands", COMMANDS_DESCRIPTION, EngineMetrics::commandsRejected, "result",
            "rejected");
        counter(registry, "scribe.events", "Events journaled", EngineMetrics::events);
        counter(registry, "scribe.batches", "Batches of commands the business logic ended", EngineMetrics::batches);
        counter(registry, "scribe.journal.records", "Records written to the journal", EngineMetrics::journalRecords);
        FunctionCounter.builder("scribe.journal.bytes", engine, e -> e.get().journalBytes())
            .description("Bytes of the records written to the journal").baseUnit("bytes").tags(tags)
            .register(registry);
        counter(registry, "scribe.errors", "Errors reported on the engine's threads (this run)",
            EngineMetrics::errors);
        counter(registry, "scribe.replicated.degraded", "REPLICATED results completed without a standby",
            EngineMetrics::degradedResults);
        counter(registry, "scribe.snapshots", "Snapshots written", EngineMetrics::snapshotsWritten);

        gauge(registry, "scribe.journal.position", "Position of the last record journaled",
            EngineMetrics::journalPosition);
        gauge(registry, "scribe.ring.size", "Slots of the command ring", EngineMetrics::ringSize);
        gauge(registry, "scribe.ring.remaining", "Free slots of the command ring",
            EngineMetrics::ringRemainingCapacity);
        gauge(registry, "scribe.replication.pending", "REPLICATED results waiting for the standby",
            EngineMetrics::heldForReplication);
        TimeGauge.builder("scribe.command.processing.max", engine, TimeUnit.NANOSECONDS,
                e -> e.get().maxCommandProcessingNanos())
            .description("Longest time the business logic took over one command (this run)").tags(tags)
            .register(registry);

        FunctionTimer.builder("scribe.snapshot.pause", engine, e -> e.get().snapshotsWritten(),
                e -> e.get().snapshotPauseTotalNanos(), TimeUnit.NANOSECONDS)
            .description("Pauses of the business logic to copy the state for a snapshot").tags(tags)
            .register(registry);
        TimeGauge.builder("scribe.snapshot.pause.max", engine, TimeUnit.NANOSECONDS,
                e -> e.get().maxSnapshotPauseNanos())
            .description("Longest snapshot pause (this run)").tags(tags).register(registry);

        for (final Durability durability : Durability.values())
        {
            latency(registry, durability);
        }
        for (final String projection : engine.get().projectionNames())
        {
            final Tags projectionTags = tags.and("projection", projection);
            Gauge.builder("scribe.projection.lag", engine, e -> e.get().projectionLag(projection))
                .description("Records of the journal the projection has not applied yet").baseUnit("records")
                .tags(projectionTags).strongReference(true).register(registry);
            Gauge.builder("scribe.projection.position", engine, e -> e.get().projectionPosition(projection))
                .description("Position of the last record the projection applied").tags(projectionTags)
                .strongReference(true).register(registry);
        }
    }

    private void latency(final MeterRegistry registry, final Durability durability)
    {
        final String level = durability.name().toLowerCase(Locale.ROOT);
        final Tags durabilityTags = tags.and("durability", level);
        final Supplier<LatencyHistogram> histogram = () -> engine.get().latency(durability);
        FunctionTimer.builder("scribe.command.latency", histogram, h -> h.get().count(), h -> h.get().totalNanos(),
                TimeUnit.NANOSECONDS)
            .description("Latency of acknowledged commands, from taking a ring slot to the result at the durability")
            .tags(durabilityTags).register(registry);
        final LatencyWindow window = new LatencyWindow(histogram, registry.config().clock());
        for (final double quantile : QUANTILES)
        {
            TimeGauge.builder("scribe.command.latency.percentile", window, TimeUnit.NANOSECONDS,
                    w -> w.snapshot().valueAtPercentile(quantile * 100))
                .description("Latency of acknowledged commands over about the last minute, at a quantile")
                .tags(durabilityTags.and("quantile", Double.toString(quantile))).strongReference(true)
                .register(registry);
        }
        TimeGauge.builder("scribe.command.latency.max", window, TimeUnit.NANOSECONDS, w -> w.snapshot().maxNanos())
            .description("Longest latency of an acknowledged command over about the last minute")
            .tags(durabilityTags).strongReference(true).register(registry);
    }

    private void counter(final MeterRegistry registry, final String name, final String description,
        final ToDoubleFunction<EngineMetrics> value, final String... extraTags)
    {
        FunctionCounter.builder(name, engine, e -> value.applyAsDouble(e.get()))
            .description(description).tags(tags.and(extraTags)).register(registry);
    }

    private void gauge(final MeterRegistry registry, final String name, final String description,
        final ToDoubleFunction<EngineMetrics> value)
    {
        Gauge.builder(name, engine, e -> value.applyAsDouble(e.get()))
            .description(description).tags(tags).strongReference(true).register(registry);
    }
}
