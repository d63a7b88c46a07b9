package dev.scribe.engine;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The timer queue fires exactly the timers due, earliest first and by id among equals, whatever was added and
 * cancelled before: checked against a sorted map over random schedules.
 */
class TimerQueueTest
{
    private record Key(long dueNs, long id) implements Comparable<Key>
    {
        @Override
        public int compareTo(final Key other)
        {
            final int byDue = Long.compare(dueNs, other.dueNs);
            return 0 != byDue ? byDue : Long.compare(id, other.id);
        }
    }

    @Property(tries = 300)
    void firesWhatASortedMapWouldWhateverTheSchedule(@ForAll final long seed,
        @ForAll @IntRange(min = 1, max = 2_000) final int operations)
    {
        final Random random = new Random(seed);
        final TimerQueue<String> queue = new TimerQueue<>();
        final TreeMap<Key, String> model = new TreeMap<>();
        final List<Long> pending = new ArrayList<>();
        long nextId = 0;
        long now = 0;
        for (int i = 0; i < operations; i++)
        {
            final int what = random.nextInt(10);
            if (what < 5)
            {
                final long id = nextId++;
                final long due = now + random.nextInt(50); // few distinct times: many ties
                queue.add(id, due, "t" + id);
                model.put(new Key(due, id), "t" + id);
                pending.add(id);
            }
            else if (what < 7 && !pending.isEmpty())
            {
                final long id = pending.remove(random.nextInt(pending.size()));
                final boolean wasPending = model.keySet().removeIf(key -> key.id() == id);
                assertEquals(wasPending, queue.cancel(id), "cancel of timer " + id);
            }
            else
            {
                now += random.nextInt(20);
                final long at = now;
                final List<String> fired = new ArrayList<>();
                queue.fireDue(at, (id, due, payload) ->
                {
                    assertTrue(due <= at, "timer " + id + " due at " + due + " fired at " + at);
                    fired.add(payload);
                });
                final List<String> expected = new ArrayList<>();
                while (!model.isEmpty() && model.firstKey().dueNs() <= at)
                {
                    expected.add(model.pollFirstEntry().getValue());
                }
                assertEquals(expected, fired, "what fired at " + now);
            }
            assertEquals(model.size(), queue.size());
            assertEquals(model.isEmpty() ? Long.MAX_VALUE : model.firstKey().dueNs(), queue.nextDueNs());
            final long probe = now + random.nextInt(30);
            final int cap = 1 + random.nextInt(70);
            final long due = model.keySet().stream().filter(key -> key.dueNs() <= probe).count();
            assertEquals(Math.min(due, cap), queue.countDue(probe, cap), "timers due at " + probe + ", cap " + cap);
        }
    }

    @Test
    void aTimerAddedWhileFiringThatIsDueFiresInTheSamePass()
    {
        final TimerQueue<String> queue = new TimerQueue<>();
        queue.add(1, 10, "first");
        final List<String> fired = new ArrayList<>();
        queue.fireDue(20, (id, due, payload) ->
        {
            fired.add(payload);
            if (1 == id)
            {
                queue.add(2, 15, "added while firing");
                queue.add(3, 25, "not yet due");
            }
        });
        assertEquals(List.of("first", "added while firing"), fired);
        assertEquals(25, queue.nextDueNs());
    }

    @Test
    void badInputGetsAClearError()
    {
        final TimerQueue<String> queue = new TimerQueue<>();
        queue.add(7, 100, "seven");
        assertEquals("timer 7 is already pending",
            assertThrows(IllegalArgumentException.class, () -> queue.add(7, 5, "again")).getMessage());
        assertEquals("timer 8 has no payload",
            assertThrows(IllegalArgumentException.class, () -> queue.add(8, 5, null)).getMessage());
        assertFalse(queue.cancel(9), "a timer never added is not pending");
        assertTrue(queue.cancel(7));
        assertFalse(queue.cancel(7), "a timer cancelled once is pending no more");
        assertEquals(0, queue.size());
    }
}
