package dev.scribe.engine;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * Child process for the saga kill test: {@code DIR WORLD ROUND} launches the shop on DIR (system clock) with an
 * effect runner whose card handlers are a {@link World} writing to WORLD, stocks the shop (under idempotency keys,
 * so only the first launch does), prints {@code READY}, then places card orders {@code r<ROUND>-<n>} for ever,
 * keeping at most {@value #WINDOW} of this round's runs unended, and prints {@code PLACED n} after each is accepted.
 * Every {@value #SCARCE_EVERY}th order asks for the scarce item, which runs out; the world declines some payments.
 */
public final class SagaChild
{
    /** The effect runner's name, the same in the child and in the test's relaunch. */
    static final String RUNNER = "cards";
    /** The item most orders take, and how many of it there are. */
    static final String PLENTY_SKU = "sku";
    static final int PLENTY_UNITS = 1_000_000;
    /** The item every {@value #SCARCE_EVERY}th order takes, and how few there are. */
    static final String SCARCE_SKU = "scarce";
    static final int SCARCE_UNITS = 12;
    static final int SCARCE_EVERY = 4;
    /** A payment of an amount that is a multiple of this is declined. */
    static final long DECLINED_MULTIPLE = 5;
    private static final int WINDOW = 16;

    private SagaChild()
    {
    }

    public static void main(final String[] args) throws IOException, InterruptedException
    {
        final PrintStream out = System.out;
        final Path dir = Path.of(args[0]);
        final World world = new World(Path.of(args[1]));
        final int round = Integer.parseInt(args[2]);
        final Engine engine = Engine.launch(Shop.context(dir));
        stock(engine);
        world.runner(engine);
        final Semaphore window = new Semaphore(WINDOW);
        final String mine = Shop.PAID_BY_CARD.aggregateId("r" + round + "-");
        engine.subscriptions().start(Subscription.named("ended-" + round).eventTypes(SagaEnded.class)
            .eachEvent(event ->
            {
                if (event.aggregateId().startsWith(mine))
                {
                    window.release();
                }
            }));
        out.println("READY");
        out.flush();
        for (int n = 0; ; n++)
        {
            window.acquire();
            final Shop.Place place = order(round, n);
            final Outcome outcome = engine.send(place).join();
            if (!outcome.accepted())
            {
                throw new IllegalStateException(place + " was not accepted: " + outcome);
            }
            out.println("PLACED " + n);
            out.flush();
        }
    }

    /** The n-th order of a round: by card, for the scarce item now and then, some of its amounts declined. */
    static Shop.Place order(final int round, final int n)
    {
        final boolean scarce = n % SCARCE_EVERY == SCARCE_EVERY - 1;
        return new Shop.Place("r" + round + "-" + n, scarce ? SCARCE_SKU : PLENTY_SKU, 1 + n % 3, "card",
            10 + n % 13);
    }

    private static void stock(final Engine engine)
    {
        final Outcome plenty = engine.send(new Shop.Stock(PLENTY_SKU, PLENTY_UNITS),
            SendOptions.defaults().idempotencyKey("stock-" + PLENTY_SKU)).join();
        final Outcome scarce = engine.send(new Shop.Stock(SCARCE_SKU, SCARCE_UNITS),
            SendOptions.defaults().idempotencyKey("stock-" + SCARCE_SKU)).join();
        if (!plenty.accepted() || !scarce.accepted())
        {
            throw new IllegalStateException("the shop could not be stocked: " + plenty + ", " + scarce);
        }
    }

    /**
     * The outside world: a card provider that honours idempotency keys (its answer depends on the request only, so a
     * repeated key is answered as before) and writes every call it takes to a file, one line with the key, forced to
     * storage before it answers.
     */
    static final class World
    {
        private final FileChannel channel;

        World(final Path file) throws IOException
        {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        }

        /** A started effect runner for an engine, running the shop's card payments and refunds here. */
        EffectRunner runner(final Engine engine)
        {
            return EffectRunner.on(engine, RUNNER)
                .handle(Shop.CardPayment.class, this::charge)
                .handle(Shop.CardRefund.class, this::refund)
                .retry(RetryPolicy.backoff(5, Duration.ofMillis(1), Duration.ofMillis(10)))
                .start();
        }

        synchronized EffectResult charge(final Shop.CardPayment payment, final String key) throws IOException
        {
            record(key);
            return payment.amount() % DECLINED_MULTIPLE == 0 ? EffectResult.refused("card declined") :
                EffectResult.done("paid " + key);
        }

        synchronized EffectResult refund(final Shop.CardRefund refund, final String key) throws IOException
        {
            record(key);
            return EffectResult.done("refunded " + key);
        }

        private void record(final String key) throws IOException
        {
            final ByteBuffer line = ByteBuffer.wrap((key + "\n").getBytes(StandardCharsets.UTF_8));
            while (line.hasRemaining())
            {
                channel.write(line);
            }
            channel.force(false);
        }

        void close() throws IOException
        {
            channel.close();
        }
    }
}
