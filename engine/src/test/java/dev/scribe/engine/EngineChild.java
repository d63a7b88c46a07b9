package dev.scribe.engine;

import dev.scribe.test.Deadlines;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Child process for tests of the stat tool. {@code DIR N} launches the test bank on DIR, opens account "a", makes N
 * deposits of 1, one overdraft (rejected) and one deposit of 13 that its projection throws on; once that error has
 * been reported it prints {@code READY position=P} (P: the last journal position) and waits to be killed.
 */
public final class EngineChild
{
    private EngineChild()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final PrintStream out = new PrintStream(System.out, false);
        final Path dir = Path.of(args[0]);
        final int deposits = Integer.parseInt(args[1]);
        final CountDownLatch reported = new CountDownLatch(1);
        final EngineContext context = Bank.context(dir)
            .errorHandler(error -> reported.countDown())
            .projection((position, id, version, event) ->
            {
                if (event instanceof Bank.Deposited deposited && deposited.amount() == 13)
                {
                    throw new IllegalStateException("unlucky deposit");
                }
            });
        final Engine engine = Engine.launch(context);
        engine.send(new Bank.Open("a")).join();
        for (int i = 0; i < deposits; i++)
        {
            engine.send(new Bank.Deposit("a", 1)).join();
        }
        engine.send(new Bank.Withdraw("a", deposits + 1)).join();
        final long position = engine.send(new Bank.Deposit("a", 13)).join().position();
        final Duration deadline = Deadlines.scaled(Duration.ofSeconds(60));
        if (!reported.await(deadline.toNanos(), TimeUnit.NANOSECONDS))
        {
            out.println("NO ERROR REPORTED within " + Deadlines.describe(deadline));
            out.flush();
            System.exit(1);
        }
        out.println("READY position=" + position);
        out.flush();
        Thread.currentThread().join();
    }
}
