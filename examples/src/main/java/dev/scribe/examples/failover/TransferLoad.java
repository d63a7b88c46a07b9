package dev.scribe.examples.failover;

import dev.scribe.engine.Durability;
import dev.scribe.engine.Engine;
import dev.scribe.engine.SendOptions;
import dev.scribe.examples.bank.BankCommand;

import dev.scribe.journal.PositionFormat;
import java.io.PrintStream;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;

/**
 * Sends random transfers between the demo's accounts at REPLICATED, each with its own idempotency key, at most 64
 * outstanding, and prints an {@code ack} line for each one acknowledged: the record of what a client was told.
 */
final class TransferLoad
{
    static final int ACCOUNTS = 20;
    private static final int WINDOW = 64;

    private final Engine engine;
    private final int nodeId;
    private final long seed;
    private final PrintStream out;

    TransferLoad(final Engine engine, final int nodeId, final long seed, final PrintStream out)
    {
        this.engine = engine;
        this.nodeId = nodeId;
        this.seed = seed;
        this.out = out;
    }

    void run(final int count)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final Semaphore window = new Semaphore(WINDOW);
        try
        {
            for (int i = 0; i < count && !Thread.currentThread().isInterrupted(); i++)
            {
                final String from = "acc-" + random.nextInt(ACCOUNTS);
                final String to = "acc-" + random.nextInt(ACCOUNTS);
                final long amount = 1 + random.nextInt(50);
                final String key = "t" + nodeId + "-" + seed + "-" + i;
                window.acquire();
                engine.send(new BankCommand.Transfer(from, to, amount),
                    SendOptions.defaults().durability(Durability.REPLICATED).idempotencyKey(key))
                    .whenComplete((outcome, error) ->
                    {
                        window.release();
                        if (null == error && BankNode.acknowledged(outcome))
                        {
                            out.println("ack " + key + " " + from + " " + to + " " + amount + " " +
                                PositionFormat.position(outcome.position()));
                        }
                    });
            }
            window.acquire(WINDOW);
            out.println("loaded");
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
