package dev.scribe.engine;

import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalEventsTest
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

    private void send(final Object command)
    {
        assertTrue(engine.send(command).join().accepted(), command::toString);
    }

    private void fill()
    {
        for (int a = 0; a < 4; a++)
        {
            send(new Bank.Open("acc-" + a));
        }
        for (int d = 1; d <= 10; d++)
        {
            for (int a = 0; a < 4; a++)
            {
                send(new Bank.Deposit("acc-" + a, d));
            }
            send(new Bank.Transfer("acc-0", "acc-3", 1));
        }
    }

    private static String key(final JournalEvent event)
    {
        return event.position() + "/" + event.index() + " " + event.aggregateId() + "@" + event.version() + " " +
            event.event();
    }

    private List<String> all(final String aggregateId, final boolean forward, final int pageSize)
    {
        final List<String> seen = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 1000; pages++)
        {
            final EventPage page = null == aggregateId ?
                (forward ? engine.events().forward(cursor, pageSize) : engine.events().backward(cursor, pageSize)) :
                (forward ? engine.events().forward(aggregateId, cursor, pageSize) :
                    engine.events().backward(aggregateId, cursor, pageSize));
            assertTrue(page.events().size() <= Math.max(pageSize, 2), "page of " + page.events().size());
            page.events().forEach(event -> seen.add(key(event)));
            cursor = page.cursor();
            if (page.end())
            {
                return seen;
            }
        }
        throw new AssertionError("no end after 1000 pages");
    }

    @Test
    void pagesForwardAndBackwardHoldEveryEventOnceInOrder()
    {
        engine = Engine.launch(Bank.context(dir));
        fill();
        final List<String> reference = new ArrayList<>();
        final RunningSubscription subscription = engine.subscriptions().start(Subscription.named("all")
            .eachEvent(event -> reference.add(key(event))));
        Deadlines.await(() -> subscription.position() >= engine.lastPosition(), "the reference");
        subscription.close();
        assertEquals(4 + 40 + 20, reference.size());
        for (final int size : new int[] {1, 3, 7, 64})
        {
            assertEquals(reference, all(null, true, size), "forward by " + size);
            final List<String> reversed = new ArrayList<>(reference);
            Collections.reverse(reversed);
            assertEquals(reversed, all(null, false, size), "backward by " + size);
        }
        final List<String> acc3 = reference.stream().filter(k -> k.contains(" acc-3@")).toList();
        assertEquals(1 + 10 + 10, acc3.size());
        assertEquals(acc3, all("acc-3", true, 4));
        final List<String> acc3Backward = new ArrayList<>(acc3);
        Collections.reverse(acc3Backward);
        assertEquals(acc3Backward, all("acc-3", false, 5));
        assertTrue(all("nobody", true, 10).isEmpty());
    }

    @Test
    void anEmptyJournalReadsAsAnEmptyPageEitherWay()
    {
        engine = Engine.launch(Bank.context(dir));
        final EventPage backward = engine.events().backward(null, 10);
        assertTrue(backward.events().isEmpty());
        assertTrue(backward.end());
        final EventPage forward = engine.events().forward(null, 10);
        assertTrue(forward.events().isEmpty());
        assertTrue(forward.end());
        send(new Bank.Open("acc-1"));
        assertEquals(1, engine.events().forward(forward.cursor(), 10).events().size(), "the start cursor goes on");
        assertEquals(1, engine.events().backward(null, 10).events().size());
    }

    @Test
    void aCursorAtTheEndGoesOnWithWhatIsJournaledLaterAndSurvivesARestart()
    {
        engine = Engine.launch(Bank.context(dir));
        fill();
        EventPage page = engine.events().forward(null, JournalEvents.MAX_PAGE);
        assertTrue(page.end());
        final String cursor = page.cursor();
        assertTrue(engine.events().forward(cursor, 10).events().isEmpty());
        engine.close();
        engine = Engine.launch(Bank.context(dir));
        send(new Bank.Deposit("acc-1", 99));
        page = engine.events().forward(cursor, 10);
        assertEquals(1, page.events().size());
        assertEquals(new Bank.Deposited(99), page.events().get(0).event());
        assertEquals("acc-1", page.events().get(0).aggregateId());
        assertEquals(12, page.events().get(0).version());
        assertTrue(page.events().get(0).timestampNs() > 0);
        final EventPage newest = engine.events().backward(null, 1);
        assertEquals(page.events(), newest.events());
        assertFalse(newest.end());
    }

    @Test
    void aCursorOfAnotherJournalOrAMangledOneIsRefusedWithTheReason()
    {
        engine = Engine.launch(Bank.context(dir.resolve("one")));
        fill();
        final String cursor = engine.events().forward(null, 5).cursor();
        engine.close();
        engine = Engine.launch(Bank.context(dir.resolve("two")));
        for (int a = 0; a < 9; a++)
        {
            send(new Bank.Open("other-" + a));
        }
        final IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class,
            () -> engine.events().forward(cursor, 5));
        assertTrue(foreign.getMessage().contains("which this journal does not hold"), foreign.getMessage());
        for (final String bad : new String[] {"", "j1.", "j1.!!!", "x1.AAAA", cursor.substring(0, cursor.length() - 2),
            cursor.substring(0, 5) + (cursor.charAt(5) == 'A' ? 'B' : 'A') + cursor.substring(6)})
        {
            final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> engine.events().forward(bad, 5), bad);
            assertTrue(refused.getMessage().startsWith("not a journal cursor"), refused.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> engine.events().forward(null, 0));
        assertThrows(IllegalArgumentException.class, () -> engine.events().forward("", null, 5));
        send(new Bank.Open("still-running"));
    }
}
