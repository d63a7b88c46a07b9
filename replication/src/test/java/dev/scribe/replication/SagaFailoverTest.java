package dev.scribe.replication;

import dev.scribe.engine.Durability;
import dev.scribe.engine.EffectRequested;
import dev.scribe.engine.EffectRunner;
import dev.scribe.engine.Engine;
import dev.scribe.engine.EngineRole;
import dev.scribe.engine.EventPage;
import dev.scribe.engine.JournalEvent;
import dev.scribe.engine.JournalEvents;
import dev.scribe.engine.Outcome;
import dev.scribe.engine.SagaStepEnded;
import dev.scribe.engine.SagaTimedOut;
import dev.scribe.engine.SagaView;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Card sagas across a fail-over, on two nodes over real sockets on 127.0.0.1 through proxies. The primary runs a
 * first batch of orders to the end; then a second batch that reserves stock and waits for its payments, which the
 * standby follows. The link goes silent, the primary alone starts paying for the second batch (those results die
 * with it), and it is closed part way. The standby, whose engine clock is past the timeout of half the second batch,
 * fires nothing before it is promoted; promoted, it times those runs out and finishes the others with its own effect
 * runner.
 * Every run ends completed or compensated on the new primary, each timer fires once, each step's command is applied
 * once, no effect whose result the standby had is run again, and the stock and the card provider's money add up.
 */
class SagaFailoverTest
{
    private static final SendOptions REPLICATED = SendOptions.defaults().durability(Durability.REPLICATED);
    private static final long T0 = 1_750_000_000_000_000_000L;
    /** The primary's clock for the second batch, and for its second half. */
    private static final long SECOND_BATCH_NS = T0 + TimeUnit.MINUTES.toNanos(10);
    private static final long SECOND_HALF_NS = SECOND_BATCH_NS + TimeUnit.SECONDS.toNanos(50);
    /** The standby's clock: past the first half's timeouts, not the second half's. */
    private static final long STANDBY_NS = SECOND_BATCH_NS + SagaShop.TIMEOUT.toNanos() + TimeUnit.SECONDS.toNanos(10);
    private static final int ORDERS = 20;
    private static final String PLENTY = "sku";
    private static final int PLENTY_UNITS = 10_000;
    private static final String SCARCE = "scarce";
    private static final int SCARCE_UNITS = 5;

    @TempDir
    Path dir;

    private static ReplicationContext node(final int id, final Path dir, final EngineRole role,
        final InetSocketAddress peer, final TestClock clock)
    {
        return new ReplicationContext()
            .clusterId("saga-cluster")
            .nodeId(id)
            .listen(NodePair.ANY_PORT)
            .peer(peer)
            .secret(Nodes.SECRET)
            .initialRole(role)
            .newCluster(true)
            .hashCheckInterval(64)
            .engine(() -> SagaShop.context(dir).epochNanoClock(clock));
    }

    /** The n-th order of a batch: now and then for the scarce item, which runs out; some amounts are declined. */
    private static SagaShop.Place order(final String batch, final int n)
    {
        return new SagaShop.Place(batch + n, n % 4 == 3 ? SCARCE : PLENTY, 1 + n % 3, 10 + n % 13);
    }

    private static void place(final Engine engine, final String batch, final int from, final int to)
    {
        for (int n = from; n < to; n++)
        {
            final Outcome outcome = Nodes.result(engine.send(order(batch, n)), "order " + batch + n);
            assertTrue(outcome.accepted(), outcome.toString());
        }
    }

    /** The number of the order of an effect's key, or of a provider's call ({@code node key}). */
    private static int number(final String key)
    {
        final String run = key.substring(key.indexOf(SagaShop.CARD.aggregateId("")) +
            SagaShop.CARD.aggregateId("").length());
        return Integer.parseInt(run.substring(1, run.indexOf(':')));
    }

    private static List<SagaView> runs(final Engine engine, final String batch)
    {
        return engine.events().sagas().stream().filter(run -> run.id().startsWith(batch)).toList();
    }

