package dev.scribe.engine;

import dev.scribe.test.ChildJvm;
import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * An engine whose orders expire by timers a few milliseconds after they are reserved is killed with SIGKILL at random
 * moments while it takes reservations and fires their timers ({@link TimerChild}). After the last round this process
 * launches the engine on the journal and waits for every timer to fire. The journal then holds, for every timer
 * scheduled, exactly one {@link TimerFired}, in one record with the one {@link Orders.Expired} of the order it was
 * scheduled for; no order expired twice; every reservation a child had acknowledged is there; and timers pending at
 * a kill fired after the relaunch. Rounds ({@value #ROUNDS_PROP_NAME}) and seed ({@value #SEED_PROP_NAME}) can be set.
 */
class TimerKillTest
{
    static final String ROUNDS_PROP_NAME = "scribe.test.timer.kill.rounds";
    static final String SEED_PROP_NAME = "scribe.test.timer.kill.seed";

    private static final int MAX_SENT_LINES = 30;
    private static final long MAX_EXTRA_DELAY_NS = 20_000_000;

    @TempDir
    Path dir;

    @Test
    void timersFireExactlyOnceAcrossKillsAtRandomMoments() throws Exception
    {
        final int rounds = Integer.getInteger(ROUNDS_PROP_NAME, 4);
        final long seed = Long.getLong(SEED_PROP_NAME, 0x7133_0001L);
        final SplittableRandom random = new SplittableRandom(seed);
        final Path engineDir = dir.resolve("engine");
        // the journal's last position at each launch: a timer scheduled at or before one and fired after it was
        // pending when the engine before that launch was killed
        final List<Long> launches = new ArrayList<>();
        final int[] acknowledged = new int[rounds];
        for (int round = 0; round < rounds; round++)
        {
            final int sentLines = 1 + random.nextInt(MAX_SENT_LINES);
            final long extraDelayNs = random.nextLong(MAX_EXTRA_DELAY_NS + 1);
            try (ChildJvm child = ChildJvm.start(TimerChild.class, dir.resolve("child-" + round + ".err"),
                engineDir.toString(), Integer.toString(round), Long.toString(seed + round)))
            {
                final String ready = child.awaitLine(line -> line.startsWith("READY "), Deadlines.standard());
                launches.add(Long.parseLong(ready.substring("READY ".length())));
                for (int i = 0; i < sentLines; i++)
                {
                    child.awaitLine(line -> line.startsWith("SENT "), Deadlines.standard());
                }
                LockSupport.parkNanos(extraDelayNs); // a random moment, not a synchronisation
                child.kill(Deadlines.standard());
                for (final String line : child.seen())
                {
                    if (line.startsWith("SENT "))
                    {
                        acknowledged[round] = Math.max(acknowledged[round],
                            Integer.parseInt(line.substring("SENT ".length())));
                    }
                    else if (line.startsWith("FAILED "))
                    {
                        fail("seed " + seed + " round " + round + ": " + line);
                    }
                }
            }
        }

        final List<JournalEvent> journal;
        try (Engine engine = Engine.launch(Orders.context(engineDir)))
        {
            // nothing is sent now, so the timers scheduled are those of the journal as it is at launch
            final long launched = engine.lastPosition();
            launches.add(launched);
            final Set<Long> scheduled = new HashSet<>();
            final Set<Long> fired = new HashSet<>();
            final JournalTail tail = new JournalTail(engine);
            final Runnable readOn = () -> tail.read().forEach(event ->
            {
                if (event.event() instanceof TimerScheduled timer)
                {
                    assertTrue(event.position() <= launched, () -> "timer " + timer.timerId() + " scheduled at " +
                        event.position() + ", after the launch at " + launched);
                    scheduled.add(timer.timerId());
                }
                else if (event.event() instanceof TimerFired timer)
                {
                    fired.add(timer.timerId());
                }
            });
            Deadlines.await(() ->
            {
                readOn.run();
                return fired.containsAll(scheduled);
            }, () -> "seed " + seed + ": every one of the " + scheduled.size() + " timers scheduled to fire; " +
                fired.size() + " fired", Deadlines.standard());
            // a barrier: ticks in flight are decided before this command, so the journal read after its answer
            // holds whatever they did
            assertEquals(Outcome.Status.REJECTED, engine.send(new Orders.Confirm("r0-0")).join().status());
            journal = TimerEngineTest.journal(engine);
        }
        check(seed, journal, acknowledged, launches);
    }

    private static void check(final long seed, final List<JournalEvent> journal, final int[] acknowledged,
        final List<Long> launches)
    {
        final String where = "seed " + seed + ": ";
        final Map<Long, String> orderOf = new HashMap<>();
        final Map<Long, Long> scheduledAt = new HashMap<>();
        final Map<Long, Long> firedAt = new HashMap<>();
        final Map<String, Integer> expiries = new HashMap<>();
        final Map<Long, List<JournalEvent>> records = new LinkedHashMap<>();
        for (final JournalEvent event : journal)
        {
            records.computeIfAbsent(event.position(), position -> new ArrayList<>()).add(event);
            if (event.event() instanceof Orders.Reserved reserved)
            {
                assertNull(orderOf.put(reserved.expiryTimer(), event.aggregateId()),
                    () -> where + "timer " + reserved.expiryTimer() + " given to two orders");
            }
            else if (event.event() instanceof TimerScheduled timer)
            {
                assertNull(scheduledAt.put(timer.timerId(), event.position()),
                    () -> where + "timer " + timer.timerId() + " scheduled twice");
            }
            else if (event.event() instanceof TimerFired timer)
            {
                assertNull(firedAt.put(timer.timerId(), event.position()),
                    () -> where + "timer " + timer.timerId() + " fired twice");
                assertNull(timer.rejection(), () -> where + "timer " + timer.timerId() + "'s command was rejected");
            }
            else if (event.event() instanceof Orders.Expired)
            {
                expiries.merge(event.aggregateId(), 1, Integer::sum);
            }
            else if (event.event() instanceof TimerCancelled)
            {
                fail(where + "no order is confirmed, so no timer is cancelled: " + event);
            }
        }
        int lowerBound = 0;
        for (int round = 0; round < acknowledged.length; round++)
        {
            lowerBound += acknowledged[round];
            for (int n = 0; n < acknowledged[round]; n++)
            {
                final String order = "r" + round + "-" + n;
                assertTrue(orderOf.containsValue(order), () -> where + "the acknowledged reservation of " + order +
                    " is in the journal");
            }
        }
        assertTrue(lowerBound >= acknowledged.length * TimerChild.GROUP,
            where + "every round had a group acknowledged: " + lowerBound);
        assertTrue(scheduledAt.size() >= lowerBound, where + scheduledAt.size() + " timers scheduled, at least the " +
            lowerBound + " reservations acknowledged");
        assertEquals(scheduledAt.keySet(), orderOf.keySet(), where + "each timer is an order's expiry");
        assertEquals(scheduledAt.keySet(), firedAt.keySet(), where + "every timer scheduled fired");
        int pendingAtAKill = 0;
        for (final Map.Entry<Long, Long> entry : firedAt.entrySet())
        {
            final long timerId = entry.getKey();
            final long position = entry.getValue();
            final List<JournalEvent> record = records.get(position);
            final List<JournalEvent> expired = record.stream()
                .filter(event -> event.event() instanceof Orders.Expired).toList();
            assertEquals(1, expired.size(), () -> where + "timer " + timerId + "'s record holds one expiry: " + record);
            assertEquals(orderOf.get(timerId), expired.get(0).aggregateId(),
                () -> where + "timer " + timerId + " expired the order it was scheduled for");
            assertEquals(2, record.size(), () -> where + "timer " + timerId + "'s record holds its firing and the " +
                "expiry: " + record);
            assertTrue(position > scheduledAt.get(timerId), () -> where + "timer " + timerId + " fired after it " +
                "was scheduled");
            final long scheduled = scheduledAt.get(timerId);
            if (launches.stream().anyMatch(launch -> scheduled <= launch && launch < position))
            {
                pendingAtAKill++;
            }
        }
        assertEquals(firedAt.size(), expiries.size(), where + "each timer expired one order");
        expiries.forEach((order, times) -> assertEquals(1, times, () -> where + order + " expired " + times +
            " times"));
        assertTrue(pendingAtAKill > 0, where + "some timers were pending at a kill and fired after the relaunch");
    }

    /** The journal's events read forward from where the last read ended. */
    private static final class JournalTail
    {
        private final Engine engine;
        private String cursor;

        JournalTail(final Engine engine)
        {
            this.engine = engine;
        }

        /** The events journaled since the last read. */
        List<JournalEvent> read()
        {
            final List<JournalEvent> events = new ArrayList<>();
            while (true)
            {
                final EventPage page = engine.events().forward(cursor, 1_000);
                events.addAll(page.events());
                cursor = null == page.cursor() ? cursor : page.cursor();
                if (page.end())
                {
                    return events;
                }
            }
        }
    }
}
