package dev.scribe.replication;

import dev.scribe.engine.Aggregate;
import dev.scribe.engine.Decision;
import dev.scribe.engine.EffectResult;
import dev.scribe.engine.EffectRunner;
import dev.scribe.engine.Engine;
import dev.scribe.engine.EngineContext;
import dev.scribe.engine.RetryPolicy;
import dev.scribe.engine.Saga;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The fail-over tests' shop: placing an order starts its card saga, which reserves stock (undone by a release), pays
 * by card through the outbox (undone by a refund) and ships, and compensates if a step is refused or the run takes
 * longer than {@link #TIMEOUT}. The card provider is a {@link Provider} outside the nodes.
 */
final class SagaShop
{
    record Stock(String sku, int units) {}
    record Place(String order, String sku, int units, long amount) {}
    record Reserve(String sku, String order, int units) {}
    record Release(String sku, String order, int units) {}
    record Ship(String order) {}

    record Stocked(int units) {}
    record Reserved(String order, int units) {}
    record Released(String order, int units) {}
    record Placed(String sku, int units, long amount) {}
    record Shipped() {}

    /** The saga's data. */
    record Fulfilment(String order, String sku, int units, long amount) {}
    /** The payment effect. */
    record CardPayment(String order, long amount) {}
    /** Its compensation. */
    record CardRefund(String order, long amount) {}

    static final class Item implements Aggregate
    {
        int units;

        void apply(final Stocked event)
        {
            units += event.units();
        }

        void apply(final Reserved event)
        {
            units -= event.units();
        }

        void apply(final Released event)
        {
            units += event.units();
        }
    }

    static final class Order implements Aggregate
    {
        boolean placed;

        void apply(final Placed event)
        {
            placed = true;
        }

        void apply(final Shipped event)
        {
            // shipped once: the journal says how often
        }
    }

    static final Duration TIMEOUT = Duration.ofMinutes(1);
    /** A payment of an amount that is a multiple of this is declined. */
    static final long DECLINED_MULTIPLE = 5;

    static final Saga<Fulfilment> CARD = Saga.named("card", Fulfilment.class)
        .step("reserve", Saga.command(f -> new Reserve(f.sku(), f.order(), f.units())),
            Saga.command(f -> new Release(f.sku(), f.order(), f.units())))
        .step("pay", Saga.effect(f -> new CardPayment(f.order(), f.amount())),
            Saga.effect(f -> new CardRefund(f.order(), f.amount())))
        .step("ship", Saga.command(f -> new Ship(f.order())))
        .timeout(TIMEOUT);

    private SagaShop()
    {
    }

    static EngineContext context(final Path dir)
    {
        return new EngineContext()
            .directory(dir)
            .aggregate(Item.class, Item::new)
            .aggregate(Order.class, Order::new)
            // pinned at the ids these events have always been journaled under (CRC32C of the simple names)
            .event(Stocked.class, 1_277_291_796)
            .event(Reserved.class, 1_470_017_195)
            .event(Released.class, 1_090_810_951)
            .event(Placed.class, 114_884_413)
            .event(Shipped.class, 1_730_291_858)
            .saga(CARD)
            .command(Stock.class, Item.class, Stock::sku, (final Stock cmd, final Item item, final Decision out) ->
                out.emit(new Stocked(cmd.units())))
            .command(Place.class, Order.class, Place::order, (final Place cmd, final Order order, final Decision out) ->
            {
                if (order.placed)
                {
                    out.reject("order " + cmd.order() + " is already placed");
                    return;
                }
                out.emit(new Placed(cmd.sku(), cmd.units(), cmd.amount()));
                out.startSaga(CARD, cmd.order(), new Fulfilment(cmd.order(), cmd.sku(), cmd.units(), cmd.amount()));
            })
            .command(Reserve.class, Item.class, Reserve::sku,
                (final Reserve cmd, final Item item, final Decision out) ->
                {
                    if (item.units < cmd.units())
                    {
                        out.reject("only " + item.units + " of " + cmd.sku() + " left");
                        return;
                    }
                    out.emit(new Reserved(cmd.order(), cmd.units()));
                })
            .command(Release.class, Item.class, Release::sku,
                (final Release cmd, final Item item, final Decision out) ->
                    out.emit(new Released(cmd.order(), cmd.units())))
            .command(Ship.class, Order.class, Ship::order, (final Ship cmd, final Order order, final Decision out) ->
                out.emit(new Shipped()));
    }

    /**
     * The card provider, outside every node: it honours idempotency keys (a payment key is charged once, its refund
     * key refunds it once), declines amounts that are a multiple of {@link #DECLINED_MULTIPLE}, and writes down every
     * call with the node whose runner made it.
     */
    static final class Provider
    {
        private final List<String> calls = new ArrayList<>();
        private final Set<String> charged = new HashSet<>();
        private final Set<String> refunded = new HashSet<>();

        /** An effect runner of a node's engine, calling this provider as that node. */
        EffectRunner runner(final Engine engine, final String node)
        {
            return EffectRunner.on(engine, "cards")
                .handle(CardPayment.class, (payment, key) -> charge(node, payment, key))
                .handle(CardRefund.class, (refund, key) -> refund(node, key))
                .retry(RetryPolicy.backoff(5, Duration.ofMillis(1), Duration.ofMillis(10)))
                .start();
        }

        synchronized EffectResult charge(final String node, final CardPayment payment, final String key)
        {
            calls.add(node + " " + key);
            if (payment.amount() % DECLINED_MULTIPLE == 0)
            {
                return EffectResult.refused("card declined");
            }
            charged.add(key);
            return EffectResult.done("paid " + key);
        }

        synchronized EffectResult refund(final String node, final String key)
        {
            calls.add(node + " " + key);
            final String payment = key.substring(0, key.length() - ":undo".length());
            if (charged.contains(payment))
            {
                refunded.add(payment);
            }
            return EffectResult.done("refunded " + key);
        }

        /** Every call so far, {@code node key}, oldest first. */
        synchronized List<String> calls()
        {
            return List.copyOf(calls);
        }

        /** Whether a payment key was charged and not refunded. */
        synchronized boolean holds(final String paymentKey)
        {
            return charged.contains(paymentKey) && !refunded.contains(paymentKey);
        }

        /** Whether a payment key was charged at all. */
        synchronized boolean charged(final String paymentKey)
        {
            return charged.contains(paymentKey);
        }
    }
}
