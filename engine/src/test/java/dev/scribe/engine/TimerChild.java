package dev.scribe.engine;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * Child process for the timer kill test: {@code DIR ROUND SEED} launches the orders application on DIR with the
 * system clock and prints {@code READY position} (the journal's last position at launch). It then sends, for ever,
 * groups of {@value #GROUP} reservations {@code r<ROUND>-<n>}, each held 0 to {@value #MAX_HOLD_MILLIS} ms, so
 * their expiry timers fire while it sends; after each group is accepted it prints {@code SENT count} (the orders
 * of this round accepted so far, numbered from 0). An order that is not accepted is printed as {@code FAILED} and
 * the child exits.
 */
public final class TimerChild
{
    static final int GROUP = 16;
    static final int MAX_HOLD_MILLIS = 20;

    private TimerChild()
    {
    }

    public static void main(final String[] args)
    {
        final PrintStream out = System.out;
        final Path dir = Path.of(args[0]);
        final int round = Integer.parseInt(args[1]);
        final SplittableRandom random = new SplittableRandom(Long.parseLong(args[2]));
        final Engine engine = Engine.launch(Orders.context(dir));
        out.println("READY " + engine.lastPosition());
        out.flush();
        final List<CompletableFuture<Outcome>> sent = new ArrayList<>(GROUP);
        for (int count = 0; ; count += GROUP)
        {
            sent.clear();
            for (int i = 0; i < GROUP; i++)
            {
                sent.add(engine.send(new Orders.Reserve("r" + round + "-" + (count + i),
                    random.nextInt(MAX_HOLD_MILLIS + 1))));
            }
            for (int i = 0; i < GROUP; i++)
            {
                final Outcome outcome = sent.get(i).join();
                if (!outcome.accepted())
                {
                    out.println("FAILED r" + round + "-" + (count + i) + ": " + outcome);
                    out.flush();
                    System.exit(2);
                }
            }
            out.println("SENT " + (count + GROUP));
            out.flush();
        }
    }
}
