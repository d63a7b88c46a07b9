package dev.scribe.examples.orders;

import dev.scribe.engine.EffectRunner;
import dev.scribe.engine.Engine;
import dev.scribe.engine.EventPage;
import dev.scribe.engine.JournalEvent;
import dev.scribe.engine.Outcome;
import dev.scribe.engine.RetryPolicy;
import dev.scribe.engine.SagaView;
import dev.scribe.examples.DemoDirectory;
import dev.scribe.examples.MetricsEndpoint;
import dev.scribe.examples.MetricsOption;
import dev.scribe.examples.Progress;
import dev.scribe.metrics.ScribeMetrics;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The order fulfilment demo ({@code bin/demo orders}): the {@link Shop} on a fresh engine under {@value #DIRECTORY},
 * paying through the {@link PaymentProvider} on 127.0.0.1. It stocks two items and places five orders: one that
 * goes through, one whose card is declined, one whose payment fails once and is tried again, one for more than is
 * left, and one whose payment is slower than the saga's timeout (charged late, then refunded). It waits for every
 * saga to end, says what happened to each, and checks the stock and the money: exit status 1 if they do not add up.
 * With {@code --metrics-port PORT} it serves the engine's meters at {@code http://127.0.0.1:PORT/metrics}, and after
 * the last step until Enter is pressed.
 *
 * <pre>bin/demo orders [dir] [--metrics-port PORT]</pre>
 */
public final class OrderDemo
{
    /** Where the demo's engine lives. */
    public static final String DIRECTORY = "data/orders";
    private static final long WAIT_NS = TimeUnit.SECONDS.toNanos(60);

    private record Placed(Shop.PlaceOrder order, String expect) {}

    private OrderDemo()
    {
    }

    /**
     * Run the demo.
     *
     * @param args {@code [dir]}, and {@code --metrics-port PORT} anywhere.
     * @throws Exception if it cannot run.
     */
    public static void main(final String[] args) throws Exception
    {
        final PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        final MetricsOption option = MetricsOption.parse(args);
        if (option.rest().size() > 1)
        {
            throw new IllegalArgumentException("too many arguments: " + option.rest() + "; usage: bin/demo orders " +
                "[dir] [--metrics-port PORT]");
        }
        final Path dir = Path.of(option.rest().isEmpty() ? DIRECTORY : option.rest().get(0));
        final boolean ok;
        try (MetricsEndpoint metrics = option.start())
        {
            ok = run(dir, metrics, out);
            if (null != metrics)
            {
                metrics.serveUntilEnter(System.in, out);
            }
        }
        if (!ok)
        {
            System.exit(1);
        }
    }

    /**
     * Run the demo in a directory, emptied first.
     *
     * @param dir the engine directory.
     * @param out where to say what happens.
     * @return whether the stock and the money add up.
     * @throws Exception if it cannot run.
     */
    public static boolean run(final Path dir, final PrintStream out) throws Exception
    {
        return run(dir, null, out);
    }

    /**
     * Run the demo in a directory, emptied first, its engine's meters served.
     *
     * @param dir     the engine directory.
     * @param metrics the endpoint to bind the engine to, or null for none.
     * @param out     where to say what happens.
     * @return whether the stock and the money add up.
     * @throws Exception if it cannot run.
     */
    public static boolean run(final Path dir, final MetricsEndpoint metrics, final PrintStream out) throws Exception
    {
        DemoDirectory.delete(dir);
        final List<Placed> orders = List.of(
            new Placed(new Shop.PlaceOrder("o-1", "lamp", 1, 30, "visa"), "COMPLETED"),
            new Placed(new Shop.PlaceOrder("o-2", "lamp", 1, 30, "declined"), "COMPENSATED"),
            new Placed(new Shop.PlaceOrder("o-3", "desk", 1, 200, "flaky"), "COMPLETED"),
            new Placed(new Shop.PlaceOrder("o-4", "desk", 2, 400, "visa"), "COMPENSATED"),
            new Placed(new Shop.PlaceOrder("o-5", "lamp", 1, 30, "slow"), "COMPENSATED"));
        try (PaymentProvider provider = PaymentProvider.start();
            Engine engine = Engine.launch(Shop.context(dir));
            EffectRunner payments = EffectRunner.on(engine, "payments")
                .handle(Shop.Charge.class, new PaymentClient(provider.address())::charge)
                .handle(Shop.Refund.class, new PaymentClient(provider.address())::refund)
                .partitions(4)
                .retry(RetryPolicy.backoff(5, Duration.ofMillis(50), Duration.ofSeconds(1)))
                .start())
        {
            if (null != metrics)
            {
                metrics.bind(ScribeMetrics.of(engine));
            }
            out.printf("Order demo: a shop on the engine in %s, paying through a payment service at %s that " +
                "declines one card, fails once for another and answers too late for a third.%n",
                dir.toAbsolutePath().normalize(), provider.address());
            if (null != metrics)
            {
                out.println("Metrics: " + metrics.uri() + " (Prometheus text format)");
            }
            send(engine, new Shop.AddStock("lamp", 5), out);
            send(engine, new Shop.AddStock("desk", 2), out);
            out.println("Stocked 5 lamps and 2 desks. Placing five orders; each starts its fulfilment saga " +
                "(reserve, pay, ship; timeout " + Shop.TIMEOUT.toSeconds() + " s):");
            for (final Placed placed : orders)
            {
                send(engine, placed.order(), out);
                out.printf("  %s: %d %s%s for %d, card '%s'%n", placed.order().order(), placed.order().units(),
                    placed.order().sku(), placed.order().units() == 1 ? "" : "s", placed.order().amount(),
                    placed.order().card());
            }
            final List<SagaView> ended = awaitEnded(engine, orders, out);
            final boolean added = report(engine, provider, orders, ended, out);
            return check(0 == payments.subscription().parkedCount(), "no payment should be parked", out) && added;
        }
    }

    private static void send(final Engine engine, final Object command, final PrintStream out)
    {
        final Outcome outcome = engine.send(command).join();
        if (!outcome.accepted())
        {
            throw new IllegalStateException(command + " was not accepted: " + outcome);
        }
    }

    private static List<SagaView> awaitEnded(final Engine engine, final List<Placed> orders, final PrintStream out)
    {
        out.println("Waiting for every saga to end (the slow payment takes longer than the timeout):");
        final Progress progress = Progress.withoutRate(out, "  ended", orders.size(), "sagas");
        final long deadline = System.nanoTime() + WAIT_NS;
        while (true)
        {
            final List<SagaView> views = new ArrayList<>();
            for (final Placed placed : orders)
            {
                views.add(engine.events().saga(Shop.FULFILMENT, placed.order().order()));
            }
            final long ended = views.stream().filter(view -> null != view && view.ended()).count();
            if (ended == views.size())
            {
                return views;
            }
            progress.update(ended);
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("the sagas did not end within " +
                    TimeUnit.NANOSECONDS.toSeconds(WAIT_NS) + " s: " + views);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    private static boolean report(final Engine engine, final PaymentProvider provider, final List<Placed> orders,
        final List<SagaView> views, final PrintStream out)
    {
        boolean ok = true;
        long paid = 0;
        for (int i = 0; i < orders.size(); i++)
        {
            final SagaView view = views.get(i);
            final Placed placed = orders.get(i);
            out.printf("  %s %s%s: %s%n", view.id(), view.status(), null == view.reason() ? "" : " (" +
                view.reason() + ")", String.join(", ", view.history()));
            ok &= check(view.status().equals(placed.expect()), placed.order().order() + " should have " +
                placed.expect(), out);
            paid += "COMPLETED".equals(view.status()) ? placed.order().amount() : 0;
        }
        out.printf("The payment service took %d calls: %d charges, %d refund%s; it kept %d, the price of the orders " +
            "shipped.%n", provider.calls(), provider.charges().size(), provider.refunds().size(),
            provider.refunds().size() == 1 ? "" : "s", provider.net());
        ok &= check(provider.net() == paid, "the money kept is " + provider.net() + ", the shipped orders' " +
            paid, out);
        ok &= check(units(engine, "lamp") == 4 && units(engine, "desk") == 1,
            "stock should be 4 lamps and 1 desk after shipping o-1 and o-3", out);
        out.println(ok ? "Every order ended as expected; stock and money add up." : "Something did not add up.");
        return ok;
    }

    private static int units(final Engine engine, final String sku)
    {
        int units = 0;
        String cursor = null;
        EventPage page;
        do
        {
            page = engine.events().forward(sku, cursor, 1_000);
            for (final JournalEvent event : page.events())
            {
                units += event.event() instanceof Shop.StockAdded added ? added.units() :
                    event.event() instanceof Shop.StockReserved reserved ? -reserved.units() :
                    event.event() instanceof Shop.StockReleased released ? released.units() : 0;
            }
            cursor = page.cursor();
        }
        while (!page.end());
        return units;
    }

    private static boolean check(final boolean condition, final String what, final PrintStream out)
    {
        if (!condition)
        {
            out.println("NOT AS EXPECTED: " + what);
        }
        return condition;
    }
}
