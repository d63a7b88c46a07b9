/**
 * Micrometer meters for Scribe: {@link dev.scribe.metrics.ScribeMetrics} binds an engine's, or a replication node's,
 * to any {@code MeterRegistry}.
 *
 * <p>How data flows: the engine keeps its counters in its memory-mapped counters file and the latencies of
 * acknowledged commands in histograms, written by its own threads as they work; {@code dev.scribe.engine.EngineMetrics}
 * reads them from any thread. The meters here are all function-based (gauges, function counters, function timers):
 * when the registry asks for a value, the meter reads it through {@code EngineMetrics} (and, for a node, its
 * {@code NodeStatus}). Percentile gauges compute a window of about the last minute from two snapshots of a
 * histogram ({@code LatencyWindow}); the meters of subscriptions are registered as subscriptions appear
 * ({@code SubscriptionMeters}). Only this module depends on Micrometer.
 */
package dev.scribe.metrics;
