package dev.scribe.examples;

import dev.scribe.engine.Engine;
import dev.scribe.engine.Outcome;
import dev.scribe.examples.bank.BalancesView;
import dev.scribe.examples.bank.Bank;
import dev.scribe.examples.bank.BankCommand;
import dev.scribe.metrics.ScribeMetrics;
import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demos' scrape endpoint over a real socket on 127.0.0.1, serving a real engine's meters, read with the JDK's
 * HTTP client; and its option's errors.
 */
class MetricsEndpointTest
{
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Deadlines.standard()).build();

    @TempDir
    Path dir;

    @Test
    void servesTheEnginesMetersInPrometheusTextAndNothingElse() throws Exception
    {
        try (MetricsEndpoint metrics = MetricsEndpoint.start(0);
            Engine engine = Engine.launch(Bank.context(dir, new BalancesView())))
        {
            metrics.bind(ScribeMetrics.of(engine));
            assertTrue(metrics.port() > 0, "the port the system picked: " + metrics.port());
            assertEquals(URI.create("http://127.0.0.1:" + metrics.port() + "/metrics"), metrics.uri());
            assertTrue(engine.send(new BankCommand.OpenAccount("a")).join().accepted());
            for (int i = 0; i < 4; i++)
            {
                assertTrue(engine.send(new BankCommand.Deposit("a", 10)).join().accepted());
            }
            assertEquals(Outcome.Status.REJECTED, engine.send(new BankCommand.Withdraw("a", 1_000)).join().status());

            final HttpResponse<String> scrape = get(metrics.uri());
            assertEquals(200, scrape.statusCode(), scrape.body());
            assertEquals(MetricsEndpoint.CONTENT_TYPE, scrape.headers().firstValue("Content-Type").orElse(""));
            final String text = scrape.body();
            assertEquals(5.0, sample(text, "scribe_commands_total{result=\"accepted\"}"), text);
            assertEquals(1.0, sample(text, "scribe_commands_total{result=\"rejected\"}"), text);
            assertEquals(5.0, sample(text, "scribe_command_latency_seconds_count{durability=\"journaled\"}"), text);
            assertTrue(sample(text, "scribe_command_latency_seconds_sum{durability=\"journaled\"}") > 0, text);
            assertTrue(text.contains("# TYPE scribe_commands_total counter"), text);

            final HttpResponse<String> other = get(metrics.uri().resolve("/other"));
            assertEquals(404, other.statusCode());
            assertTrue(other.body().contains("/metrics"), other.body());
            assertEquals(404, get(metrics.uri().resolve("/metrics/x")).statusCode());
            final HttpResponse<String> post = client.send(HttpRequest.newBuilder(metrics.uri())
                .POST(HttpRequest.BodyPublishers.ofString("x")).timeout(Deadlines.standard()).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(405, post.statusCode());
        }
    }

    @Test
    void aPortInUseIsNamed() throws IOException
    {
        try (MetricsEndpoint first = MetricsEndpoint.start(0))
        {
            final BindException taken = assertThrows(BindException.class, () -> MetricsEndpoint.start(first.port()));
            assertTrue(taken.getMessage().startsWith("cannot serve metrics on 127.0.0.1:" + first.port() + ": "),
                taken.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> MetricsEndpoint.start(-1));
    }

    @Test
    void theOptionIsTakenOutOfTheArgumentsAndItsValueChecked()
    {
        final MetricsOption option = MetricsOption.parse(new String[] {"dir", "--metrics-port", "9464", "7"});
        assertEquals(9464, option.port());
        assertEquals(List.of("dir", "7"), option.rest());
        assertTrue(option.on());
        assertEquals(0, MetricsOption.parse(new String[] {"--metrics-port", "0"}).port());
        assertTrue(!MetricsOption.parse(new String[] {"dir"}).on());

        assertEquals("--metrics-port must be a port number from 0 to 65535 (0 for no metrics endpoint), not '-1'",
            assertThrows(IllegalArgumentException.class,
                () -> MetricsOption.parse(new String[] {"--metrics-port", "-1"})).getMessage());
        assertThrows(IllegalArgumentException.class, () -> MetricsOption.parse(new String[] {"--metrics-port",
            "65536"}));
        assertThrows(IllegalArgumentException.class, () -> MetricsOption.parse(new String[] {"--metrics-port",
            "http"}));
        assertEquals("--metrics-port needs a port number (0 for no metrics endpoint)", assertThrows(
            IllegalArgumentException.class, () -> MetricsOption.parse(new String[] {"--metrics-port"})).getMessage());
    }

    private HttpResponse<String> get(final URI uri) throws IOException, InterruptedException
    {
        return client.send(HttpRequest.newBuilder(uri).timeout(Deadlines.standard()).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private static double sample(final String scrape, final String series)
    {
        final Matcher matcher = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE)
            .matcher(scrape);
        assertTrue(matcher.find(), "no sample " + series + " in " + scrape);
        return Double.parseDouble(matcher.group(1));
    }
}
