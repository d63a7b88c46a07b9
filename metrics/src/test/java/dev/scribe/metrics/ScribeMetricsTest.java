package dev.scribe.metrics;

import dev.scribe.engine.Bank;
import dev.scribe.engine.Durability;
import dev.scribe.engine.Engine;
import dev.scribe.engine.Outcome;
import dev.scribe.engine.Projection;
import dev.scribe.engine.RunningSubscription;
import dev.scribe.engine.SendOptions;
import dev.scribe.engine.Subscription;
import dev.scribe.test.Deadlines;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The meters of a real engine in a temporary directory, read through a real {@link SimpleMeterRegistry} and a real
 * {@link PrometheusMeterRegistry}'s scrape.
 */
class ScribeMetricsTest
{
    @TempDir
    Path dir;

    @Test
    void countersLatenciesAndLagsOfAnEngine() throws InterruptedException
    {
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        final Balances balances = new Balances();
        try (Engine engine = Engine.launch(Bank.context(dir).projection(balances)))
        {
            ScribeMetrics.of(engine).tags(Tags.of("service", "bank")).bindTo(registry);
            send(engine, new Bank.Open("a"), Durability.JOURNALED, true);
            for (int i = 0; i < 5; i++)
            {
                send(engine, new Bank.Deposit("a", 10), Durability.APPLIED, true);
                send(engine, new Bank.Deposit("a", 10), Durability.SYNCED, true);
            }
            send(engine, new Bank.Withdraw("a", 1_000), Durability.JOURNALED, false);
            send(engine, new Bank.Deposit("nobody", 1), Durability.SYNCED, false);
            final long last = engine.lastPosition();

            assertEquals(11, registry.get("scribe.commands").tags("result", "accepted", "service", "bank")
                .functionCounter().count());
            assertEquals(2, registry.get("scribe.commands").tag("result", "rejected").functionCounter().count());
            assertEquals(11, registry.get("scribe.events").functionCounter().count());
            assertEquals(11, registry.get("scribe.journal.records").functionCounter().count());
            assertTrue(registry.get("scribe.journal.bytes").functionCounter().count() > 11 * 16);
            assertTrue(registry.get("scribe.batches").functionCounter().count() >= 13);
            assertEquals(last, registry.get("scribe.journal.position").gauge().value());
            assertEquals(engine.context().ringSize(), registry.get("scribe.ring.size").gauge().value());
            assertEquals(0, registry.get("scribe.errors").functionCounter().count());

            assertEquals(5, registry.get("scribe.command.latency").tag("durability", "applied").functionTimer()
                .count());
            assertEquals(5, registry.get("scribe.command.latency").tag("durability", "synced").functionTimer()
                .count());
            assertEquals(1, registry.get("scribe.command.latency").tag("durability", "journaled").functionTimer()
                .count(), "the rejected command is not counted");
            assertTrue(registry.get("scribe.command.latency").tag("durability", "synced").functionTimer()
                .totalTime(TimeUnit.NANOSECONDS) > 0);
            final double p50 = registry.get("scribe.command.latency.percentile")
                .tags("durability", "synced", "quantile", "0.5").timeGauge().value(TimeUnit.NANOSECONDS);
            final double p999 = registry.get("scribe.command.latency.percentile")
                .tags("durability", "synced", "quantile", "0.999").timeGauge().value(TimeUnit.NANOSECONDS);
            final double max = registry.get("scribe.command.latency.max").tag("durability", "synced").timeGauge()
                .value(TimeUnit.NANOSECONDS);
            assertTrue(p50 > 0 && p50 <= p999 && p999 <= max, p50 + " " + p999 + " " + max);
            assertEquals(0, registry.get("scribe.command.latency.percentile")
                .tags("durability", "replicated", "quantile", "0.99").timeGauge().value());

            engine.projections().query(balances, last, Deadlines.standard(), b -> b);
            assertEquals(0, registry.get("scribe.projection.lag").tag("projection", "Balances").gauge().value());
            assertEquals(last, registry.get("scribe.projection.position").tag("projection", "Balances").gauge()
                .value());

            engine.snapshot().join();
            assertEquals(1, registry.get("scribe.snapshots").functionCounter().count());
            assertEquals(1, registry.get("scribe.snapshot.pause").functionTimer().count());
            assertTrue(registry.get("scribe.snapshot.pause.max").timeGauge().value(TimeUnit.NANOSECONDS) > 0);

            // a subscription started after binding is found when the registry reads how many there are
            final CountDownLatch release = new CountDownLatch(1);
            final RunningSubscription held = engine.subscriptions().start(Subscription.named("held")
                .eachEvent(event -> awaitRelease(release)));
            assertTrue(registry.find("scribe.subscription.lag").gauges().isEmpty());
            assertEquals(1, registry.get("scribe.subscriptions").gauge().value());
            assertEquals(11, registry.get("scribe.subscription.lag").tag("subscription", "held").gauge().value(),
                "held at the first record, of 11");
            assertEquals(1, registry.get("scribe.subscription.running").tag("subscription", "held").gauge().value());
            release.countDown();
            assertTrue(held.awaitPosition(last, Deadlines.standard()));
            assertEquals(0, registry.get("scribe.subscription.lag").tag("subscription", "held").gauge().value());
            held.close();
            assertEquals(0, registry.get("scribe.subscriptions").gauge().value());
            assertTrue(registry.find("scribe.subscription.lag").gauges().isEmpty(), "removed once it is gone");
        }
        assertEquals(11, registry.get("scribe.commands").tag("result", "accepted").functionCounter().count(),
            "the last values after the close");
        assertEquals(0, registry.get("scribe.projection.lag").gauge().value());
    }

