package dev.scribe.engine;

import dev.scribe.test.ChildJvm;
import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An engine whose subscription mirrors every event into a file is killed with SIGKILL at random moments while it
 * takes commands and the subscription follows. After the last round the subscription catches up in this process;
 * the mirror then holds every event of the journal exactly once, in journal order: the checkpoint never ran ahead
 * of what the handler had done, and an idempotent handler sees no duplicate. Rounds
 * ({@value #ROUNDS_PROP_NAME}) and seed ({@value #SEED_PROP_NAME}) can be set.
 */
class SubscriptionKillTest
{
    static final String ROUNDS_PROP_NAME = "scribe.test.subscription.kill.rounds";
    static final String SEED_PROP_NAME = "scribe.test.subscription.kill.seed";

    @TempDir
    Path dir;

    @Test
    void aSubscriptionKilledAnywhereResumesWithoutLosingOrRepeatingAnEvent() throws Exception
    {
        final int rounds = Integer.getInteger(ROUNDS_PROP_NAME, 4);
        final long seed = Long.getLong(SEED_PROP_NAME, 0x5B5C_0001L);
        final SplittableRandom random = new SplittableRandom(seed);
        final Path engineDir = dir.resolve("engine");
        final Path mirror = dir.resolve("mirror.txt");
        for (int round = 0; round < rounds; round++)
        {
            final int chunk = 1 + random.nextInt(40);
            final int sentLines = 1 + random.nextInt(30);
            final long extraDelayNs = random.nextLong(5_000_000);
            try (ChildJvm child = ChildJvm.start(SubscriptionChild.class, dir.resolve("child-" + round + ".err"),
                engineDir.toString(), mirror.toString(), Integer.toString(chunk)))
            {
                child.awaitLine("READY"::equals, Deadlines.standard());
                for (int i = 0; i < sentLines; i++)
                {
                    child.awaitLine(line -> line.startsWith("SENT "), Deadlines.standard());
                }
                LockSupport.parkNanos(extraDelayNs); // a random moment, not a synchronisation
                child.kill(Deadlines.standard());
            }
        }
        final List<String> journal = new ArrayList<>();
        try (Engine engine = Engine.launch(Bank.context(engineDir)))
        {
            final SubscriptionChild.Mirror last = new SubscriptionChild.Mirror(mirror);
            final RunningSubscription subscription = engine.subscriptions().start(Subscription.named("mirror")
                .handler(last::write));
            final RunningSubscription reference = engine.subscriptions().start(Subscription.named("reference")
                .eachEvent(event -> journal.add(event.position() + "/" + event.index())));
            final long end = engine.lastPosition();
            Deadlines.await(() -> subscription.position() >= end && reference.position() >= end,
                "both subscriptions to reach " + end);
            subscription.close();
            reference.close();
        }
        final List<String> mirrored = List.of(Files.readString(mirror, StandardCharsets.US_ASCII).split("\n"));
        assertTrue(journal.size() > rounds * 8, "the rounds journaled events: " + journal.size());
        assertEquals(journal.size(), mirrored.size(), "seed " + seed + ": each event once");
        assertEquals(journal, mirrored, "seed " + seed + ": in journal order, none lost");
    }
}
