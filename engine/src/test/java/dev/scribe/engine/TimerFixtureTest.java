package dev.scribe.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Timers through the command fixture: scheduled with the handler's events, fired by moving the clock, cancelled,
 * fired with a rejection when their command is refused, and kept across a relaunch on the same journal.
 */
class TimerFixtureTest
{
    @TempDir
    Path dir;

    @Test
    void aTimerFiresItsCommandOnceWhenTheClockReachesIt()
    {
        try (CommandFixture orders = CommandFixture.launch(Orders.context(null)))
        {
            final TimerScheduled timer = orders.when(new Orders.Reserve("o1", 5_000))
                .thenScheduled(new Orders.Expire("o1"));
            assertEquals(orders.clock().nanoTime() + Duration.ofSeconds(5).toNanos(), timer.dueNs());
            assertEquals(List.of(timer), orders.pendingTimers());

            assertEquals(List.of(), orders.advance(Duration.ofMillis(4_999)), "not due yet");
            final List<CommandFixture.Result> fired = orders.advance(Duration.ofMillis(1));
            assertEquals(1, fired.size());
            fired.get(0).thenEmitted(new Orders.Expired());
            assertEquals(List.of(new TimerFired(timer.timerId(), null)), fired.get(0).timerEvents());
            assertTrue(orders.aggregate(Orders.Order.class, "o1").expired);
            assertEquals(List.of(), orders.pendingTimers());
            assertEquals(List.of(), orders.advance(Duration.ofDays(1)), "a timer fires once");
        }
    }

    @Test
    void aCancelledTimerNeverFires()
    {
        try (CommandFixture orders = CommandFixture.launch(Orders.context(null)))
        {
            final long timerId = orders.when(new Orders.Reserve("o1", 1_000)).thenScheduled(new Orders.Expire("o1"))
                .timerId();
            final CommandFixture.Result confirmed = orders.when(new Orders.Confirm("o1"))
                .thenEmitted(new Orders.Confirmed(true));
            assertEquals(List.of(new TimerCancelled(timerId)), confirmed.timerEvents());
            assertEquals(List.of(), orders.advance(Duration.ofHours(1)));
            assertFalse(orders.aggregate(Orders.Order.class, "o1").expired);
        }
    }

    @Test
    void aTimerWhoseCommandIsRejectedFiresOnceWithTheReason()
    {
        try (CommandFixture orders = CommandFixture.launch(Orders.context(null)))
        {
            final long timerId = orders.when(new Orders.ScheduleRejected("o1"))
                .thenScheduled(new Orders.Refuse("o1")).timerId();
            final List<CommandFixture.Result> fired = orders.advance(Duration.ofMillis(1));
            assertEquals(1, fired.size());
            assertEquals(List.of(new TimerFired(timerId, "refused o1")), fired.get(0).events());
            assertEquals(List.of(), orders.advance(Duration.ofDays(1)));
        }
    }

    @Test
    void schedulingACommandThatIsNotRegisteredRejectsTheCommandThatTried()
    {
        try (CommandFixture orders = CommandFixture.launch(Orders.context(null)))
        {
            orders.when(new Orders.ScheduleUnknown("o1")).thenRejected(
                "a timer can only send a registered command: " + Orders.NotRegistered.class.getName() +
                " is not registered");
            assertEquals(List.of(), orders.pendingTimers());
            assertNull(orders.aggregate(Orders.Order.class, "o1"));
        }
    }

    @Test
    void timersScheduledByFiredCommandsFireInTurn()
    {
        try (CommandFixture orders = CommandFixture.launch(Orders.context(null)))
        {
            orders.when(new Orders.Remind("o1", 3)).thenEmitted(new Orders.Reminded(2));
            assertEquals(1, orders.advance(Duration.ofMillis(10)).size());
            assertEquals(1, orders.advance(Duration.ofMillis(10)).size());
            assertEquals(List.of(), orders.advance(Duration.ofMillis(10)));
            assertEquals(3, orders.aggregate(Orders.Order.class, "o1").reminders);
        }
    }

    @Test
    void pendingTimersAndTheirIdsSurviveARelaunchOnTheSameJournal()
    {
        final long first;
        final long hash;
        try (CommandFixture orders = CommandFixture.launch(Orders.context(dir)))
        {
            first = orders.when(new Orders.Reserve("o1", 1_000)).thenScheduled(new Orders.Expire("o1")).timerId();
            orders.when(new Orders.Reserve("o2", 2_000)).thenAccepted();
            hash = orders.stateHash();
        }
        try (CommandFixture orders = CommandFixture.launch(Orders.context(dir)))
        {
            assertEquals(hash, orders.stateHash());
            assertEquals(2, orders.pendingTimers().size());
            final long third = orders.when(new Orders.Reserve("o3", 3_000)).thenScheduled(new Orders.Expire("o3"))
                .timerId();
            assertEquals(first + 2, third, "ids go on from the journal's");
            assertEquals(3, orders.advance(Duration.ofSeconds(3)).size());
        }
    }

    @Test
    void anApplicationAggregateCannotTakeTheEnginesOwnIds()
    {
        try (CommandFixture orders = CommandFixture.launch(Orders.context(null)))
        {
            orders.when(new Orders.Reserve("$timers", 1_000)).thenRejected(
                "aggregate ids starting with '$' are the engine's own (timers, sagas): $timers");
            orders.when(new Orders.Reserve("$saga:x:y", 1_000)).thenRejected("are the engine's own");
            orders.when(new Orders.Reserve("o1", 1_000)).thenScheduled(new Orders.Expire("o1"));
            assertEquals(1, orders.advance(Duration.ofSeconds(1)).size(), "timers work as before");
        }
    }

    @Test
    void aTimerThatReschedulesItselfAtOnceForEverIsCaught()
    {
        try (CommandFixture orders = CommandFixture.launch(Orders.context(null)))
        {
            orders.when(new Orders.Forever("o1")).thenAccepted();
            final AssertionError error = assertThrows(AssertionError.class, () -> orders.advance(Duration.ZERO));
            assertTrue(error.getMessage().startsWith("timers kept coming due: 100000 fired"), error.getMessage());
        }
    }
}