    private static List<JournalEvent> journal(final Engine engine)
    {
        final List<JournalEvent> events = new ArrayList<>();
        String cursor = null;
        EventPage page;
        do
        {
            page = engine.events().forward(cursor, JournalEvents.MAX_PAGE);
            events.addAll(page.events());
            cursor = page.cursor();
        }
        while (!page.end());
        return events;
    }

    /** An event as two journals holding the same record show it alike. */
    private static String describe(final JournalEvent event)
    {
        return event.position() + "/" + event.index() + " " + event.aggregateId() + " v" + event.version() + " @" +
            event.timestampNs() + " " + event.type().getSimpleName() +
            (event.event() instanceof TimerFired fired ? " " + fired.timerId() : "");
    }

    private static int unitsHeld(final Engine engine, final String sku)
    {
        final Outcome probe = Nodes.result(engine.send(new SagaShop.Reserve(sku, "probe", Integer.MAX_VALUE)),
            "the stock probe");
        assertFalse(probe.accepted(), probe.toString());
        final String prefix = "only ";
        assertTrue(probe.reason().startsWith(prefix), probe.reason());
        return Integer.parseInt(probe.reason().substring(prefix.length(), probe.reason().indexOf(' ',
            prefix.length())));
    }

    @Test
    void sagasMidWayWhenThePrimaryDiesEndOnThePromotedStandbyWithEachCommandAppliedOnce() throws Exception
    {
        final TestClock oneClock = new TestClock(T0);
        final TestClock twoClock = new TestClock(STANDBY_NS);
        final SagaShop.Provider provider = new SagaShop.Provider();
        final Nodes.Log twoLog = new Nodes.Log("two");
        final ReplicationNode one = NodePair.startAlone(node(1, dir.resolve("one"), EngineRole.PRIMARY,
            NodePair.UNKNOWN_PEER, oneClock), new Nodes.Log("one"));
        try (TcpProxy toOne = TcpProxy.start(one.listenAddress());
            ReplicationNode two = ReplicationNode.start(node(2, dir.resolve("two"), EngineRole.STANDBY,
                toOne.address(), twoClock), twoLog);
            TcpProxy toTwo = TcpProxy.start(two.listenAddress()))
        {
            one.peer(toTwo.address());
            final List<JournalEvent> oldJournal;
            final int callsBeforeTheCut;
            try (one)
            {
                final Engine primary = one.engine();
                assertTrue(Nodes.result(primary.send(new SagaShop.Stock(PLENTY, PLENTY_UNITS), REPLICATED),
                    "stocking").accepted());
                assertTrue(Nodes.result(primary.send(new SagaShop.Stock(SCARCE, SCARCE_UNITS), REPLICATED),
                    "stocking").accepted());

                // the first batch runs to its end on the primary
                try (EffectRunner cards = provider.runner(primary, "one"))
                {
                    place(primary, "a", 0, ORDERS);
                    Deadlines.await(() -> runs(primary, "a").stream().filter(SagaView::ended).count() == ORDERS,
                        "the first batch to end on the primary");
                    assertEquals(0, cards.subscription().parkedCount());
                }

                // the second batch reserves and waits for its payments, in two halves 50 s apart
                oneClock.set(SECOND_BATCH_NS);
                place(primary, "b", 0, ORDERS / 2);
                oneClock.set(SECOND_HALF_NS);
                place(primary, "b", ORDERS / 2, ORDERS);
                Deadlines.await(() -> runs(primary, "b").stream().filter(run -> run.ended() ||
                    "pay".equals(run.step()) && !run.compensating()).count() == ORDERS,
                    "the second batch to wait for its payments");
                // the journal's last record, not lastPosition: that moves at the end of the batch, a moment after
                // the batch's records can be read
                final List<JournalEvent> waiting = journal(primary);
                final long last = waiting.get(waiting.size() - 1).position();
                Deadlines.await(() -> primary.lastPosition() == last, "the primary's last position to reach " + last);
                Deadlines.await(() -> two.engine().lastPosition() == last, "the standby to catch up");
                callsBeforeTheCut = provider.calls().size();

                // the link goes silent: the primary alone pays for the second batch, and those results are lost;
                // it is closed once it has paid for a run of the second half, with runs mid-way
                toOne.blackhole();
                toTwo.blackhole();
                try (EffectRunner cards = provider.runner(primary, "one"))
                {
                    Deadlines.await(() -> provider.calls().stream().anyMatch(call -> call.startsWith("one ") &&
                        call.contains(SagaShop.CARD.aggregateId("b")) && number(call) >= ORDERS / 2),
                        "the isolated primary to pay for the second half");
                    // the runner sends a chunk's results after running its effects: wait for one to be journaled
                    Deadlines.await(() -> primary.lastPosition() > last,
                        "the isolated primary to journal a result the standby never gets");
                    oldJournal = journal(primary);
                    assertTrue(cards.subscription().isRunning());
                }
            }

            final int due = checkStandbyFiredNothing(two, oldJournal);
            final long epoch = two.promote("the primary is gone");
            final long epochStart = two.epochHistory().startOf(epoch);
            final Engine primary = two.engine();
            assertEquals(EngineRole.PRIMARY, primary.role());
            // the timeouts due fire first, so that the runs they end cannot complete before them
            Deadlines.await(() -> primary.events().sagas().stream().filter(SagaView::timedOut).count() == due,
                "the new primary to time out the runs whose timeouts were due");
            final List<JournalEvent> journal;
            final Map<String, Integer> held = new HashMap<>();
            try (EffectRunner cards = provider.runner(primary, "two"))
            {
                Deadlines.await(() -> primary.events().sagas().stream().allMatch(SagaView::ended),
                    () -> "every run to end on the new primary: " + primary.events().sagas().stream()
                        .filter(run -> !run.ended()).toList(), Deadlines.standard());
                assertTrue(cards.subscription().awaitPosition(primary.lastPosition(), Deadlines.standard()),
                    "the new primary's effect runner to read the whole journal");
                journal = journal(primary);
                held.put(PLENTY, unitsHeld(primary, PLENTY));
                held.put(SCARCE, unitsHeld(primary, SCARCE));
            }
            checkTheNewPrimary(primary.events().sagas(), journal, epochStart, provider, callsBeforeTheCut, held);
            assertEquals(0, two.status().divergences(), () -> "the nodes' states differed: " + twoLog.lines);
        }
    }

