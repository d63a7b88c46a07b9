package dev.scribe.engine;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The saga tests' shop: placing an order starts the fulfilment saga, which reserves stock (undone by releasing it),
 * takes payment from the customer's account (undone by a refund), waits for a person's approval when the order is
 * large, and ships; it compensates if a step is refused or it takes longer than its timeout.
 */
final class Shop
{
    record Stock(String sku, int units) {}
    record Fund(String account, long amount) {}
    record Place(String order, String sku, int units, String account, long amount) {}
    record Reserve(String sku, String order, int units) {}
    record Release(String sku, String order, int units) {}
    record Charge(String account, String order, long amount) {}
    record Refund(String account, String order, long amount) {}
    record Ship(String order) {}
    record Restart(String order) {}
    record CancelTimer(String order, long timerId) {}
    record StartBroken(String order) {}

    record Stocked(int units) {}
    record Reserved(String order, int units) {}
    record Released(String order, int units) {}
    record Funded(long amount) {}
    record Charged(String order, long amount) {}
    record Refunded(String order, long amount) {}
    record Placed(String sku, int units) {}
    record Shipped() {}

    /** The saga's data. */
    record Fulfilment(String order, String sku, int units, String account, long amount) {}

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

    static final class Account implements Aggregate
    {
        long balance;

        void apply(final Funded event)
        {
            balance += event.amount();
        }

        void apply(final Charged event)
        {
            balance -= event.amount();
        }

        void apply(final Refunded event)
        {
            balance += event.amount();
        }
    }

    static final class Order implements Aggregate
    {
        boolean placed;
        boolean shipped;

        void apply(final Placed event)
        {
            placed = true;
        }

        void apply(final Shipped event)
        {
            shipped = true;
        }
    }

    /** Large orders wait for approval. */
    static final long APPROVAL_OVER = 1_000;

    static final Saga<Fulfilment> FULFILMENT = Saga.named("fulfilment", Fulfilment.class)
        .step("reserve", Saga.command(f -> new Reserve(f.sku(), f.order(), f.units())),
            Saga.command(f -> new Release(f.sku(), f.order(), f.units())))
        .step("pay", Saga.command(f -> new Charge(f.account(), f.order(), f.amount())),
            Saga.command(f -> new Refund(f.account(), f.order(), f.amount())))
        .step("ship", Saga.command(f -> new Ship(f.order())))
        .timeout(Duration.ofMinutes(5));

    static final Saga<Fulfilment> APPROVED = Saga.named("approved", Fulfilment.class)
        .step("reserve", Saga.command(f -> new Reserve(f.sku(), f.order(), f.units())),
            Saga.command(f -> new Release(f.sku(), f.order(), f.units())))
        .step("approval", Saga.signal())
        .step("pay", Saga.command(f -> new Charge(f.account(), f.order(), f.amount())),
            Saga.command(f -> new Refund(f.account(), f.order(), f.amount())))
        .step("ship", Saga.command(f -> new Ship(f.order())))
        .timeout(Duration.ofMinutes(5));

    /** A card payment taken by an outside provider, through the outbox. */
    record CardPayment(String order, long amount) {}
    /** Its refund. */
    record CardRefund(String order, long amount) {}

    static final Saga<Fulfilment> PAID_BY_CARD = Saga.named("card", Fulfilment.class)
        .step("reserve", Saga.command(f -> new Reserve(f.sku(), f.order(), f.units())),
            Saga.command(f -> new Release(f.sku(), f.order(), f.units())))
        .step("pay", Saga.effect(f -> new CardPayment(f.order(), f.amount())),
            Saga.effect(f -> new CardRefund(f.order(), f.amount())))
        .step("ship", Saga.command(f -> new Ship(f.order())))
        .timeout(Duration.ofMinutes(5));

    /** A saga whose first step's function throws. */
    static final Saga<Fulfilment> BROKEN = Saga.named("broken", Fulfilment.class)
        .step("first", Saga.command(f ->
        {
            throw new IllegalStateException("no command for " + f.order());
        }));

    private Shop()
    {
    }

    static EngineContext context(final Path dir)
    {
        return new EngineContext()
            .directory(dir)
            .aggregate(Item.class, Item::new)
            .aggregate(Account.class, Account::new)
            .aggregate(Order.class, Order::new)
            // pinned at the ids these events have always been journaled under (CRC32C of the simple names)
            .event(Stocked.class, 1_277_291_796)
            .event(Reserved.class, 1_470_017_195)
            .event(Released.class, 1_090_810_951)
            .event(Funded.class, 1_179_509_276)
            .event(Charged.class, 86_762_439)
            .event(Refunded.class, 515_534_727)
            .event(Placed.class, 114_884_413)
            .event(Shipped.class, 1_730_291_858)
            .saga(FULFILMENT)
            .saga(APPROVED)
            .saga(PAID_BY_CARD)
            .saga(BROKEN)
            .command(Stock.class, Item.class, Stock::sku, (final Stock cmd, final Item item, final Decision out) ->
                out.emit(new Stocked(cmd.units())))
            .command(Fund.class, Account.class, Fund::account,
                (final Fund cmd, final Account account, final Decision out) -> out.emit(new Funded(cmd.amount())))
            .command(Place.class, Order.class, Place::order, (final Place cmd, final Order order, final Decision out) ->
            {
                if (order.placed)
                {
                    out.reject("order " + cmd.order() + " is already placed");
                    return;
                }
                out.emit(new Placed(cmd.sku(), cmd.units()));
                out.startSaga("card".equals(cmd.account()) ? PAID_BY_CARD : cmd.amount() > APPROVAL_OVER ? APPROVED :
                    FULFILMENT, cmd.order(), new Fulfilment(cmd.order(), cmd.sku(), cmd.units(), cmd.account(),
                    cmd.amount()));
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
                {
                    if (cmd.sku().startsWith("broken"))
                    {
                        out.reject("the shelf for " + cmd.sku() + " is broken");
                        return;
                    }
                    out.emit(new Released(cmd.order(), cmd.units()));
                })
            .command(CancelTimer.class, Order.class, CancelTimer::order,
                (final CancelTimer cmd, final Order order, final Decision out) ->
                {
                    out.emit(new Shipped());
                    out.cancelTimer(cmd.timerId());
                })
            .command(StartBroken.class, Order.class, StartBroken::order,
                (final StartBroken cmd, final Order order, final Decision out) ->
                {
                    out.emit(new Placed("sku", 1));
                    out.startSaga(BROKEN, cmd.order(), new Fulfilment(cmd.order(), "sku", 1, "ann", 1));
                })
            .command(Restart.class, Order.class, Restart::order,
                (final Restart cmd, final Order order, final Decision out) ->
                    out.startSaga(FULFILMENT, cmd.order(), new Fulfilment(cmd.order(), "sku", 1, "ann", 1)))
            .command(Charge.class, Account.class, Charge::account,
                (final Charge cmd, final Account account, final Decision out) ->
                {
                    if (account.balance < cmd.amount())
                    {
                        out.reject("insufficient funds: " + account.balance);
                        return;
                    }
                    out.emit(new Charged(cmd.order(), cmd.amount()));
                })
            .command(Refund.class, Account.class, Refund::account,
                (final Refund cmd, final Account account, final Decision out) ->
                    out.emit(new Refunded(cmd.order(), cmd.amount())))
            .command(Ship.class, Order.class, Ship::order, (final Ship cmd, final Order order, final Decision out) ->
                out.emit(new Shipped()));
    }
}
