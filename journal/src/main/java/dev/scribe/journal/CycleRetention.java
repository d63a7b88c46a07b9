package dev.scribe.journal;

import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

import java.io.File;
import java.text.ParseException;
import java.text.SimpleDateFormat;
import java.util.TimeZone;

/**
 * Deletes cycle files older than the retention when the appender enters a new cycle, on the appending thread.
 */
final class CycleRetention
{
    private static final String SUFFIX = ".cq4";

    private final JournalContext context;
    private final SimpleDateFormat format;
    private SingleChronicleQueue queue;
    private int highestCycle = Integer.MIN_VALUE;

    CycleRetention(final JournalContext context)
    {
        this.context = context;
        format = new SimpleDateFormat(context.rollCycle().chronicle().format());
        format.setTimeZone(TimeZone.getTimeZone("UTC"));
    }

    void queue(final SingleChronicleQueue queue)
    {
        this.queue = queue;
    }

    /**
     * Called after each append with the cycle it went into; cheap when the cycle has not changed.
     */
    void onAppend(final int cycle)
    {
        if (cycle > highestCycle)
        {
            highestCycle = cycle;
            if (context.retainCycles() > 0)
            {
                deleteBefore(cycle - context.retainCycles() + 1);
            }
        }
    }

    private void deleteBefore(final int oldestKept)
    {
        final File[] files = context.directory().toFile().listFiles((dir, name) -> name.endsWith(SUFFIX));
        if (null == files)
        {
            return;
        }
        boolean deleted = false;
        for (final File file : files)
        {
            final int cycle = cycleOf(file.getName());
            if (cycle != Integer.MAX_VALUE && cycle < oldestKept && file.delete())
            {
                deleted = true;
            }
        }
        if (deleted && null != queue)
        {
            queue.refreshDirectoryListing();
        }
    }

    private int cycleOf(final String fileName)
    {
        try
        {
            final long millis = format.parse(fileName.substring(0, fileName.length() - SUFFIX.length())).getTime();
            return (int)Math.floorDiv(millis, context.rollCycle().lengthMs());
        }
        catch (final ParseException ex)
        {
            return Integer.MAX_VALUE;
        }
    }
}
