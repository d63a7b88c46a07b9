package dev.scribe.engine;

import dev.scribe.journal.JournalContext;
import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A timer whose command emits more than a journal record may hold cannot send it: the timer fires alone, with the
 * reason, as it does when its command is rejected. It does not stay due, to be decided again at every tick and keep
 * every timer due after it from firing.
 */
class TimerUnwritableTest
{
    private static final long START = 1_800_000_000_000_000_000L;
    private static final int MAX_RECORD_BYTES = 4096;

    record Plan(String id) {}
    record Grow(String id) {}
    record Finish(String id) {}
    record Grown(String padding) {}
    record Finished() {}

    static final class Thing implements Aggregate
    {
        void apply(final Grown event)
        {
        }

        void apply(final Finished event)
        {
        }
    }

    @TempDir
    Path dir;

    @Test
    void aTimerWhoseCommandsEventsTakeTooManyBytesFiresAloneAndTheNextTimerFires()
    {
        final TestClock clock = new TestClock(START);
        final EngineContext context = new EngineContext()
            .directory(dir)
            .epochNanoClock(clock)
            .journalContext(new JournalContext().maxRecordBytes(MAX_RECORD_BYTES))
            .aggregate(Thing.class, Thing::new)
            .command(Plan.class, Plan::id, (final Plan cmd, final Thing thing, final Decision out) ->
            {
                out.schedule(new Grow(cmd.id()), Duration.ofMillis(1));
                out.schedule(new Finish(cmd.id()), Duration.ofMillis(2));
            })
            .command(Grow.class, Grow::id, (final Grow cmd, final Thing thing, final Decision out) ->
                out.emit(new Grown("x".repeat(2 * MAX_RECORD_BYTES))))
            .command(Finish.class, Finish::id, (final Finish cmd, final Thing thing, final Decision out) ->
                out.emit(new Finished()));
        try (Engine engine = Engine.launch(context))
        {
            assertTrue(engine.send(new Plan("a")).join().accepted());
            clock.advance(1, TimeUnit.SECONDS);
            Deadlines.await(() -> TimerEngineTest.fired(engine).size() == 2, "both timers to fire");
            final List<JournalEvent> journal = TimerEngineTest.journal(engine);
            final List<JournalEvent> fired = journal.stream().filter(e -> e.event() instanceof TimerFired).toList();
            final TimerFired grow = (TimerFired)fired.get(0).event();
            assertEquals(1L, grow.timerId());
            assertTrue(null != grow.rejection() && grow.rejection().contains("maxRecordBytes " + MAX_RECORD_BYTES),
                "the timer fired alone with the reason: " + grow);
            assertEquals(1, journal.stream().filter(e -> e.position() == fired.get(0).position()).count(),
                "alone in its record");
            final TimerFired finish = (TimerFired)fired.get(1).event();
            assertEquals(2L, finish.timerId());
            assertNull(finish.rejection());
            assertTrue(journal.stream().anyMatch(e -> e.event() instanceof Finished &&
                e.position() == fired.get(1).position()), "the next timer's command was sent");
            assertTrue(journal.stream().noneMatch(e -> e.event() instanceof Grown), "nothing of the big command");
        }
    }
}
