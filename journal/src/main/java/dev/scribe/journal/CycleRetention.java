package dev.scribe.journal;

import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

import java.io.File;

/**
 * Deletes cycle files older than the retention when the appender enters a new cycle, on the appending thread.
 */
final class CycleRetention
{
    private final JournalContext context;
    private final SingleChronicleQueue queue;
    private final CycleFiles cycleFiles;
    private int highestCycle = Integer.MIN_VALUE;

    CycleRetention(final JournalContext context, final SingleChronicleQueue queue)
    {
        this.context = context;
        this.queue = queue;
        cycleFiles = new CycleFiles(queue);
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
        // listed leniently: this runs after a record is written, and must not make its append look failed
        final File[] files = context.directory().toFile().listFiles((dir, name) -> name.endsWith(CycleFiles.SUFFIX));
        if (null == files)
        {
            return;
        }
        boolean deleted = false;
        for (final File file : files)
        {
            final int cycle = cycleFiles.cycleOf(file.getName());
            if (cycle != CycleFiles.NOT_A_CYCLE && cycle < oldestKept && file.delete())
            {
                deleted = true;
            }
        }
        if (deleted)
        {
            queue.refreshDirectoryListing();
        }
    }
}
