package dev.scribe.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded random runs of scheduling, cancelling, fired commands that schedule more, rejected timer commands and clock
 * moves, through the command fixture. For each run, an engine launched on the journal afterwards (at the fixture's
 * clock) replays it to the same state and the same pending timers, and the journal holds exactly the timers that
 * fired, in the order they fired, each in one record with the events of the command it sent.
 */
class TimerReplayPropertyTest
{
    private static final int RUNS = Integer.getInteger("scribe.timers.runs", 60);

    @TempDir
    Path root;

    @Test
    void aReplayedJournalHoldsTheSameTimersFiredAndTheSameCommandsSent() throws IOException
    {
        int fired = 0;
        for (int run = 0; run < RUNS; run++)
        {
            fired += check(run, Files.createDirectory(root.resolve("run-" + run)));
        }
        assertTrue(fired >= RUNS, "the runs fire timers: " + fired + " in " + RUNS + " runs");
    }

    private static int check(final long seed, final Path dir)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final List<String> fired = new ArrayList<>();
        final long hash;
        final long clockNs;
        final List<String> pending;
        try (CommandFixture orders = CommandFixture.launch(Orders.context(dir)))
        {
            for (int step = 0; step < 80; step++)
            {
                final String order = "o" + random.nextInt(12);
                switch (random.nextInt(6))
                {
                    case 0 -> orders.when(new Orders.Reserve(order, random.nextInt(3_000)));
                    case 1 -> orders.when(new Orders.Confirm(order));
                    case 2 -> orders.when(new Orders.Remind(order, 1 + random.nextInt(3)));
                    case 3 -> orders.when(new Orders.ScheduleRejected(order));
                    default ->
                    {
                        for (final CommandFixture.Result result : orders.advance(
                            Duration.ofMillis(random.nextInt(1_500))))
                        {
                            fired.add(describe(result.events()));
                        }
                    }
                }
            }
            hash = orders.stateHash();
            clockNs = orders.clock().nanoTime();
            pending = orders.pendingTimers().stream().map(t -> t.timerId() + "@" + t.dueNs()).toList();
        }
        try (Engine engine = Engine.launch(Orders.context(dir).epochNanoClock(new TestClock(clockNs))))
        {
            assertEquals(hash, engine.stateHash(), "seed " + seed + ": the replayed state");
            final Map<Long, List<Object>> records = new LinkedHashMap<>();
            for (final JournalEvent event : TimerEngineTest.journal(engine))
            {
                records.computeIfAbsent(event.position(), p -> new ArrayList<>()).add(event.event());
            }
            final List<String> journaled = records.values().stream()
                .filter(events -> events.stream().anyMatch(TimerFired.class::isInstance))
                .map(TimerReplayPropertyTest::describe).toList();
            assertEquals(fired, journaled, "seed " + seed + ": the timers fired and the commands they sent");
        }
        final List<String> stillPending = new ArrayList<>();
        try (CommandFixture replayed = CommandFixture.launch(Orders.context(dir)))
        {
            replayed.pendingTimers().forEach(t -> stillPending.add(t.timerId() + "@" + t.dueNs()));
        }
        assertEquals(pending, stillPending, "seed " + seed + ": the pending timers");
        return fired.size();
    }

    /** A record's events as text, the timer's scheduling events by id and due time (their bytes print as arrays). */
    private static String describe(final List<Object> events)
    {
        final StringBuilder text = new StringBuilder();
        for (final Object event : events)
        {
            text.append(event instanceof TimerScheduled scheduled ?
                "TimerScheduled[" + scheduled.timerId() + "@" + scheduled.dueNs() + "]" : event).append(';');
        }
        return text.toString();
    }
}
