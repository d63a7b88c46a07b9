package dev.scribe.metrics;

import dev.scribe.engine.Engine;
import dev.scribe.engine.EngineMetrics;
import dev.scribe.replication.ReplicationNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.Objects;

/**
 * Micrometer meters over a Scribe engine, or a replication node and its engine. Every meter reads the engine's
 * {@link EngineMetrics} when the registry asks for its value (a scrape, a publish step): nothing is recorded on the
 * engine's threads for Micrometer, and no read holds up the business logic.
 *
 * <pre>{@code
 * PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * ScribeMetrics.of(engine).bindTo(registry);
 * String scrape = registry.scrape();   // scribe_commands_total{result="accepted"} 42.0 ...
 * }</pre>
 *
 * <p>The meters (in Prometheus, dots become underscores and counters end in {@code _total}):
 * <ul>
 *   <li>{@code scribe.commands} {@code result=accepted|rejected}, {@code scribe.events}, {@code scribe.batches},
 *       {@code scribe.journal.records}, {@code scribe.journal.bytes}, {@code scribe.snapshots},
 *       {@code scribe.replicated.degraded}: counters since the engine directory was created (they go on across
 *       restarts); {@code scribe.errors}: errors of this run.</li>
 *   <li>{@code scribe.command.latency} {@code durability=applied|journaled|synced|replicated}: a function timer
 *       (count and total time) of the commands acknowledged at each durability in this run, and
 *       {@code scribe.command.latency.percentile} {@code durability, quantile=0.5|0.9|0.99|0.999} and
 *       {@code scribe.command.latency.max}: gauges over about the last minute, to within 3%.</li>
 *   <li>{@code scribe.snapshot.pause}: a function timer of the business logic's pauses for the snapshots written;
 *       {@code scribe.snapshot.pause.max} and {@code scribe.command.processing.max}: longest of this run.</li>
 *   <li>{@code scribe.journal.position}, {@code scribe.ring.size}, {@code scribe.ring.remaining},
 *       {@code scribe.replication.pending} (REPLICATED results waiting for the standby).</li>
 *   <li>{@code scribe.projection.lag} and {@code scribe.projection.position} {@code projection=NAME}: records
 *       behind the journal and position applied ({@link EngineMetrics#projectionNames()} gives the names);
 *       {@code scribe.subscription.lag}, {@code scribe.subscription.running}, {@code scribe.subscription.parked}
 *       {@code subscription=NAME} for each subscription started, found anew whenever {@code scribe.subscriptions}
 *       (how many there are) is read. A lag is exact within a journal roll cycle and a lower bound across one
 *       ({@link EngineMetrics#recordsBehind(long)}).</li>
 *   <li>For a node, also: {@code scribe.replication.primary} (1 or 0), {@code scribe.replication.epoch},
 *       {@code scribe.replication.connected} (1 or 0), {@code scribe.replication.acknowledged.position},
 *       {@code scribe.replication.lag} (on the primary, records journaled that the standby has not acknowledged in
 *       this epoch; NaN on a standby), {@code scribe.replication.divergences} and
 *       {@code scribe.replication.truncations}; all of a node's meters carry {@code node=ID}.</li>
 * </ul>
 *
 * <p>A binder can be bound to several registries. Its meters stay in a registry as long as the registry; once the
 * engine has closed they answer its last counter values and lags of 0.
 */
public final class ScribeMetrics implements MeterBinder
{
    private final CurrentEngine engine;
    private final ReplicationNode node;
    private final Tags tags;

    private ScribeMetrics(final CurrentEngine engine, final ReplicationNode node, final Tags tags)
    {
        this.engine = engine;
        this.node = node;
        this.tags = tags;
    }

    /**
     * The meters of an engine.
     *
     * @param engine a launched engine.
     * @return the binder.
     */
    public static ScribeMetrics of(final Engine engine)
    {
        Objects.requireNonNull(engine, "engine");
        return new ScribeMetrics(new CurrentEngine(() -> engine), null, Tags.empty());
    }

    /**
     * The meters of a replication node: its engine's, following the node to each engine it launches (it relaunches
     * its engine when it steps down), and the node's own; all tagged {@code node=ID}.
     *
     * @param node a started node.
     * @return the binder.
     */
    public static ScribeMetrics of(final ReplicationNode node)
    {
        Objects.requireNonNull(node, "node");
        return new ScribeMetrics(new CurrentEngine(node::engine), node,
            Tags.of("node", Integer.toString(node.status().nodeId())));
    }

    /**
     * The same meters with more tags, such as the name of the service when a process runs more than one engine.
     *
     * @param extraTags tags every meter carries.
     * @return a binder with the tags added.
     */
    public ScribeMetrics tags(final Iterable<Tag> extraTags)
    {
        return new ScribeMetrics(engine, node, tags.and(extraTags));
    }

    @Override
    public void bindTo(final MeterRegistry registry)
    {
        new EngineMeters(engine, tags).bindTo(registry);
        new SubscriptionMeters(engine, tags, registry).bind();
        if (null != node)
        {
            new ReplicationMeters(node, engine, tags).bindTo(registry);
        }
    }
}
