package dev.scribe.examples.bank;

import dev.scribe.examples.MetricsEndpoint;
import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo's core on a small run: the state survives the restart, its meters are served, and the report notices
 * when it does not.
 */
class BankDemoTest
{
    @TempDir
    Path dir;

    @Test
    void smallRunRebuildsTheSameStateFromTheJournal() throws Exception
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final BankDemo.Report report;
        final String scrape;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
            MetricsEndpoint metrics = MetricsEndpoint.start(0))
        {
            report = BankDemo.run(dir, 20_000, 4, null, metrics, out);
            scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(metrics.uri())
                .timeout(Deadlines.standard()).build(), HttpResponse.BodyHandlers.ofString()).body();
        }

        assertEquals(List.of(), report.problems());
        assertEquals(report.hashBefore(), report.hashAfter());
        assertEquals(BankDemo.ACCOUNTS + report.load().accepted(), report.replayedRecords());
        assertEquals(report.load().deposited() - report.load().withdrawn(), report.after().totalMoney());
        assertEquals(3, report.after().top().size());
        final String printed = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("Metrics: http://127.0.0.1:"), printed);
        assertTrue(printed.contains("  accepted " + String.format(Locale.ROOT, "%,d",
            report.load().accepted())), printed);
        assertTrue(printed.contains("Relaunched in"), printed);
        assertTrue(printed.contains("loaded the snapshot at position"), printed);
        assertTrue(printed.contains("Read side: statements mailed for"), printed);
        assertTrue(printed.contains("live 'largest balances' query"), printed);
        assertTrue(printed.contains("Kafka export: off; 'bin/demo bank --kafka HOST:PORT'"), printed);
        assertEquals(3, printed.split(String.format("State hash: %016x", report.hashBefore()), -1).length - 1,
            printed);
        // the load's engine, closed: its last counts, the accounts opened and the commands accepted
        final double accepted = BankDemo.ACCOUNTS + report.load().accepted();
        assertEquals(accepted, sample(scrape, "scribe_commands_total{result=\"accepted\"}"), scrape);
        assertEquals(accepted, sample(scrape, "scribe_command_latency_seconds_count{durability=\"journaled\"}"),
            scrape);
    }

    private static double sample(final String scrape, final String series)
    {
        final Matcher matcher = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE)
            .matcher(scrape);
        assertTrue(matcher.find(), "no sample " + series + " in " + scrape);
        return Double.parseDouble(matcher.group(1));
    }

    @Test
    void optionsTakeTheCountsAndAKafkaBrokerAnywhere()
    {
        assertEquals(new BankDemo.Options(BankDemo.COMMANDS_DEFAULT, BankDemo.PRODUCERS_DEFAULT, null,
            BankKafkaExport.TOPIC_DEFAULT, 0), BankDemo.options(new String[0]));
        assertEquals(new BankDemo.Options(1000, 2, "localhost:9092", BankKafkaExport.TOPIC_DEFAULT, 9464),
            BankDemo.options(new String[] {"1000", "--kafka", "localhost:9092", "--metrics-port", "9464", "2"}));
        assertEquals(new BankDemo.Options(BankDemo.COMMANDS_DEFAULT, BankDemo.PRODUCERS_DEFAULT, "k1:9092,k2:9092",
            "audit", 0), BankDemo.options(new String[] {"--kafka-topic", "audit", "--kafka", "k1:9092,k2:9092"}));

        final IllegalArgumentException noValue = assertThrows(IllegalArgumentException.class,
            () -> BankDemo.options(new String[] {"1000", "--kafka"}));
        assertTrue(noValue.getMessage().startsWith("--kafka needs a value; usage: bin/demo"), noValue::getMessage);
        final IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
            () -> BankDemo.options(new String[] {"--kafka-servers", "localhost:9092"}));
        assertTrue(unknown.getMessage().startsWith("unknown option '--kafka-servers'"), unknown::getMessage);
        assertThrows(IllegalArgumentException.class, () -> BankDemo.options(new String[] {"1", "2", "3"}));
        assertThrows(IllegalArgumentException.class, () -> BankDemo.options(new String[] {"0"}));
        final IllegalArgumentException port = assertThrows(IllegalArgumentException.class,
            () -> BankDemo.options(new String[] {"--metrics-port", "-9464"}));
        assertTrue(port.getMessage().startsWith("--metrics-port must be a port number"), port::getMessage);
    }

    @Test
    void reportNamesADifferentHash()
    {
        final BankLoad.Result load = new BankLoad.Result(10, 10, 0, 0, 100, 40, 9, 1);
        final BalancesView.Summary summary = new BalancesView.Summary(1, 60, List.of());
        final BankDemo.Report report = new BankDemo.Report(1, load, summary, 1, 0, 11, summary, 2, 1, List.of());
        assertEquals(List.of("the state hash after replay, 0000000000000002, differs from the hash before the " +
            "restart, 0000000000000001"), report.problems());
        assertNotEquals(List.of(),
            new BankDemo.Report(1, load, summary, 1, 0, 12, summary, 1, 1, List.of()).problems());
        assertNotEquals(List.of(),
            new BankDemo.Report(1, load, summary, 1, 0, 11, summary, 1, 3, List.of()).problems());
        assertEquals(List.of("statements do not add up"),
            new BankDemo.Report(1, load, summary, 1, 0, 11, summary, 1, 1, List.of("statements do not add up"))
                .problems());
    }
}
