package dev.scribe.engine;

import dev.scribe.engine.tool.ParkedTool;
import dev.scribe.journal.PositionFormat;
import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.HashSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SubscriptionTest
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

    private Engine launch(final Path directory)
    {
        engine = Engine.launch(Bank.context(directory));
        return engine;
    }

    private long send(final Object command)
    {
        final Outcome outcome = engine.send(command).join();
        assertTrue(outcome.accepted(), () -> command + ": " + outcome);
        return outcome.position();
    }

    /** Opens {@code accounts} accounts and deposits into each {@code deposits} times; the last position. */
    private long fill(final int accounts, final int deposits, final int from)
    {
        long last = -1;
        for (int a = from; a < from + accounts; a++)
        {
            last = send(new Bank.Open("acc-" + a));
        }
        for (int d = 0; d < deposits; d++)
        {
            for (int a = from; a < from + accounts; a++)
            {
                last = send(new Bank.Deposit("acc-" + a, d + 1));
            }
        }
        return last;
    }

    private static void awaitPosition(final RunningSubscription subscription, final long position)
    {
        Deadlines.await(() -> subscription.position() >= position || !subscription.isRunning(),
            () -> "subscription " + subscription.name() + " to reach position " + position + " (at " +
                subscription.position() + ")", Deadlines.standard());
        assertNull(subscription.failure());
        assertTrue(subscription.position() >= position, "stopped before reaching " + position);
    }

    private static void assertNull(final Throwable failure)
    {
        if (null != failure)
        {
            throw new AssertionError("the subscription failed", failure);
        }
    }

    /** Every event of the journal, as a subscription from the beginning without a filter would see it. */
    private List<String> journalEvents()
    {
        final List<String> all = new ArrayList<>();
        final RunningSubscription reference = engine.subscriptions().start(Subscription.named("reference")
            .eachEvent(event -> all.add(key(event))));
        awaitPosition(reference, engine.lastPosition());
        reference.close();
        return all;
    }

    private static String key(final JournalEvent event)
    {
        return event.position() + "/" + event.index() + ":" + event.aggregateId() + "@" + event.version() + "=" +
            event.event();
    }

    @Test
    void catchesUpFromTheJournalThenFollowsLiveAndResumesAfterItsCheckpoint()
    {
        launch(dir);
        fill(5, 10, 0);
        final List<JournalEvent> seen = new CopyOnWriteArrayList<>();
        RunningSubscription subscription = engine.subscriptions().start(Subscription.named("statements")
            .chunkSize(7).eachEvent(seen::add));
        final long live = fill(3, 4, 5);
        awaitPosition(subscription, live);
        assertEquals(5 + 50 + 3 + 12, seen.size());
        for (int i = 1; i < seen.size(); i++)
        {
            assertTrue(seen.get(i).position() > seen.get(i - 1).position(), "journal order at " + i);
        }
        assertEquals(new Bank.Opened("acc-0"), seen.get(0).event());
        assertEquals(1, seen.get(0).version());
        subscription.close();
        assertFalse(subscription.isRunning());
        assertEquals(live, subscription.position());

        final long after = send(new Bank.Deposit("acc-1", 500));
        final List<JournalEvent> again = new CopyOnWriteArrayList<>();
        subscription = engine.subscriptions().start(Subscription.named("statements").eachEvent(again::add));
        awaitPosition(subscription, after);
        assertEquals(1, again.size(), "only what came after the checkpoint: " + again);
        assertEquals(new Bank.Deposited(500), again.get(0).event());
        assertEquals(after, again.get(0).position());
    }

    @Test
    void aChunkHoldsWholeRecordsAndAtMostItsSizeUnlessOneRecordIsLarger()
    {
        launch(dir);
        fill(4, 3, 0);
        long last = -1;
        for (int i = 0; i < 5; i++)
        {
            last = send(new Bank.Transfer("acc-0", "acc-1", 1)); // a record of two events
        }
        final List<List<JournalEvent>> chunks = new CopyOnWriteArrayList<>();
        final RunningSubscription subscription = engine.subscriptions().start(Subscription.named("chunks")
            .chunkSize(3).handler(events -> chunks.add(List.copyOf(events))));
        awaitPosition(subscription, last);
        int events = 0;
        for (final List<JournalEvent> chunk : chunks)
        {
            assertTrue(chunk.size() <= 3, "chunk of " + chunk.size());
            events += chunk.size();
            final JournalEvent lastOfChunk = chunk.get(chunk.size() - 1);
            if (lastOfChunk.event() instanceof Bank.Withdrawn)
            {
                throw new AssertionError("a transfer's record was split across chunks: " + chunk);
            }
        }
        assertEquals(4 + 12 + 10, events);

        final List<List<JournalEvent>> ones = new CopyOnWriteArrayList<>();
        final RunningSubscription single = engine.subscriptions().start(Subscription.named("ones")
            .chunkSize(1).handler(chunk -> ones.add(List.copyOf(chunk))));
        awaitPosition(single, last);
        assertEquals(2, ones.get(ones.size() - 1).size(), "a record of two events goes whole in a chunk of 1");
    }

    @Test
    void filtersByEventTypeAndByAggregateType()
    {
        launch(dir);
        final long last = fill(3, 2, 0);
        final List<Object> deposits = new CopyOnWriteArrayList<>();
        final RunningSubscription byEvent = engine.subscriptions().start(Subscription.named("deposits")
            .eventTypes(Bank.Deposited.class).eachEvent(event -> deposits.add(event.event())));
        final List<Object> accounts = new CopyOnWriteArrayList<>();
        final RunningSubscription byAggregate = engine.subscriptions().start(Subscription.named("accounts")
            .aggregateTypes(Bank.Account.class).eachEvent(event -> accounts.add(event.event())));
        awaitPosition(byEvent, last);
        awaitPosition(byAggregate, last);
        assertEquals(6, deposits.size());
        assertTrue(deposits.stream().allMatch(Bank.Deposited.class::isInstance), deposits::toString);
        assertEquals(9, accounts.size());
    }

    @Test
    void startsFromAPositionOrFromNow()
    {
        launch(dir);
        fill(2, 2, 0);
        final long middle = send(new Bank.Deposit("acc-0", 77));
        final long now = fill(1, 1, 2);
        final List<JournalEvent> fromMiddle = new CopyOnWriteArrayList<>();
        final RunningSubscription a = engine.subscriptions().start(Subscription.named("middle").from(middle)
            .eachEvent(fromMiddle::add));
        final List<JournalEvent> fromNow = new CopyOnWriteArrayList<>();
        final RunningSubscription b = engine.subscriptions().start(Subscription.named("now").fromNow()
            .eachEvent(fromNow::add));
        final long later = send(new Bank.Deposit("acc-1", 5));
        awaitPosition(a, later);
        awaitPosition(b, later);
        assertEquals(middle, fromMiddle.get(0).position());
        assertEquals(4, fromMiddle.size());
        assertEquals(1, fromNow.size(), fromNow::toString);
        assertEquals(later, fromNow.get(0).position());
        assertTrue(now < later);
    }

    @Test
    void aFailingEventIsRetriedThenParkedAndTheRestGoesOn() throws Exception
    {
        launch(dir);
        final AtomicBoolean broken = new AtomicBoolean(true);
        final Map<String, Integer> attempts = new HashMap<>();
        final List<String> handled = new CopyOnWriteArrayList<>();
        final Subscription definition = Subscription.named("ledger").chunkSize(4)
            .retry(RetryPolicy.backoff(3, Duration.ofMillis(1), Duration.ofMillis(2)))
            .eachEvent(event ->
            {
                if (event.event() instanceof Bank.Deposited deposited && 13 == deposited.amount() && broken.get())
                {
                    synchronized (attempts)
                    {
                        attempts.merge(key(event), 1, Integer::sum);
                    }
                    throw new IllegalStateException("the ledger refuses 13");
                }
                handled.add(key(event));
            });
        final RunningSubscription subscription = engine.subscriptions().start(definition);
        send(new Bank.Open("acc-0"));
        send(new Bank.Deposit("acc-0", 12));
        final long poison = send(new Bank.Deposit("acc-0", 13));
        final long last = send(new Bank.Deposit("acc-0", 14));
        awaitPosition(subscription, last);

        final List<ParkedEvent> parked = subscription.parked();
        assertEquals(1, parked.size(), parked::toString);
        final ParkedEvent event = parked.get(0);
        assertEquals(poison, event.position());
        assertEquals(0, event.index());
        assertEquals("acc-0", event.aggregateId());
        assertEquals(Bank.Deposited.class.getName(), event.eventType());
        assertEquals(3, event.attempts());
        assertTrue(event.error().contains("the ledger refuses 13"), event.error());
        assertEquals(1, subscription.parkedCount());
        assertTrue(handled.stream().anyMatch(k -> k.contains("amount=14")), "went on past the parked event");
        assertFalse(handled.stream().anyMatch(k -> k.contains("amount=13")));
        assertEquals(parked, engine.subscriptions().parked("ledger"), "readable by name");

        assertFalse(subscription.retry(event).get(), "still refused");
        assertEquals(6, subscription.parked().get(0).attempts());
        broken.set(false);
        assertTrue(subscription.retry(event).get());
        assertTrue(subscription.parked().isEmpty());
        assertEquals(1, handled.stream().filter(k -> k.contains("amount=13")).count());
        final ExecutionException gone = assertThrows(
            ExecutionException.class, () -> subscription.retry(event).get());
        assertTrue(gone.getCause().getMessage().contains("has no event parked at position " +
            PositionFormat.position(poison)),
            gone.getCause().getMessage());
    }

    @Test
    void aSkippedEventLeavesTheStoreAndParkedEventsOutliveARestart() throws Exception
    {
        launch(dir);
        final RunningSubscription subscription = engine.subscriptions().start(Subscription.named("picky")
            .eachEvent(event ->
            {
                if (event.event() instanceof Bank.Opened)
                {
                    throw new IllegalArgumentException("no openings");
                }
            }));
        final long last = fill(3, 1, 0);
        awaitPosition(subscription, last);
        assertEquals(3, subscription.parked().size());
        subscription.close();
        engine.close();
        launch(dir);
        assertEquals(3, engine.subscriptions().parked("picky").size(), "on disk across a restart");
        final RunningSubscription again = engine.subscriptions().start(Subscription.named("picky")
            .eachEvent(event -> { }));
        assertTrue(again.skip(again.parked().get(1)));
        assertEquals(2, again.parked().size());
        assertFalse(again.skip(new ParkedEvent("picky", 1, 0, "x", "y", 1, "z", 0)));
        assertTrue(again.retry(again.parked().get(0)).get());
        assertEquals(1, again.parked().size());
    }

    @Test
    void theToolListsSkipsAndAsksTheRunningSubscriptionToRetryParkedEvents()
    {
        launch(dir);
        final AtomicBoolean broken = new AtomicBoolean(true);
        final RunningSubscription subscription = engine.subscriptions().start(Subscription.named("tooled")
            .eachEvent(event ->
            {
                if (event.event() instanceof Bank.Deposited && broken.get())
                {
                    throw new IllegalStateException("down for maintenance");
                }
            }));
        final long last = fill(1, 2, 0);
        awaitPosition(subscription, last);
        final List<ParkedEvent> parked = subscription.parked();
        assertEquals(2, parked.size());

        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final ParkedTool tool = new ParkedTool(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, tool.run("list", dir.toString(), "tooled"));
        final String listed = out.toString(StandardCharsets.UTF_8);
        assertTrue(listed.contains(PositionFormat.position(parked.get(0).position()) + " 0 acc-0 " +
            Bank.Deposited.class.getName()), listed);
        assertTrue(listed.contains("down for maintenance"), listed);
        final String printed = PositionFormat.position(parked.get(0).position());
        assertEquals(0, tool.run("skip", dir.toString(), "tooled", printed, "0"), "the position as list prints it");
        assertEquals(1, tool.run("skip", dir.toString(), "tooled", Long.toString(parked.get(0).position()), "0"),
            "the old decimal form");
        assertEquals(2, tool.run("skip", dir.toString(), "tooled", "-4", "0"));
        assertEquals(2, tool.run("list", dir.toString(), "no/such"));
        assertEquals(2, tool.run("explode", dir.toString(), "tooled"));

        broken.set(false);
        assertEquals(0, tool.run("retry", dir.toString(), "tooled", Long.toString(parked.get(1).position()), "0"));
        Deadlines.await(() -> subscription.parked().isEmpty(), "the running subscription to take the retry request");
        assertEquals(2, subscription.parkedCount(), "parked since it started");
        assertTrue(Subscriptions.parked(dir, "tooled").isEmpty());
    }

    @Test
    void theParkedToolSaysSoWhenTheEngineDirectoryDoesNotExistOrTheSubscriptionNeverRanThere() throws Exception
    {
        launch(dir);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final ParkedTool tool = new ParkedTool(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        final Path missing = dir.resolve("no-such-engine");
        assertEquals(2, tool.run("list", missing.toString(), "statements"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains(missing + " does not exist"),
            err.toString(StandardCharsets.UTF_8));
        assertEquals(2, tool.run("retry", missing.toString(), "statements", "1", "0"));
        final Path notAnEngine = Files.createDirectories(dir.resolve("not-an-engine"));
        err.reset();
        assertEquals(2, tool.run("skip", notAnEngine.toString(), "statements", "1", "0"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("is not an engine directory"),
            err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(1, tool.run("list", dir.toString(), "never-ran"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("subscription never-ran never ran in " + dir),
            err.toString(StandardCharsets.UTF_8));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void stopsWhenExhaustedIfToldToAndResumesAtTheFailingRecord()
    {
        launch(dir);
        final AtomicBoolean broken = new AtomicBoolean(true);
        final List<JournalEvent> seen = new CopyOnWriteArrayList<>();
        final Subscription definition = Subscription.named("strict").stopWhenExhausted()
            .retry(RetryPolicy.backoff(2, Duration.ZERO, Duration.ZERO))
            .eachEvent(event ->
            {
                if (event.event() instanceof Bank.Withdrawn && broken.get())
                {
                    throw new IllegalStateException("cannot book withdrawals");
                }
                seen.add(event);
            });
        send(new Bank.Open("acc-0"));
        send(new Bank.Deposit("acc-0", 10));
        final long withdrawal = send(new Bank.Withdraw("acc-0", 3));
        final long last = send(new Bank.Deposit("acc-0", 4));
        final RunningSubscription subscription = engine.subscriptions().start(definition);
        Deadlines.await(() -> !subscription.isRunning(), "the strict subscription to stop");
        assertNotNull(subscription.failure());
        assertTrue(subscription.failure().getMessage().contains("stopped at the event at position " +
            PositionFormat.position(withdrawal)),
            subscription.failure().getMessage());
        assertTrue(subscription.position() < withdrawal, "checkpoint " + subscription.position() + " stays before " +
            withdrawal);
        assertTrue(subscription.parked().isEmpty());

        broken.set(false);
        seen.clear();
        final RunningSubscription again = engine.subscriptions().start(definition);
        awaitPosition(again, last);
        assertTrue(seen.get(0).position() <= withdrawal, "resumed at or before the failing record: " + seen);
        assertTrue(seen.stream().anyMatch(e -> e.position() == withdrawal), seen::toString);
        assertEquals(last, seen.get(seen.size() - 1).position());
    }

    @Test
    void partitionsKeepEachKeysOrderAndTheCheckpointWaitsForTheSlowest()
    {
        launch(dir);
        final int accounts = 8;
        final long last = fill(accounts, 20, 0);
        final Map<String, List<Long>> versions = new HashMap<>();
        final Map<String, String> threads = new HashMap<>();
        final RunningSubscription subscription = engine.subscriptions().start(Subscription.named("parts")
            .chunkSize(16).partitions(4, JournalEvent::aggregateId)
            .eachEvent(event ->
            {
                synchronized (versions)
                {
                    versions.computeIfAbsent(event.aggregateId(), k -> new ArrayList<>()).add(event.version());
                    final String before = threads.put(event.aggregateId(), Thread.currentThread().getName());
                    if (null != before && !before.equals(Thread.currentThread().getName()))
                    {
                        throw new AssertionError(event.aggregateId() + " moved from " + before);
                    }
                }
            }));
        awaitPosition(subscription, last);
        synchronized (versions)
        {
            assertEquals(accounts, versions.size());
            for (final Map.Entry<String, List<Long>> account : versions.entrySet())
            {
                final List<Long> expected = new ArrayList<>();
                for (long v = 1; v <= 21; v++)
                {
                    expected.add(v);
                }
                assertEquals(expected, account.getValue(), account.getKey() + " in order, each once");
            }
            assertTrue(threads.values().stream().distinct().count() > 1, "spread over threads: " + threads);
        }
        assertEquals(0, subscription.parkedCount());
    }

    @Test
    void anEventWhoseRoutingKeyCannotBeFoundIsParked()
    {
        launch(dir);
        final long last = fill(3, 1, 0);
        final List<String> seen = new CopyOnWriteArrayList<>();
        final RunningSubscription subscription = engine.subscriptions().start(Subscription.named("routed")
            .partitions(2, event ->
            {
                if ("acc-1".equals(event.aggregateId()))
                {
                    throw new IllegalStateException("no route for acc-1");
                }
                return "acc-2".equals(event.aggregateId()) ? null : event.aggregateId();
            })
            .eachEvent(event -> seen.add(event.aggregateId())));
        awaitPosition(subscription, last);
        assertEquals(List.of("acc-0", "acc-0"), seen);
        final List<ParkedEvent> parked = subscription.parked();
        assertEquals(4, parked.size(), parked::toString);
        assertTrue(parked.get(0).error().contains("no route for acc-1"), parked.get(0).error());
        assertTrue(parked.stream().anyMatch(p -> p.error().contains("gave no key")), parked::toString);
    }

    @Test
    void badInputGetsAClearError()
    {
        launch(dir);
        final IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
            () -> engine.subscriptions().get("nope"));
        assertTrue(unknown.getMessage().contains("no subscription named \"nope\""), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Subscription.named("../etc"));
        assertThrows(IllegalArgumentException.class, () -> Subscription.named(""));
        assertThrows(IllegalArgumentException.class, () -> Subscription.named("a/b"));
        for (final String escaping : List.of(".", ".."))
        {
            // a name that resolves to the subscriptions directory or the engine directory itself
            assertThrows(IllegalArgumentException.class, () -> Subscription.named(escaping), escaping);
            assertThrows(IllegalArgumentException.class, () -> engine.subscriptions().parked(escaping), escaping);
            assertThrows(IllegalArgumentException.class, () -> Subscriptions.parked(dir, escaping), escaping);
            assertThrows(IllegalArgumentException.class, () -> Subscriptions.skip(dir, escaping, 1, 0), escaping);
            assertThrows(IllegalArgumentException.class,
                () -> Subscriptions.requestRetry(dir, escaping, 1, 0), escaping);
            assertThrows(IllegalArgumentException.class, () -> AuditLog.start(engine, escaping, 10), escaping);
        }
        assertFalse(Files.exists(dir.resolve("checkpoint")), "nothing written outside the subscriptions directory");
        assertThrows(IllegalArgumentException.class, () -> Subscription.named("x").chunkSize(0));
        assertThrows(IllegalArgumentException.class, () -> Subscription.named("x").partitions(0, e -> e));
        assertThrows(IllegalArgumentException.class, () -> Subscription.named("x").from(-1));
        assertThrows(IllegalArgumentException.class, () -> RetryPolicy.backoff(0, Duration.ZERO, Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
            () -> RetryPolicy.backoff(2, Duration.ofSeconds(2), Duration.ofSeconds(1)));
        final IllegalArgumentException noHandler = assertThrows(IllegalArgumentException.class,
            () -> engine.subscriptions().start(Subscription.named("x")));
        assertTrue(noHandler.getMessage().contains("has no handler"), noHandler.getMessage());
        final IllegalArgumentException badType = assertThrows(IllegalArgumentException.class,
            () -> engine.subscriptions().start(Subscription.named("x").aggregateTypes(Stranger.class)
                .eachEvent(e -> { })));
        assertTrue(badType.getMessage().contains(Stranger.class.getName()), badType.getMessage());
        engine.subscriptions().start(Subscription.named("x").eachEvent(e -> { }));
        final IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
            () -> engine.subscriptions().start(Subscription.named("x").eachEvent(e -> { })));
        assertTrue(twice.getMessage().contains("is running already"), twice.getMessage());
        assertEquals(List.of("x"), engine.subscriptions().names());
        assertTrue(send(new Bank.Open("still-running")) >= 0, "the engine keeps running");
    }

    @Test
    void junkPlantedAsRetryRequestsDoesNotStopTheSubscription() throws Exception
    {
        launch(dir);
        final RunningSubscription subscription = engine.subscriptions().start(Subscription.named("planted")
            .eachEvent(event -> { }));
        awaitPosition(subscription, send(new Bank.Open("acc-0")));
        final Path store = dir.resolve("subscriptions").resolve("planted").resolve("parked");
        Files.createDirectories(store);
        Files.createDirectories(store.resolve("00000000000000000001-00000.retry").resolve("inside"));
        Files.writeString(store.resolve("-.retry"), "");
        Files.writeString(store.resolve("x-y.retry"), "");
        Files.writeString(store.resolve("99999999999999999999-1.retry"), "");
        Files.writeString(store.resolve("00000000000000000002-00000.parked"), "not a parked event");
        Files.writeString(store.resolve("00000000000000000002-00000.retry"), "");
        Deadlines.await(() -> !Files.exists(store.resolve("00000000000000000002-00000.retry")) ||
            !subscription.isRunning(), "the subscription to take the requests");
        awaitPosition(subscription, send(new Bank.Deposit("acc-0", 5)));
        assertTrue(subscription.isRunning());
    }

    @Test
    void aParkedEventIsNotHandedOverAgainWhenItsChunkIsReadAgain() throws Exception
    {
        launch(dir);
        send(new Bank.Open("acc-0"));
        final long last = send(new Bank.Deposit("acc-0", 5));
        // the chunk [Opened, Deposited] fails; Opened alone fails and is parked; the subscription is closed while
        // Deposited alone fails, so the checkpoint stays before the chunk
        final RunningSubscription first = engine.subscriptions().start(Subscription.named("again").eachEvent(event ->
        {
            if (event.event() instanceof Bank.Opened)
            {
                throw new IllegalStateException("no openings");
            }
            engine.subscriptions().get("again").close();
            throw new IllegalStateException("closing");
        }));
        Deadlines.await(() -> !first.isRunning(), "the first run to stop");
        assertEquals(1, first.parked().size(), () -> first.parked().toString());
        assertEquals(-1, first.position(), "the checkpoint stays before the chunk");

        final List<String> handled = new CopyOnWriteArrayList<>();
        final RunningSubscription second = engine.subscriptions().start(Subscription.named("again")
            .eachEvent(event -> handled.add(key(event))));
        awaitPosition(second, last);
        assertEquals(1, handled.size(), () -> "the parked Opened is not handed over by the normal flow: " + handled);
        assertTrue(second.retry(second.parked().get(0)).get());
        assertEquals(2, handled.size());
        assertEquals(1, handled.stream().filter(k -> k.contains("Opened")).count(), handled::toString);
    }

    @Test
    void anEventSkippedBeforeItsChunkIsReadAgainStaysSkipped()
    {
        launch(dir);
        send(new Bank.Open("acc-0"));
        final long last = send(new Bank.Deposit("acc-0", 5));
        final RunningSubscription first = engine.subscriptions().start(Subscription.named("skipped").eachEvent(event ->
        {
            if (event.event() instanceof Bank.Opened)
            {
                throw new IllegalStateException("no openings");
            }
            engine.subscriptions().get("skipped").close();
            throw new IllegalStateException("closing");
        }));
        Deadlines.await(() -> !first.isRunning(), "the first run to stop");
        assertEquals(-1, first.position(), "the checkpoint stays before the chunk");
        assertTrue(first.skip(first.parked().get(0)));
        assertTrue(first.parked().isEmpty());

        final List<String> handled = new CopyOnWriteArrayList<>();
        final RunningSubscription second = engine.subscriptions().start(Subscription.named("skipped")
            .eachEvent(event -> handled.add(key(event))));
        awaitPosition(second, last);
        assertEquals(1, handled.size(), () -> "the skipped Opened is not handed over again: " + handled);
        assertTrue(handled.get(0).contains("Deposited"), handled::toString);
        second.close();
        final RunningSubscription third = engine.subscriptions().start(Subscription.named("skipped")
            .eachEvent(event -> handled.add(key(event))));
        awaitPosition(third, last);
        assertEquals(1, handled.size());
        assertTrue(Files.isDirectory(dir.resolve("subscriptions").resolve("skipped").resolve("parked")));
        try (var marks = Files.list(dir.resolve("subscriptions").resolve("skipped").resolve("parked")))
        {
            assertEquals(0, marks.count(), "marks behind the checkpoint are deleted at the next start");
        }
        catch (final IOException ex)
        {
            throw new AssertionError(ex);
        }
    }

    @Test
    void aHandlerOnAPartitionThreadCanCloseItsSubscription()
    {
        launch(dir);
        final long last = fill(4, 2, 0);
        final RunningSubscription subscription = engine.subscriptions().start(Subscription.named("self-closing")
            .partitions(2, JournalEvent::aggregateId)
            .eachEvent(event -> engine.subscriptions().get("self-closing").close()));
        Deadlines.await(() -> !subscription.isRunning(), "the subscription to stop once its handler closed it");
        assertNull(subscription.failure());
        assertTrue(subscription.position() < last);
        final RunningSubscription again = engine.subscriptions().start(Subscription.named("self-closing")
            .eachEvent(event -> { }));
        awaitPosition(again, last);
    }

    /** An aggregate the engine does not have. */
    static final class Stranger implements Aggregate
    {
    }

    @Test
    void aCheckpointFromAnotherJournalIsRefusedWithTheReason() throws Exception
    {
        final Path first = dir.resolve("first");
        launch(first);
        fill(3, 3, 0);
        final RunningSubscription subscription = engine.subscriptions().start(Subscription.named("moved")
            .eachEvent(e -> { }));
        awaitPosition(subscription, engine.lastPosition());
        engine.close();

        final Path second = dir.resolve("second");
        launch(second);
        fill(1, 1, 0);
        final Path home = second.resolve("subscriptions").resolve("moved");
        Files.createDirectories(home);
        Files.copy(first.resolve("subscriptions").resolve("moved").resolve("checkpoint"), home.resolve("checkpoint"),
            StandardCopyOption.REPLACE_EXISTING);
        final EngineException refused = assertThrows(EngineException.class,
            () -> engine.subscriptions().start(Subscription.named("moved").eachEvent(e -> { })));
        assertTrue(refused.getMessage().contains("cannot resume"), refused.getMessage());
        assertTrue(refused.getMessage().contains("delete the checkpoint file"), refused.getMessage());
        assertTrue(send(new Bank.Open("after")) >= 0, "the engine keeps running");
        assertTrue(engine.subscriptions().names().isEmpty());
    }

    @Test
    void aSubscriptionClosedAndRestartedAtRandomPointsDeliversEveryEventOnceInOrderToAnIdempotentHandler()
    {
        launch(dir);
        final SplittableRandom random = new SplittableRandom(0x5CB5L);
        final List<String> delivered = Collections.synchronizedList(new ArrayList<>());
        final Set<String> seen = Collections.synchronizedSet(new HashSet<>());
        for (int round = 0; round < 12; round++)
        {
            final RunningSubscription subscription = engine.subscriptions().start(Subscription.named("restarts")
                .chunkSize(1 + random.nextInt(9))
                .eachEvent(event ->
                {
                    if (seen.add(event.position() + "/" + event.index()))
                    {
                        delivered.add(key(event));
                    }
                }));
            fill(1 + random.nextInt(3), random.nextInt(4), round * 10);
            if (random.nextBoolean())
            {
                awaitPosition(subscription, engine.lastPosition());
            }
            subscription.close();
        }
        final RunningSubscription last = engine.subscriptions().start(Subscription.named("restarts")
            .eachEvent(event ->
            {
                if (seen.add(event.position() + "/" + event.index()))
                {
                    delivered.add(key(event));
                }
            }));
        awaitPosition(last, engine.lastPosition());
        last.close();
        assertEquals(journalEvents(), delivered);
    }
}
