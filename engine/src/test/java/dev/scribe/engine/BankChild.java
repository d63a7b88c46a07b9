package dev.scribe.engine;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * Child process for the engine crash test: {@code DIR FIRST [IN_FLIGHT]} launches the bank engine (JOURNALED) on DIR,
 * opens the accounts, prints {@code READY}, then deposits n to account {@code acc-(n % 3)} under the key {@code cmd-n}
 * for n = FIRST, FIRST+1, ... forever, IN_FLIGHT commands (default 8) in flight at a time: the more, the larger the
 * ring batches, and the journal documents of their records. It prints {@code ACK n position version} for
 * each command once its result has completed accepted, {@code REJECTED n reason} for any other result and
 * {@code ERROR ...} for anything reported to the error handler.
 */
public final class BankChild
{
    static final int ACCOUNTS = 3;
    private static final int IN_FLIGHT_DEFAULT = 8;

    private record Sent(long n, CompletableFuture<Outcome> result)
    {
    }

    private BankChild()
    {
    }

    static String account(final long n)
    {
        return "acc-" + n % ACCOUNTS;
    }

    static String key(final long n)
    {
        return "cmd-" + n;
    }

    public static void main(final String[] args)
    {
        final PrintStream out = System.out;
        final Path dir = Path.of(args[0]);
        final long first = Long.parseLong(args[1]);
        final int inFlightMost = args.length > 2 ? Integer.parseInt(args[2]) : IN_FLIGHT_DEFAULT;
        final Engine engine = Engine.launch(Bank.context(dir).durability(Durability.JOURNALED).errorHandler(t ->
        {
            synchronized (out)
            {
                out.println("ERROR " + t);
                out.flush();
            }
        }));
        for (int a = 0; a < ACCOUNTS; a++)
        {
            final Outcome opened = engine.send(new Bank.Open(account(a)),
                SendOptions.defaults().idempotencyKey("open-" + a)).join();
            if (!opened.accepted())
            {
                throw new IllegalStateException("cannot open " + account(a) + ": " + opened);
            }
        }
        out.println("READY");
        out.flush();
        final ArrayDeque<Sent> inFlight = new ArrayDeque<>();
        for (long n = first; ; n++)
        {
            inFlight.add(new Sent(n, engine.send(new Bank.Deposit(account(n), n),
                SendOptions.defaults().idempotencyKey(key(n)))));
            if (inFlight.size() == inFlightMost)
            {
                final Sent sent = inFlight.poll();
                final Outcome outcome = sent.result().join();
                synchronized (out)
                {
                    out.println(outcome.accepted() ?
                        "ACK " + sent.n() + " " + outcome.position() + " " + outcome.version() :
                        "REJECTED " + sent.n() + " " + outcome);
                    out.flush();
                }
            }
        }
    }
}
