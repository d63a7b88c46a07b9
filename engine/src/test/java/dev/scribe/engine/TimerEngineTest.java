package dev.scribe.engine;

import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Timers on a running engine: its own thread fires them from the engine clock (a {@link TestClock} here, moved by
 * the test), once, in due order; they survive a relaunch and a snapshot, and a replay of the journal fires nothing.
 */
class TimerEngineTest
{
    private static final long START = 1_800_000_000_000_000_000L;

    @TempDir
    Path dir;

    private static EngineContext context(final Path dir, final TestClock clock, final Orders.Seen seen)
    {
        return Orders.context(dir).epochNanoClock(clock).projection(seen);
    }

    /** Every event of the journal, oldest first. */
    static List<JournalEvent> journal(final Engine engine)
    {
        final List<JournalEvent> events = new ArrayList<>();
        String cursor = null;
        while (true)
        {
            final EventPage page = engine.events().forward(cursor, 1_000);
            events.addAll(page.events());
            cursor = page.cursor();
            if (page.end())
            {
                return events;
            }
        }
    }

    static List<Long> fired(final Engine engine)
    {
        return journal(engine).stream().filter(e -> e.event() instanceof TimerFired)
            .map(e -> ((TimerFired)e.event()).timerId()).toList();
    }

    @Test
    void theEngineFiresADueTimerOnceFromItsClock()
    {
        final TestClock clock = new TestClock(START);
        final Orders.Seen seen = new Orders.Seen();
        try (Engine engine = Engine.launch(context(dir, clock, seen)))
        {
            assertTrue(engine.send(new Orders.Reserve("o1", 1_000)).join().accepted());
            assertTrue(engine.send(new Orders.Reserve("o2", 2_000)).join().accepted());
            clock.advance(1_500, TimeUnit.MILLISECONDS);
            Deadlines.await(() -> seen.count(Orders.Expired.class) == 1, "the first order to expire");
            final List<JournalEvent> journal = journal(engine);
            final JournalEvent expired = journal.stream().filter(e -> e.event() instanceof Orders.Expired)
                .findFirst().orElseThrow();
            final JournalEvent timerFired = journal.stream().filter(e -> e.event() instanceof TimerFired)
                .findFirst().orElseThrow();
            assertEquals(expired.position(), timerFired.position(), "the timer fired in its command's record");
            assertEquals("o1", expired.aggregateId());
            assertEquals(START + 1_500_000_000L, expired.timestampNs(), "decided at the clock's time");

            clock.advance(1, TimeUnit.SECONDS);
            Deadlines.await(() -> seen.count(Orders.Expired.class) == 2, "the second order to expire");
            assertEquals(List.of(1L, 2L), fired(engine));
            assertEquals(2, seen.count(TimerFired.class), "projections see the timer events");
        }
    }

    @Test
    void aTimerPendingAtCloseFiresAfterTheRelaunchAndOnlyOnce()
    {
        final TestClock clock = new TestClock(START);
        final long hash;
        try (Engine engine = Engine.launch(context(dir, clock, new Orders.Seen())))
        {
            assertTrue(engine.send(new Orders.Reserve("o1", 60_000)).join().accepted());
            assertTrue(engine.send(new Orders.Reserve("o2", 60_000)).join().accepted());
            assertTrue(engine.send(new Orders.Confirm("o2")).join().accepted());
        }
        clock.advance(2, TimeUnit.MINUTES);
        final Orders.Seen seen = new Orders.Seen();
        try (Engine engine = Engine.launch(context(dir, clock, seen)))
        {
            Deadlines.await(() -> seen.count(Orders.Expired.class) == 1, "the pending timer to fire after relaunch");
            assertEquals(List.of(1L), fired(engine), "the cancelled timer does not fire");
            hash = engine.stateHash();
        }
        try (Engine engine = Engine.launch(context(dir, clock, new Orders.Seen())))
        {
            assertEquals(hash, engine.stateHash(), "replay rebuilds the same timers");
            // a barrier: a command after launch is decided after any tick the launch could have published
            assertTrue(engine.send(new Orders.Reserve("o3", 60_000)).join().accepted());
            assertEquals(List.of(1L), fired(engine), "replay fires nothing");
        }
    }

    @Test
    void manyTimersDueAtOnceFireInDueThenIdOrder()
    {
        final TestClock clock = new TestClock(START);
        final Orders.Seen seen = new Orders.Seen();
        final int count = 500;
        try (Engine engine = Engine.launch(context(dir, clock, seen)))
        {
            for (int i = 0; i < count; i++)
            {
                // every fourth is due later than the rest
                assertTrue(engine.send(new Orders.Reserve("o" + i, i % 4 == 0 ? 2_000 : 1_000)).join().accepted());
            }
            clock.advance(5, TimeUnit.SECONDS);
            Deadlines.await(() -> seen.count(Orders.Expired.class) == count, "every order to expire");
            final List<Long> fired = fired(engine);
            final List<Long> expected = new ArrayList<>();
            for (long id = 1; id <= count; id++)
            {
                if ((id - 1) % 4 != 0)
                {
                    expected.add(id);
                }
            }
            for (long id = 1; id <= count; id += 4)
            {
                expected.add(id);
            }
            assertEquals(expected, fired);
        }
    }

    @Test
    void pendingTimersGoIntoASnapshotAndFireAfterARelaunchFromIt()
    {
        final TestClock clock = new TestClock(START);
        try (Engine engine = Engine.launch(context(dir, clock, new Orders.Seen())))
        {
            for (int i = 0; i < 20; i++)
            {
                assertTrue(engine.send(new Orders.Reserve("o" + i, 1_000 + i)).join().accepted());
            }
            assertTrue(engine.send(new Orders.Confirm("o3")).join().accepted());
            assertNotNull(engine.snapshot().join());
        }
        clock.advance(1, TimeUnit.MINUTES);
        final Orders.Seen seen = new Orders.Seen();
        try (Engine engine = Engine.launch(context(dir, clock, seen)))
        {
            assertNotNull(engine.recovery().snapshot(), engine.recovery().toString());
            assertEquals(0, engine.recovery().replayedRecords());
            Deadlines.await(() -> seen.count(Orders.Expired.class) == 19, "the 19 pending timers to fire");
            final List<Long> fired = fired(engine);
            assertEquals(19, fired.size());
            assertTrue(fired.stream().noneMatch(id -> id == 4L), "the cancelled timer stays cancelled");
            // a timer scheduled now gets the next id, from the snapshot's
            assertTrue(engine.send(new Orders.Reserve("later", 1)).join().accepted());
            clock.advance(1, TimeUnit.SECONDS);
            Deadlines.await(() -> fired(engine).contains(21L), "timer 21 to fire");
        }
    }

    @Test
    void anEngineThatNeverSchedulesATimerRunsNoTimerThread()
    {
        try (Engine engine = Engine.launch(Orders.context(dir)))
        {
            assertTrue(engine.send(new Orders.Confirm("nothing")).join().reason().contains("cannot be confirmed"));
            assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("scribe-timers") && t.isAlive()));
            assertTrue(engine.send(new Orders.Reserve("o1", Duration.ofHours(1).toMillis())).join().accepted());
            Deadlines.await(() -> Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("scribe-timers")), "the timer thread to start");
        }
        assertTrue(Thread.getAllStackTraces().keySet().stream()
            .noneMatch(t -> t.getName().equals("scribe-timers") && t.isAlive()), "close stops the timer thread");
    }
}
