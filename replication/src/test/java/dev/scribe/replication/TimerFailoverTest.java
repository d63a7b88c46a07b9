package dev.scribe.replication;

import dev.scribe.engine.Durability;
import dev.scribe.engine.Engine;
import dev.scribe.engine.EngineRole;
import dev.scribe.engine.EventPage;
import dev.scribe.engine.JournalEvent;
import dev.scribe.engine.Orders;
import dev.scribe.engine.Outcome;
import dev.scribe.engine.SendOptions;
import dev.scribe.engine.TestClock;
import dev.scribe.engine.TimerCancelled;
import dev.scribe.engine.TimerFired;
import dev.scribe.engine.TimerScheduled;
import dev.scribe.test.Deadlines;
import dev.scribe.test.TcpProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Durable timers across a fail-over, on two nodes over real sockets on 127.0.0.1 sharing one engine clock that the
 * test moves. The primary schedules timers and fires the first of them, which the standby gets. Then the link to the
 * primary drops everything, as it would if its machine had died: the primary, cut off, fires a second group the
 * standby never hears of, and is closed with a third and a fourth group pending. The third comes due while the standby
 * is still a standby, which fires nothing; once promoted it fires the second and third groups, each timer exactly once
 * in its journal, then the fourth when it comes due, and a timer it schedules itself gets an id of its own. When
 * the old primary comes back as a standby it drops its own firings of the second group and holds the same history.
 */
class TimerFailoverTest
{
    private static final long START = 1_800_000_000_000_000_000L;
    private static final SendOptions REPLICATED = SendOptions.defaults().durability(Durability.REPLICATED);
    private static final SendOptions JOURNALED = SendOptions.defaults().durability(Durability.JOURNALED);
    /** Orders o0 to o39, by groups of ten: fired and replicated, fired in isolation, due at fail-over, later. */
    private static final int ORDERS = 40;
    private static final long[] HOLD_MILLIS = {1_000, 60_000, 120_000, 600_000};
    /** An order of the second group, confirmed before the primary is cut off: its timer is cancelled. */
    private static final String CONFIRMED = "o15";

    @TempDir
    Path dir;

