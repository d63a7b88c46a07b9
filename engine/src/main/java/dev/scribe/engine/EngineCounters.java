package dev.scribe.engine;

/**
 * The engine's counters. Updated by the business-logic and consumer threads only, read by anyone.
 */
final class EngineCounters
{
    private volatile long commands;
    private volatile long accepted;
    private volatile long rejected;
    private volatile long events;
    private volatile long errors;
    private volatile long journalPosition = -1;
    private volatile long maxProcessingNs;

    void commands()
    {
        commands++;
    }

    void accepted()
    {
        accepted++;
    }

    void rejected()
    {
        rejected++;
    }

    void events(final int count)
    {
        events += count;
    }

    synchronized void error()
    {
        errors++;
    }

    void journalPosition(final long position)
    {
        journalPosition = position;
    }

    void processingTime(final long nanos)
    {
        if (nanos > maxProcessingNs)
        {
            maxProcessingNs = nanos;
        }
    }

    long commandCount()
    {
        return commands;
    }

    long acceptedCount()
    {
        return accepted;
    }

    long rejectedCount()
    {
        return rejected;
    }

    long eventCount()
    {
        return events;
    }

    long errorCount()
    {
        return errors;
    }

    long journalPosition()
    {
        return journalPosition;
    }

    long maxProcessingNs()
    {
        return maxProcessingNs;
    }
}
