package dev.scribe.journal;

import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

import java.io.File;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Deletes cycle files older than the retention when the appender enters a new cycle, on the appending thread; never
 * the cycle of the journal's retention floor or a later one.
 */
final class CycleRetention
{
    private final JournalContext context;
    private final SingleChronicleQueue queue;
    private final CycleFiles cycleFiles;
    private final AtomicLong floor;
    private final CycleLedger ledger;
    private int highestCycle = Integer.MIN_VALUE;

    CycleRetention(
        final JournalContext context,
        final SingleChronicleQueue queue,
        final AtomicLong floor,
        final CycleLedger ledger)
    {
        this.context = context;
        this.queue = queue;
        this.floor = floor;
        this.ledger = ledger;
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
                final long floorPosition = floor.get();
                final int oldestKept = cycle - context.retainCycles() + 1;
                deleteBefore(Journal.NULL_POSITION == floorPosition ? oldestKept :
                    Math.min(oldestKept, queue.rollCycle().toCycle(floorPosition)));
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
        final List<File> old = new ArrayList<>();
        for (final File file : files)
        {
            final int cycle = cycleFiles.cycleOf(file.getName());
            if (cycle != CycleFiles.NOT_A_CYCLE && cycle < oldestKept)
            {
                old.add(file);
            }
        }
        if (old.isEmpty())
        {
            return;
        }
        if (null != ledger)
        {
            ledger.released(oldestKept - 1);
        }
        // oldest first, so that the journal never lacks a cycle in its middle, even for a moment
        old.sort(Comparator.comparing(File::getName, Comparator.comparingInt(cycleFiles::cycleOf)));
        boolean deleted = false;
        for (final File file : old)
        {
            deleted |= file.delete();
        }
        if (deleted)
        {
            queue.refreshDirectoryListing();
        }
    }
}
