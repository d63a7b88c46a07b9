package dev.scribe.engine;

import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Timers that must not hold back later ones: a timer whose command is rejected with a reason too large to journal,
 * and a saga's compensation whose function throws an error.
 */
class SagaAttackTest
{
    private static final long START = 1_800_000_000_000_000_000L;

    @TempDir
    Path dir;

    record Ping(String box, int reasonBytes) {}

    record Arm(String box) {}

    record Pinged() {}

    record Armed() {}

    record Stepped() {}

    static final class Box implements Aggregate
    {
        int pings;

        void apply(final Pinged event)
        {
            pings++;
        }

        void apply(final Armed event)
        {
        }

        void apply(final Stepped event)
        {
        }
    }

    record Step(String id, boolean ok) {}

    record Data(String id) {}

    static final Saga<Data> BROKEN_UNDO = Saga.named("broken-undo", Data.class)
        .step("a", Saga.command(d -> new Step(d.id(), true)), Saga.command(d ->
        {
            throw new AssertionError("no undo for " + d.id());
        }))
        .step("b", Saga.command(d -> new Step(d.id(), false)));

    record Go(String id) {}

    private static EngineContext boxes(final Path dir, final TestClock clock)
    {
        return new EngineContext().directory(dir).epochNanoClock(clock)
            .aggregate(Box.class, Box::new)
            .saga(BROKEN_UNDO)
            .command(Ping.class, Box.class, Ping::box, (final Ping cmd, final Box box, final Decision out) ->
            {
                if (cmd.reasonBytes() > 0)
                {
                    out.reject("x".repeat(cmd.reasonBytes()));
                    return;
                }
                out.emit(new Pinged());
            })
            .command(Arm.class, Box.class, Arm::box, (final Arm cmd, final Box box, final Decision out) ->
            {
                out.schedule(new Ping(cmd.box(), 2 * 1024 * 1024), Duration.ofSeconds(1));
                out.schedule(new Ping(cmd.box(), 0), Duration.ofSeconds(2));
                out.emit(new Armed());
            })
            .command(Step.class, Box.class, Step::id, (final Step cmd, final Box box, final Decision out) ->
            {
                if (!cmd.ok())
                {
                    out.reject("step refused");
                    return;
                }
                out.emit(new Stepped());
            })
            .command(Go.class, Box.class, Go::id, (final Go cmd, final Box box, final Decision out) ->
            {
                out.startSaga(BROKEN_UNDO, cmd.id(), new Data(cmd.id()));
                out.schedule(new Ping(cmd.id(), 0), Duration.ofSeconds(1));
                out.emit(new Armed());
            });
    }

    @Test
    void aTimerRejectedWithAHugeReasonDoesNotHoldBackLaterTimers()
    {
        final TestClock clock = new TestClock(START);
        try (Engine engine = Engine.launch(boxes(dir, clock)))
        {
            assertTrue(engine.send(new Arm("b1")).join().accepted());
            clock.advance(3, TimeUnit.SECONDS);
            Deadlines.await(() -> TimerEngineTest.fired(engine).size() == 2, "both timers to fire");
        }
    }

    @Test
    void aCompensationThatThrowsAnErrorDoesNotHoldBackLaterTimers()
    {
        final TestClock clock = new TestClock(START);
        try (Engine engine = Engine.launch(boxes(dir, clock)))
        {
            assertTrue(engine.send(new Go("g1")).join().accepted());
            Deadlines.await(() ->
            {
                final SagaView view = engine.events().saga(BROKEN_UNDO, "g1");
                return null != view && view.ended();
            }, "the run to end");
            assertEquals("FAILED", engine.events().saga(BROKEN_UNDO, "g1").status());
            clock.advance(2, TimeUnit.SECONDS);
            Deadlines.await(() -> TimerEngineTest.journal(engine).stream().anyMatch(e -> e.event() instanceof Pinged),
                "the later timer to fire");
        }
    }
}
