/**
 * Order fulfilment as a saga, to read top to bottom: {@link dev.scribe.examples.orders.Shop} (stock and orders, the
 * fulfilment saga and the engine context), {@link dev.scribe.examples.orders.PaymentProvider} (a card payment service
 * over HTTP on 127.0.0.1 that declines, fails and is slow on purpose), {@link dev.scribe.examples.orders.PaymentClient}
 * (the effect handlers that call it with each effect's idempotency key) and
 * {@link dev.scribe.examples.orders.OrderDemo} ({@code bin/demo orders}).
 *
 * <p>Placing an order starts the saga in the same record: reserve the stock (a command; undone by releasing it), take
 * the payment (an effect through the outbox; undone by a refund), ship (a command). A refused step, or the saga's
 * timeout, undoes what was done in reverse order.
 */
package dev.scribe.examples.orders;
