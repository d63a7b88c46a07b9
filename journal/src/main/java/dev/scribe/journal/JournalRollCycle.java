package dev.scribe.journal;

import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.rollcycles.LargeRollCycles;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;

/**
 * How often the journal starts a new cycle file. Each cycle is one memory-mapped file; retention deletes whole
 * cycles. The cycle also bounds how many records fit in one file.
 */
public enum JournalRollCycle
{
    /** A file a second, for tests and demonstrations of rolling; 4.29 billion records a file. */
    SECONDLY(TestRollCycles.TEST_SECONDLY),
    /** A file every five minutes; 1.07 billion records a file. */
    FIVE_MINUTELY(RollCycles.FIVE_MINUTELY),
    /** A file an hour; 4.29 billion records a file. */
    HOURLY(RollCycles.FAST_HOURLY),
    /** A file a day, the default; 4.29 billion records a file. */
    DAILY(RollCycles.FAST_DAILY),
    /** A file a day for very high rates; 137 billion records a file. */
    LARGE_DAILY(LargeRollCycles.LARGE_DAILY),
    /** A file a week; 4.29 billion records a file. */
    WEEKLY(RollCycles.WEEKLY);

    private final RollCycle chronicle;

    JournalRollCycle(final RollCycle chronicle)
    {
        this.chronicle = chronicle;
    }

    RollCycle chronicle()
    {
        return chronicle;
    }

    /**
     * Length of one cycle.
     *
     * @return milliseconds.
     */
    public long lengthMs()
    {
        return chronicle.lengthInMillis();
    }

    /**
     * Most records one cycle file holds.
     *
     * @return the record count.
     */
    public long maxRecordsPerCycle()
    {
        return chronicle.maxMessagesPerCycle();
    }
}
