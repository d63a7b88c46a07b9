package dev.scribe.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sagas through the saga fixture: each path of the shop's fulfilment (completed; a step refused and the steps before
 * it undone in reverse order; a signal that approves or refuses; the timeout; a compensation that fails), bad
 * starts and signals, and a run carried across a relaunch on the same journal.
 */
class SagaTest
{
    @TempDir
    Path dir;

    private static SagaFixture shop(final Path dir, final int units, final long funds)
    {
        final SagaFixture shop = SagaFixture.launch(Shop.context(dir));
        shop.given("sku", new Shop.Stocked(units)).given("broken-sku", new Shop.Stocked(units))
            .given("ann", new Shop.Funded(funds));
        return shop;
    }

    @Test
    void everyStepSucceedsAndTheRunCompletes()
    {
        try (SagaFixture shop = shop(null, 10, 500))
        {
            shop.when(new Shop.Place("o1", "sku", 2, "ann", 100)).thenSent(new Shop.Reserve("sku", "o1", 2));
            final List<SagaFixture.Reaction> fired = shop.fire();
            assertEquals(3, fired.size());
            fired.get(0).thenSent(new Shop.Charge("ann", "o1", 100));
            fired.get(1).thenSent(new Shop.Ship("o1"));
            fired.get(2).thenSent().thenEnded("COMPLETED");
            final SagaView view = shop.saga(Shop.FULFILMENT, "o1");
            assertEquals("COMPLETED", view.status());
            assertEquals(List.of("reserve ok: accepted", "pay ok: accepted", "ship ok: accepted"), view.history());
            assertEquals(8, shop.aggregate(Shop.Item.class, "sku").units);
            assertEquals(400, shop.aggregate(Shop.Account.class, "ann").balance);
            assertTrue(shop.aggregate(Shop.Order.class, "o1").shipped);
            assertEquals(List.of(), shop.advance(Duration.ofHours(1)), "the timeout was cancelled");
        }
    }

    @Test
    void aRefusedStepUndoesTheStepsBeforeItInReverseOrder()
    {
        try (SagaFixture shop = shop(null, 10, 50))
        {
            shop.when(new Shop.Place("o1", "sku", 2, "ann", 100)).thenAccepted();
            final List<SagaFixture.Reaction> fired = shop.fire();
            assertEquals(3, fired.size());
            fired.get(0).thenSent(new Shop.Charge("ann", "o1", 100));
            fired.get(1).thenSent(new Shop.Release("sku", "o1", 2));
            fired.get(2).thenEnded("COMPENSATED");
            final SagaView view = shop.saga(Shop.FULFILMENT, "o1");
            assertEquals(List.of("reserve ok: accepted", "pay failed: insufficient funds: 50",
                "undo reserve ok: accepted"), view.history());
            assertEquals("step pay failed: insufficient funds: 50", view.reason());
            assertEquals(10, shop.aggregate(Shop.Item.class, "sku").units, "the stock is back");
            assertEquals(50, shop.aggregate(Shop.Account.class, "ann").balance);
        }
    }

    @Test
    void aFirstStepRefusedHasNothingToUndo()
    {
        try (SagaFixture shop = shop(null, 1, 500))
        {
            shop.when(new Shop.Place("o1", "sku", 2, "ann", 100)).thenAccepted();
            final List<SagaFixture.Reaction> fired = shop.fire();
            assertEquals(1, fired.size());
            fired.get(0).thenSent().thenEnded("COMPENSATED");
            assertEquals("step reserve failed: only 1 of sku left", shop.saga(Shop.FULFILMENT, "o1").reason());
        }
    }

    @Test
    void aSignalStepWaitsForItsAnswer()
    {
        try (SagaFixture shop = shop(null, 10, 5_000))
        {
            shop.when(new Shop.Place("big", "sku", 1, "ann", 2_000)).thenAccepted();
            assertEquals(1, shop.fire().size(), "reserved, then waits");
            assertEquals("approval", shop.saga(Shop.APPROVED, "big").step());
            shop.signal(Shop.APPROVED, "big", "pay", true, "wrong step").thenRejected(
                "is not waiting for step pay (it is RUNNING at step approval)");
            shop.signal(Shop.APPROVED, "big", "approval", true, "approved by ann")
                .thenSent(new Shop.Charge("ann", "big", 2_000));
            assertEquals(2, shop.fire().size());
            assertEquals(List.of("reserve ok: accepted", "approval ok: approved by ann", "pay ok: accepted",
                "ship ok: accepted"), shop.saga(Shop.APPROVED, "big").history());

            shop.when(new Shop.Place("refused", "sku", 1, "ann", 2_000)).thenAccepted();
            shop.fire();
            shop.signal(Shop.APPROVED, "refused", "approval", false, "too big").thenSent(
                new Shop.Release("sku", "refused", 1));
            shop.fire().get(0).thenEnded("COMPENSATED");
            shop.signal(Shop.APPROVED, "refused", "approval", true, "late").thenRejected("is not waiting");
        }
    }

