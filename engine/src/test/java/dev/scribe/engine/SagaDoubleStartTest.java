package dev.scribe.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A handler that starts the same saga run twice in one decision is refused, rather than starting two runs
 * whose first steps share an idempotency key.
 */
class SagaDoubleStartTest
{
    record Twice(String order) {}

    @Test
    void aRunStartedTwiceInOneDecisionIsRefused()
    {
        final EngineContext context = Shop.context(null)
            .command(Twice.class, Shop.Order.class, Twice::order,
                (final Twice cmd, final Shop.Order order, final Decision out) ->
                {
                    final Shop.Fulfilment data = new Shop.Fulfilment(cmd.order(), "sku", 2, "ann", 100);
                    out.startSaga(Shop.FULFILMENT, cmd.order(), data);
                    out.startSaga(Shop.FULFILMENT, cmd.order(), data);
                });
        try (SagaFixture shop = SagaFixture.launch(context))
        {
            shop.given("sku", new Shop.Stocked(10)).given("ann", new Shop.Funded(500));
            shop.when(new Twice("o1")).thenRejected("already started");
            shop.fire();
            assertEquals(10, shop.aggregate(Shop.Item.class, "sku").units, "no stock reserved by a run never started");
        }
    }
}
