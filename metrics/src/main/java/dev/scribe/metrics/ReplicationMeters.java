package dev.scribe.metrics;

import dev.scribe.engine.EngineMetrics;
import dev.scribe.engine.EngineRole;
import dev.scribe.replication.NodeStatus;
import dev.scribe.replication.ReplicationNode;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Registers the meters of a replication node beside its engine's ({@link ScribeMetrics} lists them), read from the
 * node's {@link NodeStatus} when the registry asks.
 */
final class ReplicationMeters
{
    private final ReplicationNode node;
    private final Supplier<EngineMetrics> engine;
    private final Tags tags;

    ReplicationMeters(final ReplicationNode node, final Supplier<EngineMetrics> engine, final Tags tags)
    {
        this.node = node;
        this.engine = engine;
        this.tags = tags;
    }

    void bindTo(final MeterRegistry registry)
    {
        gauge(registry, "scribe.replication.primary", "1 if the node is the primary, 0 if a standby",
            s -> s.role() == EngineRole.PRIMARY ? 1 : 0);
        gauge(registry, "scribe.replication.epoch", "The node's leadership epoch", NodeStatus::epoch);
        gauge(registry, "scribe.replication.connected", "1 if the replication link to the peer is up",
            s -> s.peerConnected() ? 1 : 0);
        gauge(registry, "scribe.replication.acknowledged.position",
            "On the primary, the last position the standby acknowledged in this epoch; else -1",
            NodeStatus::acknowledgedPosition);
        Gauge.builder("scribe.replication.lag", this, ReplicationMeters::lag)
            .description("On the primary, records journaled that the standby has not acknowledged in this epoch")
            .baseUnit("records").tags(tags).strongReference(true).register(registry);
        FunctionCounter.builder("scribe.replication.divergences", this, m -> m.node.status().divergences())
            .description("State hash mismatches found with the peer").tags(tags).register(registry);
        FunctionCounter.builder("scribe.replication.truncations", this, m -> m.node.status().truncations())
            .description("Journal truncations on stepping down").tags(tags).register(registry);
    }

    /** Records the standby is behind: NaN on a standby, which does not know how far its primary is. */
    private double lag()
    {
        final NodeStatus status = node.status();
        if (status.role() != EngineRole.PRIMARY)
        {
            return Double.NaN;
        }
        return engine.get().recordsBehind(status.acknowledgedPosition());
    }

    private void gauge(final MeterRegistry registry, final String name, final String description,
        final ToDoubleFunction<NodeStatus> value)
    {
        Gauge.builder(name, node, n -> value.applyAsDouble(n.status()))
            .description(description).tags(tags).strongReference(true).register(registry);
    }
}