    @Test
    void theTimeoutUndoesWhatWasDoneWhenTheAnswerDoesNotCome()
    {
        try (SagaFixture shop = shop(null, 10, 5_000))
        {
            shop.when(new Shop.Place("big", "sku", 3, "ann", 2_000)).thenAccepted();
            shop.fire();
            assertEquals(List.of(), shop.advance(Duration.ofMinutes(4)), "not yet");
            final List<SagaFixture.Reaction> fired = shop.advance(Duration.ofMinutes(1));
            assertEquals(2, fired.size(), "the timeout, then the release it sent");
            fired.get(0).thenSent(new Shop.Release("sku", "big", 3));
            fired.get(1).thenEnded("COMPENSATED");
            final SagaView view = shop.saga(Shop.APPROVED, "big");
            assertTrue(view.timedOut());
            assertEquals(List.of("reserve ok: accepted", "timed out", "approval failed: timed out",
                "undo reserve ok: accepted"), view.history());
            assertEquals(10, shop.aggregate(Shop.Item.class, "sku").units);
        }
    }

    @Test
    void aCompensationThatFailsLeavesTheRunFailedForAPerson()
    {
        try (SagaFixture shop = shop(null, 10, 10))
        {
            shop.when(new Shop.Place("o1", "broken-sku", 1, "ann", 100)).thenAccepted();
            final List<SagaFixture.Reaction> fired = shop.fire();
            final SagaEnded ended = fired.get(fired.size() - 1).thenEnded("FAILED");
            assertEquals("the undoing of step reserve failed: the shelf for broken-sku is broken", ended.reason());
            assertEquals("FAILED", shop.saga(Shop.FULFILMENT, "o1").status());
        }
    }

    @Test
    void aRunStartsOnceAndOnlyForARegisteredSaga()
    {
        try (SagaFixture shop = shop(null, 10, 500))
        {
            shop.when(new Shop.Restart("o1")).thenAccepted();
            shop.commands().when(new Shop.Restart("o1")).thenRejected("saga fulfilment o1 is already started");
            final Saga<Shop.Fulfilment> stranger = Saga.named("fulfilment", Shop.Fulfilment.class)
                .step("only", Saga.command(f -> new Shop.Ship(f.order())));
            try (CommandFixture other = CommandFixture.launch(new EngineContext()
                .aggregate(Shop.Order.class, Shop.Order::new).saga(Shop.FULFILMENT)
                .command(Shop.Ship.class, Shop.Ship::order, (final Shop.Ship cmd, final Shop.Order order,
                    final Decision out) -> out.startSaga(stranger, cmd.order(), new Shop.Fulfilment("o", "s", 1,
                    "a", 1)))))
            {
                other.when(new Shop.Ship("o2")).thenRejected("saga fulfilment is not registered with this engine");
            }
            assertNull(shop.saga(Shop.APPROVED, "o1"));
        }
    }

    @Test
    void aRunWaitingForASignalGoesOnAfterARelaunch()
    {
        final long hash;
        try (SagaFixture shop = shop(dir, 10, 5_000))
        {
            shop.when(new Shop.Place("big", "sku", 1, "ann", 2_000)).thenAccepted();
            shop.fire();
            hash = shop.commands().stateHash();
        }
        try (SagaFixture shop = SagaFixture.launch(Shop.context(dir)))
        {
            assertEquals(hash, shop.commands().stateHash());
            shop.signal(Shop.APPROVED, "big", "approval", true, "ok").thenSent(new Shop.Charge("ann", "big", 2_000));
            shop.fire();
            assertEquals("COMPLETED", shop.saga(Shop.APPROVED, "big").status());
        }
    }
}
