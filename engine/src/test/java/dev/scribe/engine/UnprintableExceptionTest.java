package dev.scribe.engine;

import dev.scribe.engine.testing.ExpectedErrors;
import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Application code that throws an exception whose {@code getMessage()} throws in turn (a message built from a field
 * that is null): the command is a handler failure like any other, counted once, and in the error log; a timer whose
 * command throws it fires alone and a saga whose reaction throws it ends FAILED, so neither stays due to fail again
 * on every tick and hold back every later timer; a subscription whose handler throws it parks the event as the policy
 * says and goes on.
 */
@ExpectedErrors("threw; the command was rejected with HANDLER_FAILED")
class UnprintableExceptionTest
{
    private static final long START = 1_800_000_000_000_000_000L;

    /** An exception that cannot say what it is. */
    static final class Unprintable extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        @Override
        public String getMessage()
        {
            throw new IllegalStateException("the message of Unprintable cannot be built");
        }
    }

    record Plan(String id) {}
    record Explode(String id) {}
    record Ping(String id) {}
    record Go(String id) {}
    record Step(String id, boolean ok) {}
    record Data(String id) {}
    record Pinged() {}

    /** A thing that is pinged. */
    static final class Thing implements Aggregate
    {
        void apply(final Pinged event)
        {
        }
    }

    static final Saga<Data> UNPRINTABLE_UNDO = Saga.named("unprintable-undo", Data.class)
        .step("a", Saga.command(d -> new Step(d.id(), true)), Saga.command(d ->
        {
            throw new Unprintable();
        }))
        .step("b", Saga.command(d -> new Step(d.id(), false)));

    @TempDir
    Path dir;

    private EngineContext things(final TestClock clock)
    {
        return new EngineContext().directory(dir).epochNanoClock(clock)
            .aggregate(Thing.class, Thing::new)
            .event(Pinged.class, 1)
            .saga(UNPRINTABLE_UNDO)
            .command(Explode.class, Thing.class, Explode::id, (final Explode cmd, final Thing thing,
                final Decision out) ->
            {
                throw new Unprintable();
            })
            .command(Ping.class, Thing.class, Ping::id, (final Ping cmd, final Thing thing, final Decision out) ->
                out.emit(new Pinged()))
            .command(Plan.class, Thing.class, Plan::id, (final Plan cmd, final Thing thing, final Decision out) ->
            {
                out.schedule(new Explode(cmd.id()), Duration.ofSeconds(1));
                out.schedule(new Ping(cmd.id()), Duration.ofSeconds(2));
                out.emit(new Pinged());
            })
            .command(Step.class, Thing.class, Step::id, (final Step cmd, final Thing thing, final Decision out) ->
            {
                if (!cmd.ok())
                {
                    out.reject("step refused");
                    return;
                }
                out.emit(new Pinged());
            })
            .command(Go.class, Thing.class, Go::id, (final Go cmd, final Thing thing, final Decision out) ->
            {
                out.startSaga(UNPRINTABLE_UNDO, cmd.id(), new Data(cmd.id()));
                out.schedule(new Ping(cmd.id()), Duration.ofSeconds(1));
                out.emit(new Pinged());
            });
    }

    @Test
    void aCommandWhoseHandlerThrowsItIsAHandlerFailure()
    {
        try (Engine engine = Engine.launch(things(new TestClock(START))))
        {
            final Outcome failed = EngineBank.await(engine.send(new Explode("t1")));
            assertEquals(Outcome.Status.HANDLER_FAILED, failed.status(), failed.toString());
            assertTrue(failed.reason().contains(Unprintable.class.getName()), failed.reason());
            assertTrue(EngineBank.await(engine.send(new Ping("t1"))).accepted(), "the engine goes on");
            Deadlines.await(() -> 1 == engine.counters().errorCount(), "the failure in the error log");
            final Map<String, Long> counters = ToolRun.counters(dir);
            assertEquals(2, counters.get("commands processed"), counters.toString());
            assertEquals(1, counters.get("commands rejected"), counters.toString());
            assertEquals(1, counters.get("commands whose handler threw (also counted rejected)"));
        }
        final String errors = ToolRun.errors(dir);
        assertTrue(errors.contains("the handler of " + Explode.class.getName() + " threw") &&
            errors.contains(Unprintable.class.getName()), errors);
    }

    @Test
    void aSubscriptionWhoseHandlerThrowsItParksTheEventAndGoesOn()
    {
        try (Engine engine = Engine.launch(things(new TestClock(START))))
        {
            final RunningSubscription subscription = engine.subscriptions().start(Subscription.named("pings")
                .eachEvent(event ->
                {
                    throw new Unprintable();
                }));
            EngineBank.await(engine.send(new Ping("t1")));
            final long last = EngineBank.await(engine.send(new Ping("t2"))).position();
            Deadlines.await(() -> subscription.position() >= last || !subscription.isRunning(),
                "the subscription to park both events and go on, or to stop");
            assertTrue(subscription.isRunning(), String.valueOf(subscription.failure()));
            assertEquals(2, subscription.parked().size());
            assertTrue(subscription.parked().get(0).error().contains(Unprintable.class.getName()),
                subscription.parked().get(0).error());
        }
    }

    @Test
    void aTimerWhoseCommandThrowsItFiresAloneAndTheNextTimerFires()
    {
        final TestClock clock = new TestClock(START);
        try (Engine engine = Engine.launch(things(clock)))
        {
            assertTrue(engine.send(new Plan("t1")).join().accepted());
            clock.advance(3, TimeUnit.SECONDS);
            Deadlines.await(() -> TimerEngineTest.fired(engine).size() == 2, "both timers to fire");
            final TimerFired explode = TimerEngineTest.journal(engine).stream()
                .filter(e -> e.event() instanceof TimerFired).map(e -> (TimerFired)e.event()).findFirst()
                .orElseThrow();
            assertTrue(explode.rejection().contains(Unprintable.class.getName()), explode.toString());
        }
    }

    @Test
    void aSagaReactionThatThrowsItEndsTheRunFailedAndTheNextTimerFires()
    {
        final TestClock clock = new TestClock(START);
        try (Engine engine = Engine.launch(things(clock)))
        {
            assertTrue(engine.send(new Go("g1")).join().accepted());
            Deadlines.await(() ->
            {
                final SagaView view = engine.events().saga(UNPRINTABLE_UNDO, "g1");
                return null != view && view.ended();
            }, "the run to end");
            final SagaView view = engine.events().saga(UNPRINTABLE_UNDO, "g1");
            assertEquals("FAILED", view.status());
            assertTrue(view.reason().contains(Unprintable.class.getName()), view.toString());
            clock.advance(2, TimeUnit.SECONDS);
            Deadlines.await(() -> TimerEngineTest.journal(engine).stream().anyMatch(e -> e.event() instanceof
                TimerFired), "the later timer to fire");
        }
    }
}
