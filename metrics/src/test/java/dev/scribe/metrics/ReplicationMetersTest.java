package dev.scribe.metrics;

import dev.scribe.engine.Bank;
import dev.scribe.engine.Durability;
import dev.scribe.engine.EngineRole;
import dev.scribe.engine.SendOptions;
import dev.scribe.replication.ReplicationContext;
import dev.scribe.replication.ReplicationNode;
import dev.scribe.test.Deadlines;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The meters of a primary and a standby in this JVM, over real sockets on 127.0.0.1, scraped from one
 * {@link PrometheusMeterRegistry}.
 */
class ReplicationMetersTest
{
    private static final byte[] SECRET = "a shared secret of enough bytes".getBytes(StandardCharsets.UTF_8);
    private static final SendOptions REPLICATED = SendOptions.defaults().durability(Durability.REPLICATED);

    @TempDir
    Path dir;

    @Test
    void replicationLagAcknowledgedPositionAndReplicatedLatency() throws IOException
    {
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (ReplicationNode primary = ReplicationNode.start(node(1, EngineRole.PRIMARY,
                new InetSocketAddress("127.0.0.1", 0)), line -> { });
            ReplicationNode standby = ReplicationNode.start(node(2, EngineRole.STANDBY, primary.listenAddress()),
                line -> { }))
        {
            primary.peer(standby.listenAddress());
            ScribeMetrics.of(primary).bindTo(registry);
            ScribeMetrics.of(standby).bindTo(registry);
            assertTrue(primary.engine().send(new Bank.Open("a"), REPLICATED).join().accepted());
            for (int i = 0; i < 20; i++)
            {
                assertTrue(primary.engine().send(new Bank.Deposit("a", 1), REPLICATED).join().accepted());
            }
            final long last = primary.engine().lastPosition();
            Deadlines.await(() -> standby.engine().lastPosition() == last, "the standby to journal " + last);

            final String scrape = registry.scrape();
            assertEquals(1.0, sample(scrape, "scribe_replication_primary{node=\"1\"}"), scrape);
            assertEquals(0.0, sample(scrape, "scribe_replication_primary{node=\"2\"}"), scrape);
            assertEquals(1.0, sample(scrape, "scribe_replication_connected{node=\"1\"}"), scrape);
            assertEquals(primary.engine().epoch(), sample(scrape, "scribe_replication_epoch{node=\"1\"}"), scrape);
            assertEquals(last, sample(scrape, "scribe_replication_acknowledged_position{node=\"1\"}"), scrape);
            assertEquals(0.0, sample(scrape, "scribe_replication_lag_records{node=\"1\"}"), scrape);
            assertTrue(Double.isNaN(sample(scrape, "scribe_replication_lag_records{node=\"2\"}")), scrape);
            assertEquals(21.0, sample(scrape,
                "scribe_command_latency_seconds_count{durability=\"replicated\",node=\"1\"}"), scrape);
            assertTrue(sample(scrape,
                "scribe_command_latency_percentile_seconds{durability=\"replicated\",node=\"1\",quantile=\"0.5\"}") > 0,
                scrape);
            assertEquals(21.0, sample(scrape, "scribe_commands_total{node=\"1\",result=\"accepted\"}"), scrape);
            assertTrue(sample(scrape, "scribe_events_total{node=\"2\"}") >= 21.0, "the standby's events: " + scrape);
            assertEquals(0.0, sample(scrape, "scribe_replication_pending{node=\"1\"}"), scrape);
            assertEquals(0.0, sample(scrape, "scribe_replication_divergences_total{node=\"1\"}"), scrape);
        }
    }

    private ReplicationContext node(final int id, final EngineRole role, final InetSocketAddress peer)
    {
        final Path engineDir = dir.resolve("node-" + id);
        return new ReplicationContext()
            .clusterId("metrics-test")
            .nodeId(id)
            .listen(new InetSocketAddress("127.0.0.1", 0))
            .peer(peer)
            .secret(SECRET)
            .initialRole(role)
            .newCluster(true)
            .engine(() -> Bank.context(engineDir));
    }

    private static double sample(final String scrape, final String series)
    {
        final Matcher matcher = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE)
            .matcher(scrape);
        assertTrue(matcher.find(), "no sample " + series + " in " + scrape);
        return Double.parseDouble(matcher.group(1));
    }
}
