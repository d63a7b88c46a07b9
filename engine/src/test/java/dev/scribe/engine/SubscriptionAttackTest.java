package dev.scribe.engine;

import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Subscriptions under attack: truncated journals under a dead-letter store, routing functions that throw errors,
 * junk planted in the store, handlers that wait on their own subscription.
 */
class SubscriptionAttackTest
{
    @TempDir
    Path dir;

    private Engine engine;

    @AfterEach
    void close()
    {
        if (null != engine)
        {
            engine.close();
        }
    }

    private Engine launch()
    {
        engine = Engine.launch(Bank.context(dir));
        return engine;
    }

    private long send(final Object command)
    {
        final Outcome outcome = engine.send(command).join();
        assertTrue(outcome.accepted(), () -> command + ": " + outcome);
        return outcome.position();
    }

    private static void awaitPosition(final RunningSubscription subscription, final long position)
    {
        Deadlines.await(() -> subscription.position() >= position || !subscription.isRunning(),
            () -> "subscription " + subscription.name() + " to reach position " + position + " (at " +
                subscription.position() + ")", Deadlines.standard());
        if (null != subscription.failure())
        {
            throw new AssertionError("the subscription failed", subscription.failure());
        }
        assertTrue(subscription.position() >= position, "stopped before reaching " + position);
    }

    @Test
    void fromNowOnAnEmptyJournalKeepsItsPlaceAcrossARestart()
    {
        launch();
        final List<JournalEvent> seen = new CopyOnWriteArrayList<>();
        RunningSubscription tail = engine.subscriptions().start(Subscription.named("tail").fromNow()
            .eachEvent(seen::add));
        tail.close();
        send(new Bank.Open("acc-1")); // journaled after the subscription's first start
        tail = engine.subscriptions().start(Subscription.named("tail").fromNow().eachEvent(seen::add));
        final long last = send(new Bank.Deposit("acc-1", 5));
        awaitPosition(tail, last);
        assertEquals(2, seen.size(), "events after the first start: " + seen);
    }
}
