package dev.scribe.engine;

import dev.scribe.engine.testing.ExpectedErrors;
import dev.scribe.journal.PositionFormat;
import dev.scribe.test.Deadlines;
import dev.scribe.test.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LiveQueryTest
{
    @TempDir
    Path dir;

    private Engine engine;
    private EngineBank.Balances balances;

    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();

    @AfterEach
    void close()
    {
        release.countDown();
        if (null != engine)
        {
            engine.close();
        }
    }

    private void launch()
    {
        balances = new EngineBank.Balances();
        engine = Engine.launch(Bank.context(dir).projection(balances).handlerStopTimeout(Duration.ofMillis(200))
            .errorHandler(errors::add));
    }

    private long send(final Object command)
    {
        final Outcome outcome = engine.send(command).join();
        assertTrue(outcome.accepted(), () -> command + ": " + outcome);
        return outcome.position();
    }

    /** A subscriber that asks for everything, or for nothing, and records what it is told. */
    static class Recorder<T> implements Flow.Subscriber<T>
    {
        final List<T> items = new CopyOnWriteArrayList<>();
        final AtomicReference<Throwable> error = new AtomicReference<>();
        volatile boolean complete;
        volatile Flow.Subscription subscription;
        private final long initial;

        Recorder(final long initial)
        {
            this.initial = initial;
        }

        @Override
        public void onSubscribe(final Flow.Subscription subscription)
        {
            this.subscription = subscription;
            if (initial > 0)
            {
                subscription.request(initial);
            }
        }

        @Override
        public void onNext(final T item)
        {
            items.add(item);
        }

        @Override
        public void onError(final Throwable throwable)
        {
            error.set(throwable);
        }

        @Override
        public void onComplete()
        {
            complete = true;
        }
    }

    @Test
    void readYourWritesWaitsForTheProjectionToReachTheOutcomesPosition()
    {
        launch();
        send(new Bank.Open("acc-1"));
        for (int i = 1; i <= 200; i++)
        {
            final long position = send(new Bank.Deposit("acc-1", 1));
            final long seen = engine.projections().query(balances, position, Deadlines.standard(),
                b -> b.copy().get("acc-1"));
            assertEquals(i, seen, "deposit " + i + " is in the projection once its position is");
        }
        assertTrue(engine.projections().position(balances) >= engine.lastPosition());
        final EngineException late = assertThrows(EngineException.class, () -> engine.projections().query(balances,
            engine.lastPosition() + 1_000_000, Duration.ofMillis(20), b -> b));
        assertTrue(late.getMessage().contains("not " + PositionFormat.position(engine.lastPosition() + 1_000_000)),
            late.getMessage());
        assertThrows(IllegalArgumentException.class, () -> engine.projections().query(new EngineBank.Balances(),
            b -> b));
    }

    @Test
    void aLiveQueryGivesTheCurrentResultThenEachChangeAndItsLastResultEqualsAFreshQuery()
    {
        launch();
        send(new Bank.Open("acc-1"));
        send(new Bank.Open("acc-2"));
        final long deposited = send(new Bank.Deposit("acc-1", 5));
        engine.projections().query(balances, deposited, Deadlines.standard(), b -> b);
        final LiveQuery<Map<String, Long>> live = engine.projections().live(balances, EngineBank.Balances::copy);
        final Recorder<LiveResult<Map<String, Long>>> recorder = new Recorder<>(Long.MAX_VALUE);
        live.subscribe(recorder);
        Deadlines.await(() -> !recorder.items.isEmpty(), "the current result");
        assertEquals(new TreeMap<>(Map.of("acc-1", 5L, "acc-2", 0L)), recorder.items.get(0).value());
        assertTrue(recorder.items.get(0).position() >= deposited);
        long last = -1;
        for (int i = 0; i < 50; i++)
        {
            last = send(new Bank.Deposit(0 == i % 2 ? "acc-1" : "acc-2", 1 + i));
        }
        final long end = last;
        Deadlines.await(() -> recorder.items.get(recorder.items.size() - 1).position() >= end,
            () -> "a result at " + end + ", last " + recorder.items.get(recorder.items.size() - 1),
            Deadlines.standard());
        final LiveResult<Map<String, Long>> final1 = recorder.items.get(recorder.items.size() - 1);
        assertEquals(engine.query(balances, EngineBank.Balances::copy), final1.value());
        for (int i = 1; i < recorder.items.size(); i++)
        {
            assertTrue(recorder.items.get(i).position() > recorder.items.get(i - 1).position(), "in order");
            assertTrue(!recorder.items.get(i).value().equals(recorder.items.get(i - 1).value()), "only changes");
        }
        live.close();
        Deadlines.await(() -> recorder.complete, "the subscriber to complete when the query closes");
        assertEquals(null, recorder.error.get());
    }

    @Test
    void aSubscriberThatFallsBehindIsDroppedAndToldWithoutHoldingUpTheOthers()
    {
        launch();
        send(new Bank.Open("acc-1"));
        final LiveQuery<Long> live = engine.projections().live(balances, b -> b.copy().getOrDefault("acc-1", 0L), 4);
        final Recorder<LiveResult<Long>> idle = new Recorder<>(0);
        final Recorder<LiveResult<Long>> eager = new Recorder<>(Long.MAX_VALUE);
        live.subscribe(idle);
        live.subscribe(eager);
        long last = -1;
        for (int i = 0; i < 40; i++)
        {
            last = send(new Bank.Deposit("acc-1", 1));
            final long at = last;
            Deadlines.await(() -> !eager.items.isEmpty() && eager.items.get(eager.items.size() - 1).position() >= at,
                "the eager subscriber to see " + at);
        }
        Deadlines.await(() -> null != idle.error.get(), "the idle subscriber to be dropped");
        assertInstanceOf(LiveQueryOverflowException.class, idle.error.get());
        assertEquals(-1, ((LiveQueryOverflowException)idle.error.get()).position());
        assertEquals(40L, eager.items.get(eager.items.size() - 1).value());
        assertEquals(null, eager.error.get());

        final Recorder<LiveResult<Long>> again = new Recorder<>(1);
        live.subscribe(again);
        Deadlines.await(() -> !again.items.isEmpty(), "a resubscriber to get the current result");
        assertEquals(40L, again.items.get(0).value());
        assertTrue(again.items.get(0).position() >= last);
    }

    @Test
    void aQueryThatThrowsEndsItsSubscriptionsWithTheErrorAndTheEngineGoesOn()
    {
        launch();
        send(new Bank.Open("acc-1"));
        final LiveQuery<Long> live = engine.projections().live(balances, b ->
        {
            final long balance = b.copy().getOrDefault("acc-1", 0L);
            if (balance > 2)
            {
                throw new IllegalStateException("too rich");
            }
            return balance;
        });
        final Recorder<LiveResult<Long>> recorder = new Recorder<>(Long.MAX_VALUE);
        live.subscribe(recorder);
        for (int i = 0; i < 3; i++)
        {
            send(new Bank.Deposit("acc-1", 1));
        }
        Deadlines.await(() -> null != recorder.error.get(), "the error");
        assertEquals("too rich", recorder.error.get().getMessage());
        assertThrows(IllegalArgumentException.class, () -> engine.projections().live(balances, b -> b, 0));
        send(new Bank.Deposit("acc-1", 1));
    }

    /** A new version of the balances whose deposits count double: a rebuild with other results. */
    static final class Doubled extends EngineBank.Balances
    {
        @Override
        public void onEvent(final long position, final String aggregateId, final long version, final Object event)
        {
            super.onEvent(position, aggregateId, version, event);
            if (event instanceof Bank.Deposited)
            {
                super.onEvent(position, aggregateId, version, event);
            }
        }
    }

    @Test
    void aLiveQueryRunsAgainWhenARebuiltProjectionIsSwappedIn() throws Exception
    {
        launch();
        final LiveQuery<Map<String, Long>> live = engine.projections().live(balances, EngineBank.Balances::copy);
        final Recorder<LiveResult<Map<String, Long>>> recorder = new Recorder<>(Long.MAX_VALUE);
        live.subscribe(recorder);
        send(new Bank.Open("acc-1"));
        final long last = send(new Bank.Deposit("acc-1", 10));
        Deadlines.await(() -> !recorder.items.isEmpty() && recorder.items.get(recorder.items.size() - 1).position() >=
            last, "the live query to reach " + last);
        assertEquals(Map.of("acc-1", 10L), recorder.items.get(recorder.items.size() - 1).value());

        engine.projections().rebuild(balances, new Doubled()).get(Deadlines.standard().toMillis(),
            TimeUnit.MILLISECONDS);
        final Map<String, Long> fresh = engine.projections().query(balances, EngineBank.Balances::copy);
        assertEquals(Map.of("acc-1", 20L), fresh, "the rebuilt instance is in use");
        Deadlines.await(() -> fresh.equals(recorder.items.get(recorder.items.size() - 1).value()),
            () -> "the live query's result to equal a fresh query, " + fresh + ", without another command; its " +
                "last: " + recorder.items.get(recorder.items.size() - 1), Deadlines.standard());
        assertEquals(last, recorder.items.get(recorder.items.size() - 1).position(), "the same position");
        assertEquals(null, recorder.error.get());
    }

    private static long deeper(final long depth)
    {
        return 1 + deeper(depth + 1);
    }

    @Test
    @ExpectedErrors("threw java.lang.StackOverflowError")
    void aQueryThatThrowsAnErrorEndsItsOwnSubscriptionsAndTheOtherLiveQueriesGoOn()
    {
        launch();
        final AtomicInteger calls = new AtomicInteger();
        final LiveQuery<Long> asserting = engine.projections().live(balances, b ->
        {
            if (calls.incrementAndGet() > 1)
            {
                throw new AssertionError("a bug in the query");
            }
            return 0L;
        });
        final Recorder<LiveResult<Long>> asserted = new Recorder<>(Long.MAX_VALUE);
        asserting.subscribe(asserted);
        final LiveQuery<Long> recursing = engine.projections().live(balances,
            b -> b.copy().isEmpty() ? 0L : deeper(0));
        final Recorder<LiveResult<Long>> overflowed = new Recorder<>(Long.MAX_VALUE);
        recursing.subscribe(overflowed);
        final LiveQuery<Map<String, Long>> good = engine.projections().live(balances, EngineBank.Balances::copy);
        final Recorder<LiveResult<Map<String, Long>>> goodSubscriber = new Recorder<>(Long.MAX_VALUE);
        good.subscribe(goodSubscriber);
        Deadlines.await(() -> !goodSubscriber.items.isEmpty(), "the good live query's first result");

        send(new Bank.Open("acc-1"));
        final long last = send(new Bank.Deposit("acc-1", 10));
        Deadlines.await(() -> goodSubscriber.items.get(goodSubscriber.items.size() - 1).position() >= last,
            () -> "the good live query to reach " + last + "; the others were told " + asserted.error.get() +
                " and " + overflowed.error.get(), Deadlines.standard());
        Deadlines.await(() -> null != asserted.error.get() && null != overflowed.error.get(),
            "the failing queries' subscribers to be told");
        assertInstanceOf(AssertionError.class, asserted.error.get());
        assertEquals("a bug in the query", asserted.error.get().getMessage());
        assertInstanceOf(StackOverflowError.class, overflowed.error.get());
        assertEquals(null, goodSubscriber.error.get());
        assertEquals(1, errors.size(), () -> "the stack overflow, reported to the engine's error handler: " + errors);
        assertInstanceOf(StackOverflowError.class, errors.get(0).getCause());

        final Recorder<LiveResult<Map<String, Long>>> later = new Recorder<>(Long.MAX_VALUE);
        engine.projections().live(balances, EngineBank.Balances::copy).subscribe(later);
        Deadlines.await(() -> !later.items.isEmpty(), "a live query started afterwards to give its result");
        assertEquals(Map.of("acc-1", 10L), later.items.get(0).value());
    }

    @Test
    void aSubscriberWhoseOnNextThrowsIsDroppedAndTheOtherLiveQueriesGoOn()
    {
        launch();
        send(new Bank.Open("acc-1"));
        final LiveQuery<Long> live = engine.projections().live(balances, b -> b.copy().getOrDefault("acc-1", 0L));
        final Recorder<LiveResult<Long>> careless = new Recorder<>(Long.MAX_VALUE)
        {
            @Override
            public void onNext(final LiveResult<Long> item)
            {
                super.onNext(item);
                throw new IllegalStateException("a careless subscriber");
            }
        };
        live.subscribe(careless);
        Deadlines.await(() -> !careless.items.isEmpty(), "the careless subscriber to be given the first result");
        final Recorder<LiveResult<Long>> other = new Recorder<>(Long.MAX_VALUE);
        engine.projections().live(balances, b -> b.copy().getOrDefault("acc-1", 0L)).subscribe(other);
        final long last = send(new Bank.Deposit("acc-1", 7));
        Deadlines.await(() -> !other.items.isEmpty() && other.items.get(other.items.size() - 1).position() >= last,
            "the other live query to go on after a subscriber threw");
        assertEquals(7L, other.items.get(other.items.size() - 1).value());
        assertEquals(1, careless.items.size(), "nothing more for the subscriber that threw");
    }

    @Test
    void aQueryClosedByItsSubscriberCompletesEverySubscriber()
    {
        launch();
        send(new Bank.Open("acc-1"));
        final AtomicReference<LiveQuery<Long>> query = new AtomicReference<>();
        final LiveQuery<Long> live = engine.projections().live(balances, b -> b.copy().getOrDefault("acc-1", 0L));
        query.set(live);
        final Recorder<LiveResult<Long>> closing = new Recorder<>(Long.MAX_VALUE)
        {
            @Override
            public void onNext(final LiveResult<Long> item)
            {
                super.onNext(item);
                query.get().close(); // it has what it needs
            }
        };
        final Recorder<LiveResult<Long>> other = new Recorder<>(Long.MAX_VALUE);
        live.subscribe(other);
        live.subscribe(closing);
        Deadlines.await(() -> closing.complete && other.complete, () -> "both subscribers to complete (closing " +
            closing.complete + ", other " + other.complete + ")", Deadlines.standard());
        assertEquals(null, closing.error.get());
        assertEquals(null, other.error.get());
    }

    @Test
    void subscribingWhileTheQueryClosesAlwaysEndsInOnComplete()
    {
        launch();
        send(new Bank.Open("acc-1"));
        final List<Recorder<LiveResult<Long>>> recorders = new ArrayList<>();
        for (int round = 0; round < 200; round++)
        {
            final LiveQuery<Long> live = engine.projections().live(balances, b -> b.copy().getOrDefault("acc-1", 0L));
            final Recorder<LiveResult<Long>> early = new Recorder<>(Long.MAX_VALUE);
            live.subscribe(early);
            final Thread closer = new Thread(live::close);
            closer.start();
            final Recorder<LiveResult<Long>> racing = new Recorder<>(Long.MAX_VALUE);
            live.subscribe(racing);
            recorders.add(early);
            recorders.add(racing);
        }
        Deadlines.await(() -> recorders.stream().allMatch(r -> r.complete || null != r.error.get()),
            () -> recorders.stream().filter(r -> !r.complete).count() + " of " + recorders.size() +
                " subscribers not completed", Deadlines.standard());
    }

    /** A subscriber that asks for everything and holds its first result until released, interrupted or not. */
    private final class Stuck extends Recorder<LiveResult<Long>>
    {
        final CountDownLatch entered = new CountDownLatch(1);
        volatile Thread thread;

        Stuck()
        {
            super(Long.MAX_VALUE);
        }

        @Override
        public void onNext(final LiveResult<Long> item)
        {
            super.onNext(item);
            thread = Thread.currentThread();
            entered.countDown();
            SubscriptionStopTest.awaitIgnoringInterrupts(release);
        }
    }

    private static void awaitSeen(final Recorder<LiveResult<Long>> recorder, final long position, final String who)
    {
        Deadlines.await(() -> !recorder.items.isEmpty() &&
            recorder.items.get(recorder.items.size() - 1).position() >= position, who + " to see " + position);
    }

    @Test
    void aSubscriberWhoseOnNextBlocksHoldsUpNoOtherSubscriberNorQueryAndIsToldOnceItsBufferOverflowed()
    {
        launch();
        send(new Bank.Open("acc-1"));
        final LiveQuery<Long> live = engine.projections().live(balances, b -> b.copy().getOrDefault("acc-1", 0L), 4);
        final Stuck stuck = new Stuck();
        live.subscribe(stuck);
        Deadlines.await(() -> 0 == stuck.entered.getCount(), "the stuck subscriber to be given its first result");
        final Recorder<LiveResult<Long>> sameQuery = new Recorder<>(Long.MAX_VALUE);
        live.subscribe(sameQuery);
        final Recorder<LiveResult<Long>> otherQuery = new Recorder<>(Long.MAX_VALUE);
        engine.projections().live(balances, b -> b.copy().getOrDefault("acc-1", 0L)).subscribe(otherQuery);
        for (int i = 0; i < 20; i++)
        {
            final long at = send(new Bank.Deposit("acc-1", 1));
            awaitSeen(sameQuery, at, "a subscriber of the same query");
            awaitSeen(otherQuery, at, "a subscriber of another query");
        }
        assertEquals(20L, sameQuery.items.get(sameQuery.items.size() - 1).value());
        assertEquals(null, stuck.error.get(), "told once its onNext returns");

        release.countDown();
        Deadlines.await(() -> null != stuck.error.get(), "the stuck subscriber to be told it overflowed");
        assertInstanceOf(LiveQueryOverflowException.class, stuck.error.get());
        assertEquals(1, stuck.items.size(), "nothing after its buffer overflowed");
        assertEquals(stuck.items.get(0).position(), ((LiveQueryOverflowException)stuck.error.get()).position(),
            "it can go on from the last result it was given");
        assertFalse(stuck.complete);
        assertEquals(null, sameQuery.error.get());
        assertEquals(null, otherQuery.error.get());
    }

    @Test
    void closingTheEngineGoesOnWithoutASubscriberWhoseOnNextDoesNotReturn()
    {
        launch();
        send(new Bank.Open("acc-1"));
        final LiveQuery<Long> live = engine.projections().live(balances, b -> b.copy().getOrDefault("acc-1", 0L));
        final Stuck stuck = new Stuck();
        live.subscribe(stuck);
        final Recorder<LiveResult<Long>> other = new Recorder<>(Long.MAX_VALUE);
        live.subscribe(other);
        Deadlines.await(() -> 0 == stuck.entered.getCount(), "the stuck subscriber to be given its first result");
        final Engine closing = engine;
        final Thread closer = new Thread(closing::close, "closer");
        closer.start();
        Deadlines.await(() -> !closer.isAlive(), "the engine to close although a subscriber's onNext does not return");
        Deadlines.await(() -> other.complete, "the other subscriber to complete");
        assertTrue(stuck.thread.isAlive());
        assertFalse(stuck.complete, "not told while it is in onNext");
        release.countDown();
        Deadlines.await(() -> stuck.complete, "the stuck subscriber to complete once its onNext returned");
        assertEquals(1, stuck.items.size());
    }

    @Test
    void closingTheEngineFromASubscribersOnNextDoesNotWaitForItselfAndCompletesEverySubscriber() throws Exception
    {
        balances = new EngineBank.Balances();
        engine = Engine.launch(Bank.context(dir).projection(balances).handlerStopTimeout(Duration.ofHours(1))
            .errorHandler(errors::add));
        final Engine running = engine;
        final CountDownLatch closed = new CountDownLatch(1);
        final AtomicReference<Throwable> thrown = new AtomicReference<>();
        final LiveQuery<Map<String, Long>> live = engine.projections().live(balances, EngineBank.Balances::copy);
        final Recorder<LiveResult<Map<String, Long>>> other = new Recorder<>(Long.MAX_VALUE);
        live.subscribe(other);
        final Recorder<LiveResult<Map<String, Long>>> otherQuery = new Recorder<>(Long.MAX_VALUE);
        engine.projections().live(balances, b -> b.copy()).subscribe(otherQuery);
        final Recorder<LiveResult<Map<String, Long>>> closing = new Recorder<>(Long.MAX_VALUE)
        {
            @Override
            public void onNext(final LiveResult<Map<String, Long>> item)
            {
                super.onNext(item);
                if (item.value().containsKey("acc-1") && 1 == closed.getCount())
                {
                    try
                    {
                        running.close();
                    }
                    catch (final RuntimeException ex)
                    {
                        thrown.set(ex);
                    }
                    closed.countDown();
                }
            }
        };
        live.subscribe(closing);
        try (LogCapture log = LogCapture.start())
        {
            send(new Bank.Open("acc-1"));
            assertTrue(closed.await(Deadlines.standard().toMillis(), TimeUnit.MILLISECONDS),
                "Engine.close from onNext to return without waiting out the handler stop timeout, an hour");
            engine = null;
            assertEquals(null, thrown.get());
            Deadlines.await(() -> closing.complete && other.complete && otherQuery.complete, () -> "every " +
                "subscriber to complete (closing " + closing.complete + ", other " + other.complete + ", other " +
                "query " + otherQuery.complete + ")", Deadlines.standard());
            assertEquals(List.of(), log.records("dev.scribe.engine"),
                "no warning about the subscriber that closed the engine");
        }
    }
}