    @Test
    void timersPendingWhenThePrimaryDiesFireOnceOnThePromotedStandbyAndNeverBefore() throws Exception
    {
        final TestClock clock = new TestClock(START);
        final Nodes.Log twoLog = new Nodes.Log("two");
        final ReplicationNode one = NodePair.startAlone(node(1, "one", EngineRole.PRIMARY, NodePair.UNKNOWN_PEER,
            clock), new Nodes.Log("one"));
        try (TcpProxy toOne = TcpProxy.start(one.listenAddress());
            ReplicationNode two = ReplicationNode.start(node(2, "two", EngineRole.STANDBY, toOne.address(), clock),
                twoLog))
        {
            final Map<String, Long> timerOf = new HashMap<>();
            final List<Long> firedReplicated;
            final long replicated;
            try (one)
            {
                Deadlines.await(() -> one.engine().role() == EngineRole.PRIMARY, "node 1 to lead");
                for (int i = 0; i < ORDERS; i++)
                {
                    final Orders.Reserve reserve = new Orders.Reserve("o" + i, HOLD_MILLIS[i / 10]);
                    assertTrue(send(one.engine(), reserve, REPLICATED).accepted());
                }
                assertTrue(send(one.engine(), new Orders.Confirm(CONFIRMED), REPLICATED).accepted());
                journal(one.engine()).stream().filter(e -> e.event() instanceof Orders.Reserved)
                    .forEach(e -> timerOf.put(e.aggregateId(), ((Orders.Reserved)e.event()).expiryTimer()));
                assertEquals(ORDERS, timerOf.size());

                clock.advance(2, TimeUnit.SECONDS);
                Deadlines.await(() -> fired(journal(one.engine())).size() == 10, "node 1 to fire the first group");
                final List<JournalEvent> journaled = journal(one.engine());
                firedReplicated = fired(journaled);
                assertEquals(timers(timerOf, 0, 10), new TreeSet<>(firedReplicated));
                // the journal's last record, not lastPosition: that moves at the end of the batch, a moment after
                // the batch's records can be read
                replicated = journaled.get(journaled.size() - 1).position();
                Deadlines.await(() -> one.engine().lastPosition() == replicated,
                    "node 1's last position to reach its journal's last record, " + replicated);
                Deadlines.await(() -> two.engine().lastPosition() == replicated,
                    "the standby to hold node 1's journal up to " + replicated);

                // node 1 is cut off: the standby hears nothing from it any more, not even the connection closing
                toOne.blackhole();
                clock.advance(1, TimeUnit.MINUTES);
                final Set<Long> isolated = timers(timerOf, 10, 20);
                isolated.remove(timerOf.get(CONFIRMED));
                Deadlines.await(() -> fired(journal(one.engine())).containsAll(isolated),
                    "node 1, cut off, to fire the second group");
                assertEquals(19, fired(journal(one.engine())).size(), "node 1 fired the first two groups only");
            }

            clock.advance(2, TimeUnit.MINUTES);
            // the second and third groups are due; the standby holds them while it waits out the heartbeat timeout
            Deadlines.await(() -> twoLog.lines.stream().anyMatch(line -> line.contains("primary silent for")),
                () -> "the standby to find the primary silent: " + twoLog.lines, Deadlines.standard());
            assertEquals(Outcome.Status.NOT_PRIMARY,
                send(two.engine(), new Orders.Confirm("o20"), JOURNALED).status());
            assertEquals(replicated, two.engine().lastPosition(), "the standby journaled nothing of its own");
            assertEquals(firedReplicated, fired(journal(two.engine())), "the standby fired nothing");

            final long epoch = two.promote("the primary is gone");
            final long epochStart = two.epochHistory().startOf(epoch);
            assertTrue(epochStart > replicated, "the new epoch begins after the records the standby got");
            final Set<Long> dueAtPromotion = timers(timerOf, 10, 30);
            dueAtPromotion.remove(timerOf.get(CONFIRMED));
            Deadlines.await(() -> fired(journal(two.engine())).containsAll(dueAtPromotion),
                "the promoted standby to fire the timers due: " + dueAtPromotion);
            assertEquals(29, fired(journal(two.engine())).size(), "the last group is not due yet");

            assertTrue(send(two.engine(), new Orders.Reserve("later", 1_000), JOURNALED).accepted());
            clock.advance(10, TimeUnit.MINUTES);
            Deadlines.await(() -> fired(journal(two.engine())).size() == ORDERS,
                "the new primary to fire the last group and the timer it scheduled");
            // a barrier: ticks in flight are decided before this command, so the journal read after its answer
            // holds whatever they did
            assertEquals(Outcome.Status.REJECTED,
                send(two.engine(), new Orders.Confirm("o0"), JOURNALED).status());
            final List<JournalEvent> twoJournal = journal(two.engine());
            check(twoJournal, firedReplicated, replicated, epochStart);
            assertEquals(0, two.status().divergences(), "the nodes' states matched at every hash check");

            // node 1 comes back as a standby: it drops the second group's firings, which node 2 never had, and
            // holds node 2's history, each timer fired once
            try (ReplicationNode back = NodePair.startPeer(node(1, "one", EngineRole.STANDBY, NodePair.UNKNOWN_PEER,
                clock), two, new Nodes.Log("one back")))
            {
                final long last = two.engine().lastPosition();
                Deadlines.await(() -> back.engine().lastPosition() == last &&
                    fired(journal(back.engine())).equals(fired(twoJournal)),
                    () -> "node 1 to follow node 2 up to " + last + ", at " + back.engine().lastPosition(),
                    Deadlines.standard());
                assertEquals(EngineRole.STANDBY, back.engine().role());
                assertEquals(two.engine().stateHash(), back.engine().stateHash(), "the same pending timers");
            }
        }
    }

