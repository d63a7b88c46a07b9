package dev.scribe.engine;

import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outbox on a running engine: a saga's card payment runs through an {@link EffectRunner} against a provider that
 * remembers every call by key, fails when told to and refuses when told to. The result comes back to the saga; a
 * failing call is tried again; a refusal compensates; and a runner started again from the beginning of the journal
 * runs no effect whose result is journaled.
 */
class EffectRunnerTest
{
    @TempDir
    Path dir;

    /** The provider: calls by key, a number of failures to come, and orders it refuses. */
    static final class Provider
    {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final ConcurrentHashMap<String, String> charged = new ConcurrentHashMap<>();
        final AtomicInteger failuresToCome = new AtomicInteger();
        volatile String refuse = "";

        EffectResult charge(final Shop.CardPayment payment, final String key) throws IOException
        {
            calls.add("charge " + key);
            if (failuresToCome.getAndDecrement() > 0)
            {
                throw new IOException("connection reset");
            }
            if (payment.order().equals(refuse))
            {
                return EffectResult.refused("card declined");
            }
            charged.putIfAbsent(key, "pay-" + payment.order());
            return EffectResult.done(charged.get(key));
        }

        EffectResult refund(final Shop.CardRefund refund, final String key)
        {
            calls.add("refund " + key);
            return EffectResult.done("refunded");
        }
    }

    private static EffectRunner runner(final Engine engine, final Provider provider)
    {
        return EffectRunner.on(engine, "cards")
            .handle(Shop.CardPayment.class, provider::charge)
            .handle(Shop.CardRefund.class, provider::refund)
            .retry(RetryPolicy.backoff(5, Duration.ofMillis(1), Duration.ofMillis(10)))
            .start();
    }

    private static void awaitEnded(final Engine engine, final String order)
    {
        Deadlines.await(() ->
        {
            final SagaView view = engine.events().saga(Shop.PAID_BY_CARD, order);
            return null != view && view.ended();
        }, "saga card " + order + " to end");
    }

    private static void stock(final Engine engine)
    {
        assertTrue(engine.send(new Shop.Stock("sku", 10)).join().accepted());
    }

    @Test
    void anEffectRunsOnceAndItsResultMovesTheSagaOn()
    {
        final Provider provider = new Provider();
        try (Engine engine = Engine.launch(Shop.context(dir)); EffectRunner cards = runner(engine, provider))
        {
            stock(engine);
            assertTrue(engine.send(new Shop.Place("o1", "sku", 1, "card", 70)).join().accepted());
            awaitEnded(engine, "o1");
            final SagaView view = engine.events().saga(Shop.PAID_BY_CARD, "o1");
            assertEquals("COMPLETED", view.status(), view.toString());
            assertEquals(List.of("reserve ok: accepted", "pay ok: pay-o1", "ship ok: accepted"), view.history());
            assertEquals(List.of("charge $saga:card:o1:pay"), provider.calls);
            assertEquals(0, cards.subscription().parkedCount());
        }
    }

    @Test
    void aFailingCallIsTriedAgainAndARefusalCompensates()
    {
        final Provider provider = new Provider();
        provider.failuresToCome.set(2);
        provider.refuse = "o2";
        try (Engine engine = Engine.launch(Shop.context(dir)); EffectRunner cards = runner(engine, provider))
        {
            stock(engine);
            assertTrue(engine.send(new Shop.Place("o1", "sku", 1, "card", 70)).join().accepted());
            awaitEnded(engine, "o1");
            assertEquals("COMPLETED", engine.events().saga(Shop.PAID_BY_CARD, "o1").status());
            assertEquals(List.of("charge $saga:card:o1:pay", "charge $saga:card:o1:pay", "charge $saga:card:o1:pay"),
                provider.calls, "two failures, then the call that worked");

            assertTrue(engine.send(new Shop.Place("o2", "sku", 3, "card", 70)).join().accepted());
            awaitEnded(engine, "o2");
            final SagaView refused = engine.events().saga(Shop.PAID_BY_CARD, "o2");
            assertEquals("COMPENSATED", refused.status());
            assertEquals(List.of("reserve ok: accepted", "pay failed: card declined", "undo reserve ok: accepted"),
                refused.history());
            assertEquals(3 + 1, provider.calls.size(), "a refused payment is not refunded");
            assertEquals(0, cards.subscription().parkedCount());
        }
    }

    @Test
    void aRunnerStartingOverRunsNoEffectWhoseResultIsJournaled() throws IOException
    {
        final Provider provider = new Provider();
        try (Engine engine = Engine.launch(Shop.context(dir)); EffectRunner cards = runner(engine, provider))
        {
            stock(engine);
            assertTrue(cards.subscription().isRunning());
            for (int i = 0; i < 5; i++)
            {
                assertTrue(engine.send(new Shop.Place("o" + i, "sku", 1, "card", 10)).join().accepted());
            }
            for (int i = 0; i < 5; i++)
            {
                awaitEnded(engine, "o" + i);
            }
        }
        assertEquals(5, provider.calls.size());
        deleteTree(dir.resolve("subscriptions").resolve("effects-cards"));
        try (Engine engine = Engine.launch(Shop.context(dir)); EffectRunner cards = runner(engine, provider))
        {
            assertTrue(engine.send(new Shop.Place("late", "sku", 1, "card", 10)).join().accepted());
            awaitEnded(engine, "late");
            assertTrue(cards.subscription().awaitPosition(engine.lastPosition(), Deadlines.standard()),
                "the runner to read the journal again");
            assertEquals(6, provider.calls.size(), "only the new order's payment ran: " + provider.calls);
        }
        catch (final InterruptedException ex)
        {
            throw new AssertionError(ex);
        }
    }

    private static void deleteTree(final Path root) throws IOException
    {
        assertTrue(Files.isDirectory(root), "the runner's checkpoint is at " + root);
        try (Stream<Path> paths = Files.walk(root))
        {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.delete(path);
            }
        }
    }
}
