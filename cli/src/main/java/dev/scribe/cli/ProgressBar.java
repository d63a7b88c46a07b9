package dev.scribe.cli;

import dev.scribe.journal.tool.Progress;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress bar on standard error, redrawn in place at most ten times a second: what is being done, a bar, the
 * percentage and the records done of the total ({@code verify [##########..........]  50%  5,000/10,000 records});
 * only the count when the total is not known. {@link #close} ends its line. A bar that is not shown does nothing.
 */
final class ProgressBar implements Progress, AutoCloseable
{
    private static final long REDRAW_NS = 100_000_000L;
    private static final int WIDTH = 30;
    private static final int PERCENT = 100;

    private final PrintStream err;
    private final String what;
    private final boolean shown;
    private long lastDrawNs;
    private boolean drawn;
    private String lastLine = "";

    private ProgressBar(final PrintStream err, final String what, final boolean shown)
    {
        this.err = err;
        this.what = what;
        this.shown = shown;
    }

    /**
     * A bar for a command's work: shown on a terminal, or everywhere with {@code --progress}; never with
     * {@code --json}.
     *
     * @param io       where to draw it, and whether that is a terminal.
     * @param what     the work, such as {@code verify}.
     * @param asked    whether {@code --progress} was given.
     * @param json     whether {@code --json} was given.
     * @return the bar.
     */
    static ProgressBar start(final Io io, final String what, final boolean asked, final boolean json)
    {
        return new ProgressBar(io.err(), what, !json && (asked || io.errIsTerminal()));
    }

    @Override
    public void progress(final long done, final long total)
    {
        if (!shown)
        {
            return;
        }
        final long now = System.nanoTime();
        if (drawn && now - lastDrawNs < REDRAW_NS && (total <= 0 || done < total))
        {
            return;
        }
        final String line = line(done, total);
        if (line.equals(lastLine))
        {
            return;
        }
        lastDrawNs = now;
        drawn = true;
        final StringBuilder text = new StringBuilder("\r").append(line);
        for (int i = line.length(); i < lastLine.length(); i++)
        {
            text.append(' ');
        }
        lastLine = line;
        err.print(text);
        err.flush();
    }

    /**
     * The bar's text for a count.
     *
     * @param done  records done.
     * @param total records in all; 0 or less if not known.
     * @return the line, without a line end.
     */
    String line(final long done, final long total)
    {
        if (total <= 0)
        {
            return String.format(Locale.ROOT, "%s %,d records", what, done);
        }
        final long shownDone = Math.min(done, total);
        final int filled = (int)(shownDone * WIDTH / total);
        return String.format(Locale.ROOT, "%s [%s%s] %3d%% %,d/%,d records", what, "#".repeat(filled),
            ".".repeat(WIDTH - filled), shownDone * PERCENT / total, done, total);
    }

    @Override
    public void close()
    {
        if (drawn)
        {
            err.println();
            drawn = false;
        }
    }
}