    /**
     * The standby's journal, its clock past the timeouts of runs it holds mid-way, is a prefix of the old primary's,
     * and stays so: it fired no timer of its own.
     *
     * @return how many timers were due on the standby.
     */
    private static int checkStandbyFiredNothing(final ReplicationNode standby, final List<JournalEvent> primary)
    {
        final List<JournalEvent> before = journal(standby.engine());
        final Set<Long> due = new HashSet<>();
        for (final JournalEvent event : before)
        {
            if (event.event() instanceof TimerScheduled timer && timer.dueNs() <= STANDBY_NS)
            {
                due.add(timer.timerId());
            }
            else if (event.event() instanceof TimerFired fired)
            {
                due.remove(fired.timerId());
            }
            else if (event.event() instanceof TimerCancelled cancelled)
            {
                due.remove(cancelled.timerId());
            }
        }
        final long midWay = runs(standby.engine(), "b").stream().filter(run -> !run.ended() &&
            Integer.parseInt(run.id().substring(1)) < ORDERS / 2).count();
        assertTrue(midWay > 0, "runs of the first half of the second batch are mid-way on the standby");
        assertEquals(midWay, due.size(), "their timeouts, and only they, are due on the standby: " + due);
        // a command through the standby's ring: what its business logic had to do before it, it has done
        assertEquals(Outcome.Status.NOT_PRIMARY, Nodes.result(standby.engine().send(order("x", 0)),
            "a command to the standby").status());
        final List<JournalEvent> after = journal(standby.engine());
        assertEquals(before.size(), after.size(), "the standby journaled nothing of its own");
        assertTrue(after.size() < primary.size(), "the old primary's last records never reached the standby");
        for (int i = 0; i < after.size(); i++)
        {
            assertEquals(describe(primary.get(i)), describe(after.get(i)), "the standby's event " + i +
                " is the old primary's");
        }
        return due.size();
    }

