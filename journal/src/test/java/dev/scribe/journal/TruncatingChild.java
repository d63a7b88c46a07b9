package dev.scribe.journal;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Child process for truncation crash tests: {@code DIR FROM DROPPED HALT} truncates the journal in DIR (rolling every
 * second) from position FROM, the dropped records going to DROPPED ({@code -} for none). It prints {@code STEP name}
 * at each step of the truncation; at the step named HALT ({@code -} for none) it prints {@code HALTED} and waits to be
 * killed. When the truncation is done it prints {@code FINISHED} and the result, and waits to be killed.
 */
public final class TruncatingChild
{
    private TruncatingChild()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final PrintStream out = new PrintStream(System.out, false);
        final JournalContext context = new JournalContext().directory(Path.of(args[0]))
            .rollCycle(JournalRollCycle.SECONDLY);
        final long from = Long.parseLong(args[1]);
        final Path droppedTo = "-".equals(args[2]) ? null : Path.of(args[2]);
        final String halt = args[3];
        out.println("TRUNCATING");
        out.flush();
        final Truncation truncation = JournalTruncation.truncate(context.conclude(), from, droppedTo, step ->
        {
            out.println("STEP " + step);
            out.flush();
            if (step.name().equals(halt))
            {
                out.println("HALTED");
                out.flush();
                waitToBeKilled();
            }
        });
        out.println("FINISHED " + truncation);
        out.flush();
        waitToBeKilled();
    }

    private static void waitToBeKilled()
    {
        try
        {
            Thread.currentThread().join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
