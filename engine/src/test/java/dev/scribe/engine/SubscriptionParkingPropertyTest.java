package dev.scribe.engine;

import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded schedules of a subscription whose handler refuses some events for good and others now and then, closed and
 * restarted at random points with random chunk sizes, partitions and retry attempts: at the end every event of the
 * journal was either taken by the handler or parked, never both, and none is parked twice. Seeds
 * ({@value #SEEDS_PROP_NAME}) can be set.
 */
class SubscriptionParkingPropertyTest
{
    static final String SEEDS_PROP_NAME = "scribe.test.subscription.parking.seeds";

    @TempDir
    Path dir;

    @Test
    void everyEventIsTakenOrParkedOnceAcrossRandomRestarts()
    {
        final int seeds = Integer.getInteger(SEEDS_PROP_NAME, 4);
        for (int seed = 0; seed < seeds; seed++)
        {
            run(seed, dir.resolve("seed-" + seed));
        }
    }

    private static String key(final JournalEvent event)
    {
        return event.position() + "/" + event.index();
    }

    private static boolean refused(final JournalEvent event)
    {
        return 0 == Math.floorMod(StateHasher.mix(event.position() * 31 + event.index()), 9);
    }

    private static void readJournal(final Engine engine, final Set<String> all, final Set<String> refusedKeys)
    {
        String cursor = null;
        EventPage page;
        do
        {
            page = engine.events().forward(cursor, 1000);
            for (final JournalEvent event : page.events())
            {
                all.add(key(event));
                if (refused(event))
                {
                    refusedKeys.add(key(event));
                }
            }
            cursor = page.cursor();
        }
        while (!page.end());
    }

    private void run(final long seed, final Path engineDir)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final Set<String> taken = ConcurrentHashMap.newKeySet();
        try (Engine engine = Engine.launch(Bank.context(engineDir)))
        {
            for (int a = 0; a < 4; a++)
            {
                engine.send(new Bank.Open("acc-" + a)).join();
            }
            for (int round = 0; round < 6; round++)
            {
                final int attempts = 1 + random.nextInt(3);
                final long flakySeed = random.nextLong();
                final Subscription definition = Subscription.named("ledger").chunkSize(1 + random.nextInt(12))
                    .retry(RetryPolicy.backoff(attempts, Duration.ZERO, Duration.ofMillis(1)))
                    .eachEvent(event ->
                    {
                        if (refused(event) ||
                            0 == Math.floorMod(StateHasher.mix(flakySeed ^ System.nanoTime()), 5))
                        {
                            throw new IllegalStateException("refused " + key(event));
                        }
                        taken.add(key(event)); // again after a restart, before the checkpoint: allowed
                    });
                if (random.nextBoolean())
                {
                    definition.partitions(1 + random.nextInt(3), JournalEvent::aggregateId);
                }
                final RunningSubscription subscription = engine.subscriptions().start(definition);
                long last = -1;
                for (int i = 0, n = random.nextInt(40); i < n; i++)
                {
                    last = engine.send(0 == i % 5 ? new Bank.Transfer("acc-0", "acc-1", 1) :
                        new Bank.Deposit("acc-" + random.nextInt(4), 1 + random.nextInt(9))).join().position();
                }
                if (random.nextBoolean() && last >= 0)
                {
                    final long until = last;
                    Deadlines.await(() -> subscription.position() >= until || !subscription.isRunning(),
                        "seed " + seed + " round " + round + ": the subscription to reach " + until);
                }
                subscription.close();
            }
            final RunningSubscription last = engine.subscriptions().start(Subscription.named("ledger")
                .retry(RetryPolicy.backoff(3, Duration.ZERO, Duration.ZERO))
                .eachEvent(event ->
                {
                    if (refused(event))
                    {
                        throw new IllegalStateException("refused " + key(event));
                    }
                    taken.add(key(event));
                }));
            final long end = engine.lastPosition();
            Deadlines.await(() -> last.position() >= end, "seed " + seed + ": the last run to reach " + end);
            final List<ParkedEvent> parked = last.parked();
            last.close();

            final Set<String> all = new TreeSet<>();
            final Set<String> refusedKeys = new TreeSet<>();
            readJournal(engine, all, refusedKeys);
            final Set<String> parkedKeys = new HashSet<>();
            for (final ParkedEvent event : parked)
            {
                assertTrue(parkedKeys.add(event.position() + "/" + event.index()), "seed " + seed +
                    ": parked twice: " + event);
            }
            final Set<String> takenOrParked = new TreeSet<>(taken);
            takenOrParked.addAll(parkedKeys);
            assertEquals(all, takenOrParked, "seed " + seed + ": every event taken or parked");
            for (final String key : parkedKeys)
            {
                assertTrue(!taken.contains(key) || !refusedKeys.contains(key), "seed " + seed + ": " + key +
                    " both taken and parked");
            }
            assertTrue(refusedKeys.stream().noneMatch(taken::contains), "seed " + seed + ": a refused event taken");
            assertTrue(parkedKeys.containsAll(refusedKeys), "seed " + seed + ": every refused event parked");
        }
    }
}
