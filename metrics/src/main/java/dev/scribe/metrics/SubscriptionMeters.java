package dev.scribe.metrics;

import dev.scribe.engine.EngineMetrics;
import dev.scribe.engine.RunningSubscription;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The meters of the engine's subscriptions, which start and stop while the engine runs: the gauge of how many there
 * are looks, each time it is read (each scrape), for subscriptions started since and registers their meters, and
 * removes those of subscriptions that are gone.
 */
final class SubscriptionMeters
{
    private final Supplier<EngineMetrics> engine;
    private final Tags tags;
    private final MeterRegistry registry;
    private final Map<String, List<Meter>> bound = new HashMap<>();

    SubscriptionMeters(final Supplier<EngineMetrics> engine, final Tags tags, final MeterRegistry registry)
    {
        this.engine = engine;
        this.tags = tags;
        this.registry = registry;
    }

    void bind()
    {
        Gauge.builder("scribe.subscriptions", this, SubscriptionMeters::refresh)
            .description("Subscriptions started: running, or stopped at a failure").tags(tags).strongReference(true)
            .register(registry);
        refresh();
    }

    /** Register the meters of new subscriptions, remove those of subscriptions gone; answers how many there are. */
    synchronized double refresh()
    {
        final Map<String, RunningSubscription> now = engine.get().subscriptions();
        for (final String name : now.keySet())
        {
            if (!bound.containsKey(name))
            {
                bound.put(name, register(name));
            }
        }
        bound.entrySet().removeIf(entry ->
        {
            if (now.containsKey(entry.getKey()))
            {
                return false;
            }
            entry.getValue().forEach(registry::remove);
            return true;
        });
        return now.size();
    }

    private List<Meter> register(final String name)
    {
        final Tags subscriptionTags = tags.and("subscription", name);
        final Meter lag = Gauge.builder("scribe.subscription.lag", this, m -> m.lag(name))
            .description("Records of the journal the subscription has not handled yet").baseUnit("records")
            .tags(subscriptionTags).strongReference(true).register(registry);
        final Meter running = Gauge.builder("scribe.subscription.running", this, m -> m.running(name))
            .description("1 if the subscription runs, 0 if it stopped at a failure").tags(subscriptionTags)
            .strongReference(true).register(registry);
        final Meter parked = Gauge.builder("scribe.subscription.parked", this, m -> m.parked(name))
            .description("Events the subscription parked since it started").tags(subscriptionTags)
            .strongReference(true).register(registry);
        return List.of(lag, running, parked);
    }

    private double lag(final String name)
    {
        final EngineMetrics metrics = engine.get();
        final RunningSubscription subscription = metrics.subscriptions().get(name);
        return null == subscription ? Double.NaN : metrics.recordsBehind(subscription.position());
    }

    private double running(final String name)
    {
        final RunningSubscription subscription = engine.get().subscriptions().get(name);
        return null == subscription ? Double.NaN : subscription.isRunning() ? 1 : 0;
    }

    private double parked(final String name)
    {
        final RunningSubscription subscription = engine.get().subscriptions().get(name);
        return null == subscription ? Double.NaN : subscription.parkedCount();
    }
}
