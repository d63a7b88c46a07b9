package dev.scribe.metrics;

import dev.scribe.engine.Engine;
import dev.scribe.engine.EngineMetrics;

import java.util.function.Supplier;

/**
 * The metrics of whichever engine is current: one engine for the life of the binder, or a replication node's, which
 * relaunches its engine when it steps down. The {@link EngineMetrics} of an engine are made once and kept until
 * another engine takes its place.
 */
final class CurrentEngine implements Supplier<EngineMetrics>
{
    private final Supplier<Engine> engine;
    private volatile EngineMetrics current;

    CurrentEngine(final Supplier<Engine> engine)
    {
        this.engine = engine;
    }

    @Override
    public EngineMetrics get()
    {
        final Engine now = engine.get();
        EngineMetrics metrics = current;
        if (null == metrics || metrics.engine() != now)
        {
            metrics = EngineMetrics.of(now);
            current = metrics;
        }
        return metrics;
    }
}
