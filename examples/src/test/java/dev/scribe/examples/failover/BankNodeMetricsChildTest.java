package dev.scribe.examples.failover;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fail-over demo's node processes serving their meters: a primary and a standby in child JVMs, each with
 * {@code --metrics 127.0.0.1:0}, scraped over real sockets; and a node whose metrics port is taken says so and ends.
 */
class BankNodeMetricsChildTest
{
    private static final Duration STEP = BankPair.STEP;

    @TempDir
    Path dir;

    @Test
    void eachNodeServesItsMetersAndAPortInUseIsNamed() throws Exception
    {
        final Path ledger = dir.resolve("acks.txt");
        final Path log = dir.resolve("nodes.log");
        try (NodeProcess primary = NodeProcess.start("node-1", ledger, log, node(1, 0, "PRIMARY", "--new-cluster")))
        {
            final int metrics1 = metricsPort(primary);
            final int port1 = listening(primary);
            primary.await("ready", STEP);
            try (NodeProcess standby = NodeProcess.start("node-2", ledger, log, node(2, port1, "STANDBY")))
            {
                final int metrics2 = metricsPort(standby);
                primary.ask("peer 127.0.0.1:" + listening(standby), "peer", STEP);
                standby.await("ready", STEP);
                primary.ask("open 3", "opened", STEP);

                final String one = scrape(metrics1);
                assertEquals(1.0, sample(one, "scribe_replication_primary{node=\"1\"}"), one);
                assertEquals(1.0, sample(one, "scribe_replication_connected{node=\"1\"}"), one);
                assertEquals(6.0, sample(one, "scribe_commands_total{node=\"1\",result=\"accepted\"}"), one);
                assertEquals(6.0, sample(one,
                    "scribe_command_latency_seconds_count{durability=\"replicated\",node=\"1\"}"), one);
                final String two = scrape(metrics2);
                assertEquals(0.0, sample(two, "scribe_replication_primary{node=\"2\"}"), two);

                final List<String> taken = List.of("--id", "3", "--dir", dir.resolve("node-3").toString(),
                    "--listen", "127.0.0.1:0", "--peer", "127.0.0.1:0", "--metrics", "127.0.0.1:" + metrics2);
                try (NodeProcess third = NodeProcess.start("node-3", ledger, log, taken))
                {
                    final IllegalStateException error = assertThrows(IllegalStateException.class,
                        () -> third.await("listening ", STEP));
                    assertTrue(error.getMessage().contains("error cannot serve metrics on 127.0.0.1:" + metrics2),
                        error.getMessage());
                }
            }
        }
    }

    private List<String> node(final int id, final int peerPort, final String role, final String... extra)
    {
        final List<String> args = new ArrayList<>(List.of("--id", String.valueOf(id), "--dir",
            dir.resolve("node-" + id).toString(), "--listen", "127.0.0.1:0", "--peer", "127.0.0.1:" + peerPort,
            "--role", role, "--metrics", "127.0.0.1:0"));
        args.addAll(List.of(extra));
        return args;
    }

    private static int metricsPort(final NodeProcess node) throws InterruptedException
    {
        return Integer.parseInt(node.await("metrics ", STEP).substring("metrics ".length()));
    }

    private static int listening(final NodeProcess node) throws InterruptedException
    {
        return Integer.parseInt(node.await("listening ", STEP).substring("listening ".length()));
    }

    private static String scrape(final int port) throws IOException, InterruptedException
    {
        final HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(STEP).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private static double sample(final String scrape, final String series)
    {
        final Matcher matcher = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE)
            .matcher(scrape);
        assertTrue(matcher.find(), "no sample " + series + " in " + scrape);
        return Double.parseDouble(matcher.group(1));
    }
}
