package dev.scribe.engine;

import dev.scribe.test.ChildJvm;
import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shop's card sagas on an engine killed with SIGKILL at random moments while it places orders and its effect
 * runner pays for them through an outside world that writes down every call it takes ({@link SagaChild}). After the
 * last round the engine is launched again here with its runner, and every run started must end, completed or
 * compensated as its order says it should. Each step's command was applied once (a timer fires once; an order's
 * stock is reserved, released and shipped at most once), every effect whose result is journaled reached the outside
 * world, no effect ran more than once per kill beyond the first (at least once, never lost, and a result journaled
 * is never run again), and the stock adds up: never below zero, the initial stock less what completed orders took.
 * Rounds ({@value #ROUNDS_PROP_NAME}) and seed ({@value #SEED_PROP_NAME}) can be set.
 */
class SagaKillTest
{
    static final String ROUNDS_PROP_NAME = "scribe.test.saga.kill.rounds";
    static final String SEED_PROP_NAME = "scribe.test.saga.kill.seed";

    @TempDir
    Path dir;

    /** What the journal says of the shop: stock moves, shipments, effects, timers. */
    private static final class Facts
    {
        final Map<String, Integer> reserved = new HashMap<>();
        final Map<String, Integer> released = new HashMap<>();
        final Map<String, Integer> shipped = new HashMap<>();
        final Map<String, Integer> units = new HashMap<>();
        final Map<Long, TimerScheduled> timers = new HashMap<>();
        final Map<Long, Integer> fired = new HashMap<>();
        final Set<Long> cancelled = new HashSet<>();
        final Set<String> effects = new HashSet<>();
        final Set<String> results = new HashSet<>();
        final List<String> negative = new ArrayList<>();

        Facts(final List<JournalEvent> events)
        {
            for (final JournalEvent journaled : events)
            {
                final Object event = journaled.event();
                final String id = journaled.aggregateId();
                if (event instanceof Shop.Stocked stocked)
                {
                    units.merge(id, stocked.units(), Integer::sum);
                }
                else if (event instanceof Shop.Reserved reserve)
                {
                    reserved.merge(reserve.order(), 1, Integer::sum);
                    if (units.merge(id, -reserve.units(), Integer::sum) < 0)
                    {
                        negative.add(id + " at " + journaled.position());
                    }
                }
                else if (event instanceof Shop.Released release)
                {
                    released.merge(release.order(), 1, Integer::sum);
                    units.merge(id, release.units(), Integer::sum);
                }
                else if (event instanceof Shop.Shipped)
                {
                    shipped.merge(id, 1, Integer::sum);
                }
                else if (event instanceof TimerScheduled timer)
                {
                    timers.put(timer.timerId(), timer);
                }
                else if (event instanceof TimerFired timer)
                {
                    fired.merge(timer.timerId(), 1, Integer::sum);
                }
                else if (event instanceof TimerCancelled timer)
                {
                    cancelled.add(timer.timerId());
                }
                else if (event instanceof EffectRequested effect)
                {
                    effects.add(effect.key());
                }
                else if (event instanceof SagaStepEnded ended && "pay".equals(ended.name()) &&
                    !"timed out".equals(ended.detail()))
                {
                    // the card saga's only effect step: its result was journaled
                    results.add(id + ":" + ended.name() + (ended.compensation() ? ":undo" : ""));
                }
            }
        }
    }

    @Test
    void sagasKilledAnywhereEndCompletedOrCompensatedWithEveryEffectSeenAndTheStockRight() throws Exception
    {
        final int rounds = Integer.getInteger(ROUNDS_PROP_NAME, 4);
        final long seed = Long.getLong(SEED_PROP_NAME, 0x5A6A_0001L);
        final Path engineDir = dir.resolve("engine");
        final Path worldFile = dir.resolve("world.txt");
        final List<String> placed = killRounds(rounds, new SplittableRandom(seed), engineDir, worldFile);

        final List<SagaView> runs;
        final List<JournalEvent> events = new ArrayList<>();
        final Map<String, Integer> held = new HashMap<>();
        final SagaChild.World world = new SagaChild.World(worldFile);
        try (Engine engine = Engine.launch(Shop.context(engineDir)); EffectRunner cards = world.runner(engine))
        {
            Deadlines.await(() -> engine.events().sagas().stream().allMatch(SagaView::ended),
                () -> "every saga run to end: " + engine.events().sagas().stream().filter(run -> !run.ended())
                    .toList(), Deadlines.standard());
            assertTrue(cards.subscription().awaitPosition(engine.lastPosition(), Deadlines.standard()),
                "the effect runner to read the whole journal");
            runs = engine.events().sagas();
            String cursor = null;
            EventPage page;
            do
            {
                page = engine.events().forward(cursor, JournalEvents.MAX_PAGE);
                events.addAll(page.events());
                cursor = page.cursor();
            }
            while (!page.end());
            for (final String sku : new String[] {SagaChild.PLENTY_SKU, SagaChild.SCARCE_SKU})
            {
                held.put(sku, unitsHeld(engine, sku));
            }
        }
        finally
        {
            world.close();
        }

        final String why = "seed " + seed + ", " + rounds + " rounds: ";
        final Facts journal = new Facts(events);
        final Map<String, Integer> seen = new HashMap<>();
        for (final String line : Files.readAllLines(worldFile, StandardCharsets.UTF_8))
        {
            assertTrue(journal.effects.contains(line), why + "the outside world saw a call no saga asked for: " +
                line);
            seen.merge(line, 1, Integer::sum);
        }
        final Map<String, Integer> taken = checkRuns(why, runs, placed, journal, seen);
        assertTrue(placed.size() >= rounds * 2, why + "the rounds placed orders: " + placed.size());
        checkTimers(why, journal);
        checkEffects(why, rounds, journal, seen);

        // the stock: never below zero, and what completed orders took is gone, the rest is back
        assertEquals(List.of(), journal.negative, why + "stock below zero");
        final Map<String, Integer> expected = Map.of(
            SagaChild.PLENTY_SKU, SagaChild.PLENTY_UNITS - taken.getOrDefault(SagaChild.PLENTY_SKU, 0),
            SagaChild.SCARCE_SKU, SagaChild.SCARCE_UNITS - taken.getOrDefault(SagaChild.SCARCE_SKU, 0));
        assertEquals(expected, journal.units, why + "the stock in the journal");
        assertEquals(expected, held, why + "the stock the engine holds");
    }

    /** Run the child for each round, killing it at a random moment; returns the orders it said it placed. */
    private List<String> killRounds(final int rounds, final SplittableRandom random, final Path engineDir,
        final Path worldFile) throws Exception
    {
        final List<String> placed = new ArrayList<>();
        for (int round = 0; round < rounds; round++)
        {
            final int lines = 2 + random.nextInt(46);
            final long extraDelayNs = random.nextLong(20_000_000);
            try (ChildJvm child = ChildJvm.start(SagaChild.class, dir.resolve("child-" + round + ".err"),
                engineDir.toString(), worldFile.toString(), Integer.toString(round)))
            {
                child.awaitLine("READY"::equals, Deadlines.standard());
                for (int i = 0; i < lines; i++)
                {
                    child.awaitLine(line -> line.startsWith("PLACED "), Deadlines.standard());
                }
                LockSupport.parkNanos(extraDelayNs); // a random moment, not a synchronisation
                child.kill(Deadlines.standard());
                for (final String line : child.seen())
                {
                    if (line.startsWith("PLACED "))
                    {
                        placed.add("r" + round + "-" + line.substring("PLACED ".length()));
                    }
                }
            }
        }
        return placed;
    }

    /** The units of an item the engine holds, as the refusal of a reservation of more than there can be says. */
    private static int unitsHeld(final Engine engine, final String sku)
    {
        final Outcome probe = engine.send(new Shop.Reserve(sku, "probe", Integer.MAX_VALUE)).join();
        assertFalse(probe.accepted(), probe.toString());
        final String prefix = "only ";
        assertTrue(probe.reason().startsWith(prefix), probe.reason());
        return Integer.parseInt(probe.reason().substring(prefix.length(), probe.reason().indexOf(' ',
            prefix.length())));
    }

    /**
     * Every order placed has a run, and every run ended as its order says: completed (stock taken once, paid,
     * shipped once) or compensated (the scarce item ran out, or the card was declined and the stock given back).
     *
     * @return the units completed orders took, by item.
     */
    private static Map<String, Integer> checkRuns(final String why, final List<SagaView> runs,
        final List<String> placed, final Facts journal, final Map<String, Integer> seen)
    {
        final Map<String, SagaView> byOrder = new HashMap<>();
        for (final SagaView run : runs)
        {
            assertEquals("card", run.saga(), run.toString());
            byOrder.put(run.id(), run);
        }
        assertEquals(runs.size(), byOrder.size());
        for (final String order : placed)
        {
            assertTrue(byOrder.containsKey(order), why + "order " + order + " was placed but has no run");
        }
        int completed = 0;
        int compensated = 0;
        final Map<String, Integer> taken = new HashMap<>();
        for (final SagaView run : runs)
        {
            final String[] parts = run.id().substring(1).split("-");
            final Shop.Place order = SagaChild.order(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
            final String key = Shop.PAID_BY_CARD.aggregateId(run.id()) + ":pay";
            final int reserves = journal.reserved.getOrDefault(run.id(), 0);
            final int releases = journal.released.getOrDefault(run.id(), 0);
            final String what = why + run;
            assertFalse(seen.containsKey(key + ":undo"), what + ": a payment that never went through was refunded");
            if ("COMPLETED".equals(run.status()))
            {
                completed++;
                assertEquals(List.of("reserve ok: accepted", "pay ok: paid " + key, "ship ok: accepted"),
                    run.history(), what);
                assertTrue(order.amount() % SagaChild.DECLINED_MULTIPLE != 0, what + ": a declined card paid");
                assertEquals(1, reserves, what + ": its stock taken once");
                assertEquals(0, releases, what + ": its stock kept");
                assertEquals(1, journal.shipped.getOrDefault(run.id(), 0), what + ": shipped once");
                assertTrue(seen.containsKey(key), what + ": the card provider never saw its payment");
                taken.merge(order.sku(), order.units(), Integer::sum);
                continue;
            }
            assertEquals("COMPENSATED", run.status(), what);
            compensated++;
            assertEquals(0, journal.shipped.getOrDefault(run.id(), 0), what + ": not shipped");
            assertTrue(reserves <= 1, what + ": reserved " + reserves + " times");
            assertEquals(reserves, releases, what + ": the stock it took is given back, once");
            if (0 == reserves)
            {
                assertEquals(SagaChild.SCARCE_SKU, order.sku(), what + ": only the scarce item runs out");
                assertTrue(run.reason().startsWith("step reserve failed: only "), what);
            }
            else
            {
                assertTrue(order.amount() % SagaChild.DECLINED_MULTIPLE == 0, what + ": compensated, yet the card " +
                    "pays");
                assertEquals(List.of("reserve ok: accepted", "pay failed: card declined", "undo reserve ok: accepted"),
                    run.history(), what);
                assertTrue(seen.containsKey(key), what + ": the card provider never saw its payment");
            }
        }
        assertTrue(completed > 0 && compensated > 0, why + completed + " completed, " + compensated + " compensated");
        return taken;
    }

    /** Each step's command applied once: a timer fires once at most, and every timer fired or was cancelled. */
    private static void checkTimers(final String why, final Facts journal)
    {
        for (final Map.Entry<Long, Integer> fired : journal.fired.entrySet())
        {
            assertEquals(1, fired.getValue(), why + "timer " + fired.getKey() + " fired " + fired.getValue() +
                " times");
        }
        for (final TimerScheduled timer : journal.timers.values())
        {
            assertTrue(journal.fired.containsKey(timer.timerId()) || journal.cancelled.contains(timer.timerId()),
                why + "timer " + timer.timerId() + " (" + timer.sendKey() + ") neither fired nor was cancelled");
        }
        assertTrue(journal.fired.size() > journal.cancelled.size(), why + "step timers fired: " +
            journal.fired.size());
    }

    /**
     * Every effect whose result is journaled reached the outside world: at least once, at most once more per kill,
     * and no more repeats in all than a runner's chunk per kill (one partition: the runner sends a chunk's results
     * without waiting on each, so a kill can lose the results of a whole chunk of effects that ran).
     */
    private static void checkEffects(final String why, final int kills, final Facts journal,
        final Map<String, Integer> seen)
    {
        int repeats = 0;
        for (final String key : journal.results)
        {
            final int count = seen.getOrDefault(key, 0);
            assertTrue(count >= 1, why + "the result of " + key + " is journaled but the outside world never saw it");
            assertTrue(count <= kills + 1, why + key + " was seen " + count + " times, after " + kills + " kills");
            repeats += count - 1;
        }
        assertEquals(journal.results, seen.keySet(), why + "the outside world saw an effect with no journaled result");
        assertTrue(repeats <= kills * EffectRunner.CHUNK, why + repeats + " effects ran again after " + kills +
            " kills: " + seen);
    }
}
