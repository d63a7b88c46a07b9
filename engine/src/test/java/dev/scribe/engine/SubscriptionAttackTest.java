package dev.scribe.engine;

import dev.scribe.journal.Journal;
import dev.scribe.journal.JournalContext;
import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

    @Test
    void retryOfAParkedEventWhoseRoutingThrowsAnErrorCompletesAndTheSubscriptionRunsOn() throws Exception
    {
        launch();
        final RunningSubscription routed = engine.subscriptions().start(Subscription.named("routed")
            .partitions(2, event ->
            {
                if ("bad".equals(event.aggregateId()))
                {
                    throw new AssertionError("no key for " + event.aggregateId());
                }
                return event.aggregateId();
            })
            .eachEvent(event -> { }));
        send(new Bank.Open("bad"));
        final long last = send(new Bank.Open("good"));
        awaitPosition(routed, last);
        final List<ParkedEvent> parked = routed.parked();
        assertEquals(1, parked.size(), parked.toString());

        final CompletableFuture<Boolean> retried = routed.retry(parked.get(0));
        Deadlines.await(retried::isDone, "the retry's future to complete");
        final ExecutionException failed = assertThrows(ExecutionException.class, retried::get);
        assertTrue(failed.getCause().getMessage().contains("routing function"), failed.getCause().getMessage());
        assertNull(routed.failure(), () -> "the subscription stopped at " + routed.failure());
        assertTrue(routed.isRunning());
        awaitPosition(routed, send(new Bank.Deposit("good", 5)));
        assertEquals(1, routed.parked().size(), "the event stays parked");
    }

    @Test
    void aPlantedDirectoryInTheParkedStoreDoesNotStopTheSubscription() throws Exception
    {
        launch();
        final long last = send(new Bank.Open("acc-1"));
        RunningSubscription subscription = engine.subscriptions().start(Subscription.named("s").eachEvent(e -> { }));
        awaitPosition(subscription, last);
        subscription.close();
        final Path store = dir.resolve("subscriptions/s/parked");
        Files.createDirectories(store.resolve("00000000000000000000-00000.done").resolve("junk"));
        Files.createDirectories(store.resolve("00000000000000000009-00000.parked"));
        Files.createSymbolicLink(store.resolve("00000000000000000010-00000.parked"), dir.resolve("journal"));
        subscription = engine.subscriptions().start(Subscription.named("s").eachEvent(e -> { }));
        final long next = send(new Bank.Deposit("acc-1", 1));
        awaitPosition(subscription, next);
        assertEquals(List.of(), subscription.parked(), "nothing but junk in the store");
    }

    @Test
    void afterATruncationAndADeletedCheckpointNoNewEventIsSkippedForAStaleParkedOne() throws Exception
    {
        final List<Long> positions = new ArrayList<>();
        launch();
        send(new Bank.Open("acc-1"));
        for (int amount = 1; amount <= 4; amount++)
        {
            positions.add(send(new Bank.Deposit("acc-1", amount)));
        }
        final RunningSubscription mail = engine.subscriptions().start(Subscription.named("mail").eachEvent(event ->
        {
            if (event.event() instanceof Bank.Deposited deposited && 3 == deposited.amount())
            {
                throw new IllegalStateException("mail server down");
            }
        }));
        awaitPosition(mail, positions.get(3));
        assertEquals(1, mail.parked().size());
        final ParkedEvent stale = mail.parked().get(0);
        final long parkedAt = stale.position();
        engine.close();
        engine = null;

        Journal.truncate(new JournalContext().directory(dir.resolve("journal")), positions.get(0), null);
        launch();
        final List<Long> reused = new ArrayList<>();
        for (int amount = 100; amount <= 400; amount += 100)
        {
            reused.add(send(new Bank.Deposit("acc-1", amount)));
        }
        assertTrue(reused.contains(parkedAt), "the parked event's position holds another record now");

        final EngineException refused = assertThrows(EngineException.class,
            () -> engine.subscriptions().start(Subscription.named("mail").eachEvent(event -> { })));
        assertTrue(refused.getMessage().contains("delete the checkpoint file"), refused.getMessage());
        Files.delete(dir.resolve("subscriptions").resolve("mail").resolve("checkpoint"));
        final List<JournalEvent> seen = new CopyOnWriteArrayList<>();
        final RunningSubscription again = engine.subscriptions().start(Subscription.named("mail")
            .eachEvent(seen::add));
        awaitPosition(again, reused.get(3));
        final List<Object> events = new ArrayList<>();
        seen.forEach(e -> events.add(e.event()));
        assertEquals(List.of(new Bank.Opened("acc-1"), new Bank.Deposited(100), new Bank.Deposited(200),
            new Bank.Deposited(300), new Bank.Deposited(400)), events, "every event of the journal as it is now");

        assertEquals(List.of(), again.parked(), "the stale parked event is no longer listed");
        final ExecutionException retried = assertThrows(ExecutionException.class,
            () -> again.retry(stale).get(Deadlines.standard().toMillis(), TimeUnit.MILLISECONDS));
        assertTrue(retried.getCause().getMessage().contains("another record"), retried.getCause().getMessage());
        assertEquals(4, seen.size() - 1, "the retry handed nothing over");
    }

    @Test
    void aDoneMarkOfATruncatedRecordDoesNotHideTheNewRecordsEvent() throws Exception
    {
        launch();
        final long opened = send(new Bank.Open("acc-1"));
        final long first = send(new Bank.Deposit("acc-1", 1));
        final RunningSubscription mail = engine.subscriptions().start(Subscription.named("mail").eachEvent(event ->
        {
            if (event.event() instanceof Bank.Deposited)
            {
                throw new IllegalStateException("mail server down");
            }
        }));
        awaitPosition(mail, first);
        assertTrue(mail.skip(mail.parked().get(0)), "skipped: a done mark is left");
        engine.close();
        engine = null;

        Journal.truncate(new JournalContext().directory(dir.resolve("journal")), first, null);
        launch();
        assertEquals(first, send(new Bank.Deposit("acc-1", 100)), "the skipped event's position is reused");
        Files.delete(dir.resolve("subscriptions").resolve("mail").resolve("checkpoint"));
        final List<Object> seen = new CopyOnWriteArrayList<>();
        final RunningSubscription again = engine.subscriptions().start(Subscription.named("mail")
            .from(opened + 1).eachEvent(event -> seen.add(event.event())));
        awaitPosition(again, first);
        assertEquals(List.of(new Bank.Deposited(100)), seen);
    }

    @Test
    void aHandlerWaitingForARetryOfItsOwnSubscriptionIsRefusedAtOnce()
    {
        launch();
        send(new Bank.Open("acc-1"));
        for (final int partitions : new int[] {1, 2})
        {
            final String name = "self-" + partitions;
            final int fails = 10 * partitions;
            final long parkedAt = send(new Bank.Deposit("acc-1", fails));
            final AtomicReference<Throwable> refused = new AtomicReference<>();
            final AtomicReference<CompletableFuture<Boolean>> retried = new AtomicReference<>();
            final RunningSubscription self = engine.subscriptions().start(Subscription.named(name).from(parkedAt)
                .partitions(partitions, JournalEvent::aggregateId).eachEvent(event ->
                {
                    if (event.event() instanceof Bank.Deposited deposited && fails == deposited.amount() &&
                        null == retried.get())
                    {
                        throw new IllegalStateException("parked");
                    }
                    if (event.event() instanceof Bank.Deposited deposited && fails + 1 == deposited.amount())
                    {
                        final RunningSubscription own = engine.subscriptions().get(name);
                        retried.set(own.retry(own.parked().get(0)));
                        try
                        {
                            retried.get().join();
                        }
                        catch (final IllegalStateException ex)
                        {
                            refused.set(ex);
                        }
                    }
                }));
            awaitPosition(self, parkedAt);
            final long last = send(new Bank.Deposit("acc-1", fails + 1));
            Deadlines.await(() -> null != refused.get(), "the handler to be refused waiting for its own retry");
            assertTrue(refused.get().getMessage().contains("own handler thread"), refused.get().getMessage());
            awaitPosition(self, last);
            Deadlines.await(() -> retried.get().isDone(), "the retry to be served once the handler returned");
            assertTrue(retried.get().join(), "the handler took the parked event");
            assertEquals(List.of(), self.parked());
            self.close();
        }
    }

    @Test
    void aParkedFileWithoutItsRecordsCrcIsMatchedWhenTheCheckpointVouchesForItElseMovedAside() throws Exception
    {
        launch();
        send(new Bank.Open("acc-1"));
        final long deposited = send(new Bank.Deposit("acc-1", 1));
        final RunningSubscription first = engine.subscriptions().start(Subscription.named("old").eachEvent(event ->
        {
            if (event.event() instanceof Bank.Deposited)
            {
                throw new IllegalStateException("down");
            }
        }));
        awaitPosition(first, deposited);
        first.close();
        final Path store = dir.resolve("subscriptions").resolve("old").resolve("parked");
        final Path file = store.resolve(String.format("%020d-%05d.parked", deposited, 0));
        Files.write(file, Files.readAllLines(file).stream().filter(line -> !line.startsWith("recordCrc32c")).toList());
        assertEquals(-1, Subscriptions.parked(dir, "old").get(0).recordCrc(), "as an earlier version wrote it");

        final List<Object> seen = new CopyOnWriteArrayList<>();
        RunningSubscription again = engine.subscriptions().start(Subscription.named("old")
            .eachEvent(event -> seen.add(event.event())));
        assertTrue(again.parked().get(0).recordCrc() >= 0, "matched to the record the checkpoint vouches for");
        assertTrue(again.retry(again.parked().get(0)).get(Deadlines.standard().toMillis(), TimeUnit.MILLISECONDS));
        assertEquals(List.of(new Bank.Deposited(1)), seen);
        again.close();

        final Path mark = store.resolve(String.format("%020d-%05d.done", deposited, 0));
        Files.write(file, Files.readAllLines(mark).stream().filter(line -> !line.startsWith("recordCrc32c")).toList());
        Files.delete(mark);
        Files.delete(dir.resolve("subscriptions").resolve("old").resolve("checkpoint"));
        seen.clear();
        again = engine.subscriptions().start(Subscription.named("old").eachEvent(event -> seen.add(event.event())));
        awaitPosition(again, deposited);
        assertEquals(List.of(new Bank.Opened("acc-1"), new Bank.Deposited(1)), seen,
            "without a checkpoint to vouch for its record, the file is moved aside and the event handed over");
        assertEquals(List.of(), again.parked());
        assertTrue(Files.exists(store.resolve(file.getFileName() + DeadLetters.STALE_SUFFIX)));
    }
}
