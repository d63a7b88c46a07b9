package dev.scribe.engine;

import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link EngineMetrics} of a real engine: counters, latencies by durability, the lag of projections and
 * subscriptions, and the last values after the close.
 */
class EngineMetricsTest
{
    @TempDir
    Path dir;

    @Test
    void countsOutcomesAndLatenciesByDurability()
    {
        final EngineMetrics metrics;
        try (Engine engine = Engine.launch(Bank.context(dir)))
        {
            metrics = EngineMetrics.of(engine);
            assertTrue(engine.send(new Bank.Open("a")).join().accepted());
            for (final Durability durability : new Durability[] {Durability.APPLIED, Durability.SYNCED})
            {
                for (int i = 0; i < 3; i++)
                {
                    assertTrue(engine.send(new Bank.Deposit("a", 1), SendOptions.defaults().durability(durability))
                        .join().accepted());
                }
            }
            assertFalse(engine.send(new Bank.Withdraw("a", 1_000)).join().accepted());
            assertFalse(engine.send(new Bank.Deposit("nobody", 1)).join().accepted());

            assertEquals(9, metrics.commandsProcessed());
            assertEquals(7, metrics.commandsAccepted());
            assertEquals(2, metrics.commandsRejected());
            assertEquals(7, metrics.events());
            assertEquals(7, metrics.journalRecords());
            assertTrue(metrics.journalBytes() > 7 * 16, Long.toString(metrics.journalBytes()));
            assertTrue(metrics.batches() >= 9, Long.toString(metrics.batches()));
            assertEquals(engine.lastPosition(), metrics.journalPosition());
            assertEquals(engine.context().ringSize(), metrics.ringSize());
            assertEquals(metrics.ringSize() - 1, metrics.ringRemainingCapacity(), "idle, but for the last slot");
            assertTrue(metrics.maxCommandProcessingNanos() > 0);
            assertEquals(0, metrics.errors());
            assertEquals(0, metrics.heldForReplication());

            assertEquals(3, metrics.latency(Durability.APPLIED).count());
            assertEquals(1, metrics.latency(Durability.JOURNALED).count(), "the rejected are not counted");
            assertEquals(3, metrics.latency(Durability.SYNCED).count());
            assertEquals(0, metrics.latency(Durability.REPLICATED).count());
            final LatencyHistogram synced = metrics.latency(Durability.SYNCED);
            assertTrue(synced.totalNanos() >= synced.maxNanos() && synced.maxNanos() > 0);
            assertTrue(synced.snapshot().valueAtPercentile(50) > 0);

            engine.snapshot().join();
            assertEquals(1, metrics.snapshotsWritten());
            assertTrue(metrics.snapshotPauseTotalNanos() > 0);
            assertEquals(metrics.snapshotPauseTotalNanos(), metrics.maxSnapshotPauseNanos(), "one pause");
        }
        assertTrue(metrics.closed());
        assertEquals(7, metrics.commandsAccepted(), "the last values stay readable after the close");
        assertEquals(2, metrics.commandsRejected());
        assertEquals(0, metrics.recordsBehind(-1));
        assertTrue(metrics.subscriptions().isEmpty());
    }

    @Test
    void aProjectionHeldUpIsBehindByTheRecordsItHasNotApplied() throws InterruptedException
    {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final Projection slow = (position, id, version, event) ->
        {
            if (event instanceof Bank.Deposited deposited && deposited.amount() == 7)
            {
                entered.countDown();
                await(release);
            }
        };
        final Named named = new Named();
        try (Engine engine = Engine.launch(Bank.context(dir).projection(slow).projection(named)))
        {
            final EngineMetrics metrics = EngineMetrics.of(engine);
            assertEquals(List.of("projection-1", "Named"), metrics.projectionNames());
            assertThrows(IllegalArgumentException.class, () -> metrics.projectionLag("nobody"));
            final long opened = engine.send(new Bank.Open("a")).join().position();
            engine.projections().query(slow, opened, Deadlines.standard(), p -> p);
            assertEquals(0, metrics.projectionLag("projection-1"));

            final List<CompletableFuture<Outcome>> sent = new ArrayList<>();
            sent.add(engine.send(new Bank.Deposit("a", 7)));
            assertTrue(entered.await(Deadlines.standard().toNanos(), TimeUnit.NANOSECONDS),
                "the projection did not take the deposit of 7 within " + Deadlines.describe(Deadlines.standard()));
            for (int i = 0; i < 9; i++)
            {
                sent.add(engine.send(new Bank.Deposit("a", 1)));
            }
            final long last = sent.get(sent.size() - 1).join().position();
            assertEquals(last, metrics.journalPosition());
            assertEquals(10, metrics.projectionLag("projection-1"), "held up at the deposit of 7");
            assertEquals(opened, metrics.projectionPosition("projection-1"));
            release.countDown();
            engine.projections().query(slow, last, Deadlines.standard(), p -> p);
            assertEquals(0, metrics.projectionLag("projection-1"));
            engine.projections().query(named, last, Deadlines.standard(), p -> p);
            assertEquals(0, metrics.projectionLag("Named"));
        }
    }

    @Test
    void aSubscriptionHeldUpIsBehindByTheRecordsItHasNotHandled() throws InterruptedException
    {
        final CountDownLatch release = new CountDownLatch(1);
        try (Engine engine = Engine.launch(Bank.context(dir)))
        {
            final EngineMetrics metrics = EngineMetrics.of(engine);
            final long opened = engine.send(new Bank.Open("a")).join().position();
            final RunningSubscription subscription = engine.subscriptions().start(Subscription.named("held")
                .eachEvent(event ->
                {
                    if (event.event() instanceof Bank.Deposited)
                    {
                        await(release);
                    }
                }));
            assertTrue(subscription.awaitPosition(opened, Deadlines.standard()));
            long last = -1;
            for (int i = 0; i < 5; i++)
            {
                last = engine.send(new Bank.Deposit("a", 1)).join().position();
            }
            assertEquals(List.of("held"), List.copyOf(metrics.subscriptions().keySet()));
            assertEquals(5, metrics.recordsBehind(metrics.subscriptions().get("held").position()));
            release.countDown();
            assertTrue(subscription.awaitPosition(last, Deadlines.standard()));
            assertEquals(0, metrics.recordsBehind(metrics.subscriptions().get("held").position()));
        }
    }

    private static void await(final CountDownLatch latch)
    {
        try
        {
            if (!latch.await(Deadlines.standard().toNanos(), TimeUnit.NANOSECONDS))
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
    static final class Named implements Projection
    {
        @Override
        public void onEvent(final long position, final String aggregateId, final long version, final Object event)
        {
        }
    }
}
