package dev.scribe.examples.orders;

import dev.scribe.engine.Aggregate;
import dev.scribe.engine.Decision;
import dev.scribe.engine.EngineContext;
import dev.scribe.engine.Saga;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The shop: items in stock, orders, and the saga that fulfils an order.
 */
public final class Shop
{
    /** Put units of an item in stock. */
    public record AddStock(String sku, int units) {}

    /** Place an order; starts its fulfilment. */
    public record PlaceOrder(String order, String sku, int units, long amount, String card) {}

    /** Hold units of an item for an order. */
    public record ReserveStock(String sku, String order, int units) {}

    /** Give back units held for an order. */
    public record ReleaseStock(String sku, String order, int units) {}

    /** Ship an order. */
    public record ShipOrder(String order) {}

    /** Units were put in stock. */
    public record StockAdded(int units) {}

    /** Units were held for an order. */
    public record StockReserved(String order, int units) {}

    /** Units held for an order were given back. */
    public record StockReleased(String order, int units) {}

    /** An order was placed. */
    public record OrderPlaced(String sku, int units, long amount) {}

    /** An order was shipped. */
    public record OrderShipped() {}

    /** What the saga knows of its order. */
    public record Fulfilment(String order, String sku, int units, long amount, String card) {}

    /** The payment effect: charge a card. */
    public record Charge(String order, long amount, String card) {}

    /** Its compensation: refund the card. */
    public record Refund(String order, long amount, String card) {}

    /** An item: units in stock. */
    public static final class Item implements Aggregate
    {
        int units;

        void apply(final StockAdded event)
        {
            units += event.units();
        }

        void apply(final StockReserved event)
        {
            units -= event.units();
        }

        void apply(final StockReleased event)
        {
            units += event.units();
        }

        /**
         * Units in stock.
         *
         * @return the count.
         */
        public int units()
        {
            return units;
        }
    }

    /** An order. */
    public static final class Order implements Aggregate
    {
        boolean placed;
        boolean shipped;

        void apply(final OrderPlaced event)
        {
            placed = true;
        }

        void apply(final OrderShipped event)
        {
            shipped = true;
        }
    }

    /** How long an order may take before what was done for it is undone. */
    public static final Duration TIMEOUT = Duration.ofSeconds(2);

    /** Reserve, pay, ship; undone in reverse order. */
    public static final Saga<Fulfilment> FULFILMENT = Saga.named("fulfilment", Fulfilment.class)
        .step("reserve", Saga.command(f -> new ReserveStock(f.sku(), f.order(), f.units())),
            Saga.command(f -> new ReleaseStock(f.sku(), f.order(), f.units())))
        .step("pay", Saga.effect(f -> new Charge(f.order(), f.amount(), f.card())),
            Saga.effect(f -> new Refund(f.order(), f.amount(), f.card())))
        .step("ship", Saga.command(f -> new ShipOrder(f.order())))
        .timeout(TIMEOUT);

    private Shop()
    {
    }

    /**
     * The engine context of the shop.
     *
     * @param dir the engine directory.
     * @return the context, to launch.
     */
    public static EngineContext context(final Path dir)
    {
        return new EngineContext()
            .directory(dir)
            .aggregate(Item.class, Item::new)
            .aggregate(Order.class, Order::new)
            // every event type's id pinned, so a class can be renamed without orphaning its journaled events
            .event(StockAdded.class, 1)
            .event(StockReserved.class, 2)
            .event(StockReleased.class, 3)
            .event(OrderPlaced.class, 4)
            .event(OrderShipped.class, 5)
            .saga(FULFILMENT)
            .command(AddStock.class, Item.class, AddStock::sku, (final AddStock cmd, final Item item,
                final Decision out) ->
            {
                if (cmd.units() <= 0)
                {
                    out.reject("units must be positive");
                    return;
                }
                out.emit(new StockAdded(cmd.units()));
            })
            .command(PlaceOrder.class, Order.class, PlaceOrder::order, Shop::place)
            .command(ReserveStock.class, Item.class, ReserveStock::sku, (final ReserveStock cmd, final Item item,
                final Decision out) ->
            {
                if (item.units < cmd.units())
                {
                    out.reject("only " + item.units + " " + cmd.sku() + " left");
                    return;
                }
                out.emit(new StockReserved(cmd.order(), cmd.units()));
            })
            .command(ReleaseStock.class, Item.class, ReleaseStock::sku, (final ReleaseStock cmd, final Item item,
                final Decision out) -> out.emit(new StockReleased(cmd.order(), cmd.units())))
            .command(ShipOrder.class, Order.class, ShipOrder::order, (final ShipOrder cmd, final Order order,
                final Decision out) -> out.emit(new OrderShipped()));
    }

    private static void place(final PlaceOrder cmd, final Order order, final Decision out)
    {
        if (order.placed)
        {
            out.reject("order " + cmd.order() + " is already placed");
        }
        else if (cmd.units() <= 0 || cmd.amount() <= 0)
        {
            out.reject("an order needs units and an amount");
        }
        else
        {
            out.emit(new OrderPlaced(cmd.sku(), cmd.units(), cmd.amount()));
            out.startSaga(FULFILMENT, cmd.order(),
                new Fulfilment(cmd.order(), cmd.sku(), cmd.units(), cmd.amount(), cmd.card()));
        }
    }
}