    @Test
    void thePrometheusScrapeHasTheMetersAndTheTotalsGoOnAfterARelaunch()
    {
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (Engine engine = Engine.launch(Bank.context(dir)))
        {
            ScribeMetrics.of(engine).bindTo(registry);
            send(engine, new Bank.Open("a"), Durability.JOURNALED, true);
            send(engine, new Bank.Deposit("a", 5), Durability.JOURNALED, true);
            send(engine, new Bank.Withdraw("a", 50), Durability.JOURNALED, false);
            final String scrape = registry.scrape();
            assertEquals(2.0, sample(scrape, "scribe_commands_total{result=\"accepted\"}"), scrape);
            assertEquals(1.0, sample(scrape, "scribe_commands_total{result=\"rejected\"}"), scrape);
            assertEquals(2.0, sample(scrape, "scribe_journal_records_total"), scrape);
            assertTrue(sample(scrape, "scribe_journal_bytes_total") > 0, scrape);
            assertEquals(2.0, sample(scrape, "scribe_command_latency_seconds_count{durability=\"journaled\"}"),
                scrape);
            assertTrue(sample(scrape, "scribe_command_latency_seconds_sum{durability=\"journaled\"}") > 0, scrape);
            assertTrue(sample(scrape,
                "scribe_command_latency_percentile_seconds{durability=\"journaled\",quantile=\"0.99\"}") > 0, scrape);
            assertEquals(engine.lastPosition(), sample(scrape, "scribe_journal_position"), scrape);
            assertTrue(scrape.contains("# TYPE scribe_commands_total counter"), scrape);
            assertTrue(scrape.contains("# HELP scribe_commands_total Commands the business logic decided, by result"),
                scrape);
        }
        final PrometheusMeterRegistry again = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (Engine engine = Engine.launch(Bank.context(dir)))
        {
            ScribeMetrics.of(engine).bindTo(again);
            send(engine, new Bank.Deposit("a", 5), Durability.JOURNALED, true);
            final String scrape = again.scrape();
            assertEquals(3.0, sample(scrape, "scribe_commands_total{result=\"accepted\"}"), "a total: " + scrape);
            assertEquals(1.0, sample(scrape, "scribe_command_latency_seconds_count{durability=\"journaled\"}"),
                "latencies are of this run: " + scrape);
        }
    }

    @Test
    void percentilesCoverAboutTheLastMinute()
    {
        final MockClock clock = new MockClock();
        final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
        try (Engine engine = Engine.launch(Bank.context(dir)))
        {
            ScribeMetrics.of(engine).bindTo(registry);
            send(engine, new Bank.Open("a"), Durability.APPLIED, true);
            final var p99 = registry.get("scribe.command.latency.percentile")
                .tags("durability", "applied", "quantile", "0.99").timeGauge();
            assertTrue(p99.value() > 0, "the first minute: everything since launch");
            for (int seconds = 0; seconds < 75; seconds += 15)
            {
                clock.add(15, TimeUnit.SECONDS);
                p99.value();
            }
            assertEquals(0, p99.value(), "a minute without commands");
            send(engine, new Bank.Deposit("a", 1), Durability.APPLIED, true);
            assertEquals(0, p99.value(), "a window computed less than a second ago serves");
            clock.add(1, TimeUnit.SECONDS);
            assertTrue(p99.value() > 0, "the new command is in the window");
            assertEquals(2, registry.get("scribe.command.latency").tag("durability", "applied").functionTimer()
                .count(), "the timer counts since launch");
        }
    }

    private static void send(final Engine engine, final Object command, final Durability durability,
        final boolean accepted)
    {
        final Outcome outcome = engine.send(command, SendOptions.defaults().durability(durability)).join();
        assertEquals(accepted, outcome.accepted(), outcome.toString());
    }

    private static double sample(final String scrape, final String series)
    {
        final Matcher matcher = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE)
            .matcher(scrape);
        assertTrue(matcher.find(), "no sample " + series);
        final double value = Double.parseDouble(matcher.group(1));
        assertFalse(matcher.find(), "two samples " + series);
        return value;
    }

    private static void awaitRelease(final CountDownLatch release)
    {
        try
        {
            if (!release.await(Deadlines.standard().toNanos(), TimeUnit.NANOSECONDS))
            {
                throw new IllegalStateException("not released within " + Deadlines.describe(Deadlines.standard()));
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** A projection with a name of its own. */
    static final class Balances implements Projection
    {
        @Override
        public void onEvent(final long position, final String aggregateId, final long version, final Object event)
        {
        }
    }
}
