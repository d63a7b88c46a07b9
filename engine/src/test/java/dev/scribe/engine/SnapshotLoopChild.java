package dev.scribe.engine;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * Child process for the snapshot kill test: {@code DIR ACCOUNTS} launches the bank on DIR, recovering what is there;
 * on an empty journal it first opens ACCOUNTS accounts, each under an idempotency key, so that a snapshot takes a
 * while to write. It prints {@code READY}, then forever makes a few deposits and takes a snapshot, printing
 * {@code SNAPSHOT position writeMicros us} after each is written and {@code ERROR ...} for anything reported to the
 * error handler.
 */
public final class SnapshotLoopChild
{
    private static final int DEPOSITS_PER_SNAPSHOT = 16;

    private SnapshotLoopChild()
    {
    }

    public static void main(final String[] args)
    {
        final PrintStream out = System.out;
        final Path dir = Path.of(args[0]);
        final int accounts = Integer.parseInt(args[1]);
        final Engine engine = Engine.launch(Bank.context(dir).errorHandler(error ->
        {
            synchronized (out)
            {
                out.println("ERROR " + error);
                out.flush();
            }
        }));
        if (engine.lastPosition() < 0)
        {
            final CompletableFuture<?>[] opened = new CompletableFuture<?>[accounts];
            for (int i = 0; i < accounts; i++)
            {
                opened[i] = engine.send(new Bank.Open(account(i)), SendOptions.defaults().idempotencyKey("open-" + i));
            }
            CompletableFuture.allOf(opened).join();
        }
        synchronized (out)
        {
            out.println("READY");
            out.flush();
        }
        for (long n = 0; ; n++)
        {
            final CompletableFuture<?>[] deposits = new CompletableFuture<?>[DEPOSITS_PER_SNAPSHOT];
            for (int i = 0; i < deposits.length; i++)
            {
                deposits[i] = engine.send(new Bank.Deposit(account((n * deposits.length + i) % accounts), 1 + i));
            }
            CompletableFuture.allOf(deposits).join();
            final SnapshotInfo info = engine.snapshot().join();
            synchronized (out)
            {
                out.println("SNAPSHOT " + info.position() + " " + info.writeNanos() / 1000 + "us");
                out.flush();
            }
        }
    }

    static String account(final long n)
    {
        return "acc-" + n;
    }
}
