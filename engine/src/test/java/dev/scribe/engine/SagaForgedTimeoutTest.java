package dev.scribe.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A saga's timeout is sent by its timeout timer only: the same command sent by a client is refused.
 */
class SagaForgedTimeoutTest
{
    @Test
    void aTimeoutSentByAClientDoesNotEndARun()
    {
        try (SagaFixture shop = SagaFixture.launch(Shop.context(null)))
        {
            shop.given("sku", new Shop.Stocked(10)).given("ann", new Shop.Funded(5_000));
            shop.when(new Shop.Place("big", "sku", 1, "ann", 2_000)).thenAccepted();
            shop.fire();
            assertEquals("approval", shop.saga(Shop.APPROVED, "big").step());
            shop.commands().when(new SagaTimeout(Shop.APPROVED.aggregateId("big"))).thenRejected("timeout");
            assertEquals("RUNNING", shop.saga(Shop.APPROVED, "big").status());
            shop.signal(Shop.APPROVED, "big", "approval", true, "ok").thenAccepted();
        }
    }
}
