package dev.scribe.engine;

import dev.scribe.test.Deadlines;
import dev.scribe.test.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How subscriptions stop: closing the engine under a handler that does not return, and a subscription that stopped
 * at a failure.
 */
class SubscriptionStopTest
{
    private static final Duration STOP_TIMEOUT = Duration.ofMillis(200);

    @TempDir
    Path dir;

    private Engine engine;
    private final CountDownLatch release = new CountDownLatch(1);
    /** The engine's log, as an operator sees it. */
    private LogCapture log;

    @BeforeEach
    void captureWarnings()
    {
        log = LogCapture.start();
    }

    /** The engine's warnings so far. */
    private List<String> warnings()
    {
        return log.records("dev.scribe.engine").stream().filter(entry -> entry.level().equals("WARN"))
            .map(LogCapture.Entry::message).toList();
    }

    @AfterEach
    void close()
    {
        log.close();
        release.countDown();
        if (null != engine)
        {
            engine.close();
        }
    }

    private Engine launch()
    {
        engine = Engine.launch(Bank.context(dir).handlerStopTimeout(STOP_TIMEOUT));
        return engine;
    }

    private long send(final Object command)
    {
        final Outcome outcome = engine.send(command).join();
        assertTrue(outcome.accepted(), () -> command + ": " + outcome);
        return outcome.position();
    }

