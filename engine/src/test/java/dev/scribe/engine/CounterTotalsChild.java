package dev.scribe.engine;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Child process for the test of totals after a SIGKILL. {@code DIR} launches the test bank on DIR, opens account "a",
 * then sends bursts of commands (nine deposits of 1 and one overdraft, rejected, in ten) without waiting between
 * them, so that the ring is busy whenever it is killed; after each burst is acknowledged it prints
 * {@code ACKED accepted=A rejected=R}, the outcomes acknowledged so far. It runs until killed.
 */
public final class CounterTotalsChild
{
    private static final int BURST = 500;

    private CounterTotalsChild()
    {
    }

    public static void main(final String[] args)
    {
        final PrintStream out = new PrintStream(System.out, false);
        final Engine engine = Engine.launch(Bank.context(Path.of(args[0])));
        long accepted = engine.send(new Bank.Open("a")).join().accepted() ? 1 : 0;
        long rejected = 0;
        final List<CompletableFuture<Outcome>> burst = new ArrayList<>(BURST);
        while (true)
        {
            for (int i = 0; i < BURST; i++)
            {
                burst.add(engine.send(i % 10 == 9 ? new Bank.Withdraw("a", Long.MAX_VALUE) : new Bank.Deposit("a", 1)));
            }
            for (final CompletableFuture<Outcome> future : burst)
            {
                if (future.join().accepted())
                {
                    accepted++;
                }
                else
                {
                    rejected++;
                }
            }
            burst.clear();
            out.println("ACKED accepted=" + accepted + " rejected=" + rejected);
            out.flush();
        }
    }
}