    /** What the new primary's journal says: stock moves, shipments, timers, effects. */
    private static final class Facts
    {
        final Map<String, Integer> reserved = new HashMap<>();
        final Map<String, Integer> released = new HashMap<>();
        final Map<String, Integer> shipped = new HashMap<>();
        final Map<Long, Integer> fired = new HashMap<>();
        final Set<String> timedOut = new HashSet<>();
        final Set<String> results = new HashSet<>();
        final Set<String> requested = new HashSet<>();
        final Map<String, Integer> units = new HashMap<>();

        Facts(final List<JournalEvent> journal, final long epochStart)
        {
            for (final JournalEvent journaled : journal)
            {
                final Object event = journaled.event();
                if (event instanceof SagaShop.Stocked stocked)
                {
                    units.merge(journaled.aggregateId(), stocked.units(), Integer::sum);
                }
                else if (event instanceof SagaShop.Reserved reserve)
                {
                    reserved.merge(reserve.order(), 1, Integer::sum);
                    assertTrue(units.merge(journaled.aggregateId(), -reserve.units(), Integer::sum) >= 0,
                        "stock below zero at " + journaled.position());
                }
                else if (event instanceof SagaShop.Released release)
                {
                    released.merge(release.order(), 1, Integer::sum);
                    units.merge(journaled.aggregateId(), release.units(), Integer::sum);
                }
                else if (event instanceof SagaShop.Shipped)
                {
                    shipped.merge(journaled.aggregateId(), 1, Integer::sum);
                }
                else if (event instanceof TimerFired timer)
                {
                    fired.merge(timer.timerId(), 1, Integer::sum);
                }
                else if (event instanceof SagaTimedOut)
                {
                    assertTrue(journaled.position() >= epochStart, "a run timed out at " + journaled.position() +
                        ", before the new epoch began at " + epochStart);
                    timedOut.add(journaled.aggregateId());
                }
                else if (event instanceof EffectRequested effect)
                {
                    requested.add(effect.key());
                }
                else if (event instanceof SagaStepEnded ended && "pay".equals(ended.name()) &&
                    !"timed out".equals(ended.detail()))
                {
                    results.add(journaled.aggregateId() + ":pay" + (ended.compensation() ? ":undo" : ""));
                }
            }
        }
    }