    /**
     * Waits for the latch, whatever interrupts it, keeping the interrupt: user code that does not return when asked
     * to (the other read-side tests use it too).
     */
    static void awaitIgnoringInterrupts(final CountDownLatch latch)
    {
        boolean interrupted = false;
        while (latch.getCount() > 0)
        {
            try
            {
                latch.await();
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes the engine on another thread and waits, with a deadline, for the close to finish. */
    private void closeEngineWithin(final String what)
    {
        final Engine closing = engine;
        final Thread closer = new Thread(closing::close, "closer");
        closer.start();
        Deadlines.await(() -> !closer.isAlive(), "the engine to close although " + what);
    }

    @Test
    void closingTheEngineGoesOnWithoutAHandlerThatIgnoresInterruptsAndItsCheckpointStaysBeforeItsChunk()
    {
        launch();
        final long first = send(new Bank.Open("acc-0"));
        final long stuck = send(new Bank.Deposit("acc-0", 5));
        final CountDownLatch entered = new CountDownLatch(1);
        final RunningSubscription subscription = engine.subscriptions().start(Subscription.named("stuck")
            .chunkSize(1).eachEvent(event ->
            {
                if (event.position() == stuck)
                {
                    entered.countDown();
                    awaitIgnoringInterrupts(release);
                }
            }));
        Deadlines.await(() -> 0 == entered.getCount(), "the handler to block");
        assertEquals(first, subscription.position());

        closeEngineWithin("a handler does not return");
        assertEquals(first, subscription.position(), "the checkpoint stays before the chunk in hand");
        assertTrue(subscription.isRunning(), "its thread is still in the handler");
        assertTrue(warnings().stream().anyMatch(w -> w.contains("subscription stuck") &&
            w.contains("thread scribe-sub-stuck") && w.contains("has not returned")), () -> warnings().toString());

        release.countDown();
        Deadlines.await(() -> !subscription.isRunning(), "the reader to end once its handler returned");
        assertEquals(null, subscription.failure());
        assertEquals(stuck, subscription.position(), "the chunk was handled wholly, after all");

        final List<JournalEvent> again = new CopyOnWriteArrayList<>();
        launch();
        final long next = send(new Bank.Deposit("acc-0", 6));
        final RunningSubscription resumed = engine.subscriptions().start(Subscription.named("stuck")
            .eachEvent(again::add));
        Deadlines.await(() -> resumed.position() >= next, "the subscription to resume");
        assertEquals(1, again.size(), again::toString);
        assertEquals(next, again.get(0).position());
    }

    @Test
    void closingTheEngineInterruptsAHandlerAndTheInterruptedChunkIsHandedOverAgainAfterARestart()
    {
        launch();
        final long first = send(new Bank.Open("acc-0"));
        final long stuck = send(new Bank.Deposit("acc-0", 5));
        final CountDownLatch entered = new CountDownLatch(1);
        final RunningSubscription subscription = engine.subscriptions().start(Subscription.named("waiting")
            .chunkSize(1).eachEvent(event ->
            {
                if (event.position() == stuck)
                {
                    entered.countDown();
                    try
                    {
                        release.await();
                    }
                    catch (final InterruptedException ex)
                    {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted", ex);
                    }
                }
            }));
        Deadlines.await(() -> 0 == entered.getCount(), "the handler to block");
        closeEngineWithin("a handler waits");
        Deadlines.await(() -> !subscription.isRunning(), "the reader to end once its handler was interrupted");
        assertTrue(warnings().isEmpty(), () -> warnings().toString());
        assertEquals(null, subscription.failure());
        assertEquals(first, subscription.position(), "the interrupted chunk is not committed");
        assertTrue(subscription.parked().isEmpty(), "nor parked");

        final List<JournalEvent> again = new CopyOnWriteArrayList<>();
        launch();
        final RunningSubscription resumed = engine.subscriptions().start(Subscription.named("waiting")
            .eachEvent(again::add));
        Deadlines.await(() -> resumed.position() >= stuck, "the subscription to resume");
        assertEquals(stuck, again.get(0).position(), "handed over again");
    }

    @Test
    void closingTheEngineGoesOnWithoutAPartitionWhoseHandlerDoesNotReturn()
    {
        launch();
        send(new Bank.Open("acc-0"));
        send(new Bank.Open("acc-1"));
        final long stuck = send(new Bank.Deposit("acc-0", 5));
        final CountDownLatch entered = new CountDownLatch(1);
        final RunningSubscription subscription = engine.subscriptions().start(Subscription.named("parted")
            .chunkSize(1).partitions(2, JournalEvent::aggregateId).eachEvent(event ->
            {
                if (event.position() == stuck)
                {
                    entered.countDown();
                    awaitIgnoringInterrupts(release);
                }
            }));
        Deadlines.await(() -> 0 == entered.getCount(), "the handler to block");
        final long before = subscription.position();
        assertTrue(before < stuck);

        closeEngineWithin("a partition's handler does not return");
        assertTrue(subscription.position() < stuck, "the checkpoint stays before the chunk in hand");
        assertTrue(warnings().stream().anyMatch(w -> w.contains("subscription parted") &&
            w.contains("thread scribe-sub-parted-")), () -> warnings().toString());
        release.countDown();
        Deadlines.await(() -> !subscription.isRunning(), "the subscription to end once its handler returned");
        assertEquals(null, subscription.failure());
    }

    @Test
    void aSubscriptionThatStoppedAtAFailureIsNotListedAndStartsAgainFromItsCheckpoint()
    {
        launch();
        final AtomicBoolean broken = new AtomicBoolean(true);
        final List<JournalEvent> seen = new CopyOnWriteArrayList<>();
        final Subscription definition = Subscription.named("strict").stopWhenExhausted()
            .eachEvent(event ->
            {
                if (event.event() instanceof Bank.Withdrawn && broken.get())
                {
                    throw new IllegalStateException("cannot book withdrawals");
                }
                seen.add(event);
            });
        final RunningSubscription other = engine.subscriptions().start(Subscription.named("other")
            .eachEvent(event -> { }));
        final RunningSubscription failed = engine.subscriptions().start(definition);
        send(new Bank.Open("acc-0"));
        send(new Bank.Deposit("acc-0", 10));
        final long withdrawal = send(new Bank.Withdraw("acc-0", 3));
        Deadlines.await(() -> !failed.isRunning(), "the strict subscription to stop");
        assertTrue(failed.failure().getMessage().contains("cannot book withdrawals"), failed.failure()::toString);

        assertEquals(List.of("other"), engine.subscriptions().names(), "only running subscriptions are listed");
        final IllegalArgumentException gone = assertThrows(IllegalArgumentException.class,
            () -> engine.subscriptions().get("strict"));
        assertTrue(gone.getMessage().contains("stopped at a failure"), gone.getMessage());
        assertTrue(gone.getMessage().contains("cannot book withdrawals"), gone.getMessage());
        assertSame(failed.failure(), gone.getCause());
        assertSame(other, engine.subscriptions().get("other"));

        broken.set(false);
        final RunningSubscription again = engine.subscriptions().start(definition);
        assertSame(again, engine.subscriptions().get("strict"));
        assertEquals(List.of("other", "strict"), engine.subscriptions().names());
        Deadlines.await(() -> again.position() >= withdrawal, "the subscription to resume");
        assertTrue(seen.stream().anyMatch(e -> e.position() == withdrawal), seen::toString);
        again.close();
        assertTrue(engine.subscriptions().names().contains("other"));
        assertFalse(engine.subscriptions().names().contains("strict"), "a closed subscription is not listed");
        final IllegalArgumentException closed = assertThrows(IllegalArgumentException.class,
            () -> engine.subscriptions().get("strict"));
        assertTrue(closed.getMessage().contains("no subscription named \"strict\" runs"), closed.getMessage());
    }

    @Test
    void aSubscriptionClosedWhileItsHandlerDoesNotReturnStartsAgainOnceThatHandlerReturned()
    {
        launch();
        final long stuck = send(new Bank.Open("acc-0"));
        final CountDownLatch entered = new CountDownLatch(1);
        final RunningSubscription first = engine.subscriptions().start(Subscription.named("slow")
            .eachEvent(event ->
            {
                entered.countDown();
                awaitIgnoringInterrupts(release);
            }));
        Deadlines.await(() -> 0 == entered.getCount(), "the handler to block");
        first.close();
        assertTrue(first.isRunning(), "its thread is still in the handler");
        assertTrue(engine.subscriptions().names().isEmpty(), "a closed subscription is not listed");
        final IllegalArgumentException stopping = assertThrows(IllegalArgumentException.class,
            () -> engine.subscriptions().start(Subscription.named("slow").eachEvent(event -> { })));
        assertTrue(stopping.getMessage().contains("is still stopping"), stopping.getMessage());

        release.countDown();
        Deadlines.await(() -> !first.isRunning(), "the first run to end once its handler returned");
        final List<JournalEvent> again = new CopyOnWriteArrayList<>();
        final RunningSubscription second = engine.subscriptions().start(Subscription.named("slow")
            .eachEvent(again::add));
        final long next = send(new Bank.Deposit("acc-0", 1));
        Deadlines.await(() -> second.position() >= next, "the second run to catch up");
        assertEquals(List.of(next), again.stream().map(JournalEvent::position).toList(),
            "the event in hand when it closed was handled wholly, so the second run resumes after it");
        assertTrue(stuck < next);
    }

    @Test
    void closingTheEngineGoesOnWithoutAHandlerThatDoesNotReturnFromTheRetryOfAParkedEvent()
    {
        launch();
        final AtomicBoolean retrying = new AtomicBoolean();
        final CountDownLatch entered = new CountDownLatch(1);
        final RunningSubscription subscription = engine.subscriptions().start(Subscription.named("retried")
            .eachEvent(event ->
            {
                if (event.event() instanceof Bank.Deposited)
                {
                    if (!retrying.get())
                    {
                        throw new IllegalStateException("not now");
                    }
                    entered.countDown();
                    awaitIgnoringInterrupts(release);
                }
            }));
        send(new Bank.Open("acc-0"));
        final long parked = send(new Bank.Deposit("acc-0", 5));
        final long last = send(new Bank.Open("acc-1"));
        Deadlines.await(() -> subscription.position() >= last, "the subscription to park the deposit and go on");
        assertEquals(parked, subscription.parked().get(0).position());

        retrying.set(true);
        subscription.retry(subscription.parked().get(0));
        Deadlines.await(() -> 0 == entered.getCount(), "the retry's handler to block");
        closeEngineWithin("the handler of a retry does not return");
        release.countDown();
        Deadlines.await(() -> !subscription.isRunning(), "the reader to end once the handler returned");
        assertEquals(null, subscription.failure(), "its end is no failure");
        assertEquals(last, subscription.position());
    }
}