    /** Every timer scheduled in the new primary's journal fired once in it, and where each one fired. */
    private static void check(final List<JournalEvent> journal, final List<Long> firedReplicated,
        final long replicated, final long epochStart)
    {
        final Map<Long, String> orderOf = new HashMap<>();
        final Map<Long, Long> firedAt = new LinkedHashMap<>();
        final Map<Long, List<JournalEvent>> records = new LinkedHashMap<>();
        final List<Long> scheduled = new ArrayList<>();
        final List<Long> cancelled = new ArrayList<>();
        for (final JournalEvent event : journal)
        {
            records.computeIfAbsent(event.position(), position -> new ArrayList<>()).add(event);
            if (event.event() instanceof Orders.Reserved reserved)
            {
                orderOf.put(reserved.expiryTimer(), event.aggregateId());
            }
            else if (event.event() instanceof TimerScheduled timer)
            {
                scheduled.add(timer.timerId());
            }
            else if (event.event() instanceof TimerCancelled timer)
            {
                cancelled.add(timer.timerId());
            }
            else if (event.event() instanceof TimerFired timer)
            {
                assertNull(firedAt.put(timer.timerId(), event.position()), "timer " + timer.timerId() +
                    " fired twice");
                assertNull(timer.rejection(), "timer " + timer.timerId() + "'s command was accepted");
            }
        }
        assertEquals(ORDERS + 1, scheduled.size(), "every order's timer, and the new primary's: " + scheduled);
        assertEquals(ORDERS + 1, new TreeSet<>(scheduled).size(), "each timer has its own id: " + scheduled);
        assertEquals(new TreeSet<>(scheduled), new TreeSet<>(orderOf.keySet()), "each timer is an order's expiry");
        assertEquals(1, cancelled.size(), "one timer cancelled: " + cancelled);
        assertEquals(CONFIRMED, orderOf.get(cancelled.get(0)), "the confirmed order's timer is the one cancelled");
        final Set<Long> expected = new TreeSet<>(scheduled);
        expected.removeAll(cancelled);
        assertEquals(expected, new TreeSet<>(firedAt.keySet()), "each timer not cancelled fired");
        firedAt.forEach((timerId, position) ->
        {
            if (firedReplicated.contains(timerId))
            {
                assertTrue(position <= replicated, "timer " + timerId + " fired at " + position + ", among the " +
                    "records the standby got from node 1 (up to " + replicated + ")");
            }
            else
            {
                assertTrue(position > epochStart, "timer " + timerId + " fired at " + position + ", in the new " +
                    "epoch, which begins at " + epochStart);
            }
            final List<JournalEvent> record = records.get(position);
            assertEquals(2, record.size(), "timer " + timerId + "'s record: " + record);
            final JournalEvent expired = record.stream().filter(e -> e.event() instanceof Orders.Expired)
                .findFirst().orElseThrow(() -> new AssertionError("timer " + timerId + " expired nothing: " +
                    record));
            assertEquals(orderOf.get(timerId), expired.aggregateId(), "timer " + timerId + " expired its order");
        });
        final Map<String, Long> expiries = new HashMap<>();
        journal.stream().filter(e -> e.event() instanceof Orders.Expired)
            .forEach(e -> expiries.merge(e.aggregateId(), 1L, Long::sum));
        assertEquals(ORDERS, expiries.size(), "every order but the confirmed one expired, and the later one");
        expiries.forEach((order, times) -> assertEquals(1L, times, order + " expired " + times + " times"));
    }

    /** A node of the orders application on the shared clock. */
    private ReplicationContext node(final int id, final String name, final EngineRole role,
        final InetSocketAddress peer, final TestClock clock)
    {
        final Path engineDir = dir.resolve(name);
        return Nodes.node(id, engineDir, role, peer).engine(() -> Orders.context(engineDir).epochNanoClock(clock));
    }

    private static Outcome send(final Engine engine, final Object command, final SendOptions options)
    {
        return Nodes.result(engine.send(command, options), "the outcome of " + command);
    }

    private static Set<Long> timers(final Map<String, Long> timerOf, final int from, final int to)
    {
        final Set<Long> ids = new TreeSet<>();
        for (int i = from; i < to; i++)
        {
            ids.add(timerOf.get("o" + i));
        }
        return ids;
    }

    private static List<Long> fired(final List<JournalEvent> journal)
    {
        return journal.stream().filter(e -> e.event() instanceof TimerFired)
            .map(e -> ((TimerFired)e.event()).timerId()).toList();
    }

    private static List<JournalEvent> journal(final Engine engine)
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
}