    private static void checkTheNewPrimary(final List<SagaView> runs, final List<JournalEvent> journal,
        final long epochStart, final SagaShop.Provider provider, final int callsBeforeTheCut,
        final Map<String, Integer> held)
    {
        final Facts facts = new Facts(journal, epochStart);
        final Map<String, Integer> reserved = facts.reserved;
        final Map<String, Integer> released = facts.released;
        final Map<String, Integer> shipped = facts.shipped;
        final Map<Long, Integer> fired = facts.fired;
        final Set<String> timedOut = facts.timedOut;
        final Map<String, Integer> units = facts.units;
        final Map<String, Integer> taken = new HashMap<>();
        for (final Map.Entry<Long, Integer> timer : fired.entrySet())
        {
            assertEquals(1, timer.getValue(), "timer " + timer.getKey() + " fired " + timer.getValue() + " times");
        }

        int completed = 0;
        for (final SagaView run : runs)
        {
            final SagaShop.Place order = order(run.id().substring(0, 1), Integer.parseInt(run.id().substring(1)));
            final String pay = SagaShop.CARD.aggregateId(run.id()) + ":pay";
            final int reserves = reserved.getOrDefault(run.id(), 0);
            final String what = run.toString();
            assertTrue(reserves <= 1, what + ": reserved " + reserves + " times");
            assertTrue(shipped.getOrDefault(run.id(), 0) <= 1, what + ": shipped more than once");
            final boolean late = run.id().startsWith("b") && Integer.parseInt(run.id().substring(1)) < ORDERS / 2 &&
                reserves == 1;
            assertEquals(late, timedOut.contains(SagaShop.CARD.aggregateId(run.id())), what +
                ": the runs of the first half of the second batch that reserved, and only they, time out");
            if ("COMPLETED".equals(run.status()))
            {
                completed++;
                assertFalse(late, what);
                assertTrue(order.amount() % SagaShop.DECLINED_MULTIPLE != 0, what + ": a declined card paid");
                assertEquals(0, released.getOrDefault(run.id(), 0), what + ": its stock kept");
                assertEquals(1, shipped.getOrDefault(run.id(), 0), what + ": shipped");
                assertTrue(provider.holds(pay), what + ": the provider holds its payment");
                taken.merge(order.sku(), order.units(), Integer::sum);
            }
            else
            {
                assertEquals("COMPENSATED", run.status(), what);
                assertEquals(reserves, released.getOrDefault(run.id(), 0), what + ": its stock given back, once");
                assertEquals(0, shipped.getOrDefault(run.id(), 0), what + ": not shipped");
                assertFalse(provider.holds(pay), what + ": the provider kept a payment for a compensated run");
                assertTrue(late || order.amount() % SagaShop.DECLINED_MULTIPLE == 0 || 0 == reserves,
                    what + ": compensated, yet its stock was there, its card pays and it did not time out");
            }
        }
        assertEquals(2 * ORDERS, runs.size(), "both batches ran: " + runs);
        assertTrue(completed > 0, "some runs completed");
        assertTrue(runs.stream().anyMatch(run -> run.id().startsWith("b") && "COMPLETED".equals(run.status())),
            "runs the old primary left mid-way completed on the new one");
        checkEffects(provider, callsBeforeTheCut, facts.requested, facts.results);

        final Map<String, Integer> expected = Map.of(PLENTY, PLENTY_UNITS - taken.getOrDefault(PLENTY, 0),
            SCARCE, SCARCE_UNITS - taken.getOrDefault(SCARCE, 0));
        assertEquals(expected, units, "the stock in the journal");
        assertEquals(expected, held, "the stock the new primary holds");
    }

    /**
     * Every effect whose result the new primary journaled reached the provider; none whose result the standby had
     * before the cut ran again; none ran more than once on each node.
     */
    private static void checkEffects(final SagaShop.Provider provider, final int callsBeforeTheCut,
        final Set<String> requested, final Set<String> results)
    {
        final List<String> calls = provider.calls();
        final Map<String, Integer> seen = new HashMap<>();
        final Set<String> before = new HashSet<>();
        for (int i = 0; i < calls.size(); i++)
        {
            final String call = calls.get(i);
            seen.merge(call, 1, Integer::sum);
            if (i < callsBeforeTheCut)
            {
                before.add(call.substring(call.indexOf(' ') + 1));
            }
        }
        for (final Map.Entry<String, Integer> call : seen.entrySet())
        {
            assertEquals(1, call.getValue(), "one node ran an effect more than once: " + call.getKey());
            final String key = call.getKey().substring(call.getKey().indexOf(' ') + 1);
            assertTrue(requested.contains(key), "the provider saw an effect the new primary's journal never asked " +
                "for: " + call.getKey());
            assertFalse(call.getKey().startsWith("two ") && before.contains(key),
                "the new primary ran an effect whose result the standby had: " + key);
        }
        assertFalse(before.isEmpty(), "effects ran before the cut");
        for (final String key : results)
        {
            assertTrue(seen.containsKey("one " + key) || seen.containsKey("two " + key),
                "the result of " + key + " is journaled but the provider never saw it");
        }
        assertTrue(seen.keySet().stream().anyMatch(call -> call.startsWith("two ") &&
            seen.containsKey("one " + call.substring(4))), "an effect whose result died with the old primary ran " +
            "again on the new one: " + calls);
    }
}
