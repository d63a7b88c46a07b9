package dev.scribe.journal;

import net.openhft.chronicle.queue.RollCycle;

/**
 * How a position splits into its cycle and its sequence in the cycle: as the journal's roll cycle splits a
 * Chronicle index (the cycle in the high bits, the sequence in the low ones), in both journal formats. In a journal of
 * format 1 a position is its document's index; in one of format 2 the sequence counts records, not documents, so a
 * cycle holds as many records as Chronicle lets it hold documents ({@link JournalRollCycle#maxRecordsPerCycle}).
 */
final class PositionLayout
{
    private final RollCycle rollCycle;
    private final long maxSequence;

    PositionLayout(final RollCycle rollCycle)
    {
        this.rollCycle = rollCycle;
        this.maxSequence = rollCycle.maxMessagesPerCycle() - 1;
    }

    /**
     * The cycle of a position, or -1 for a negative position or one whose cycle does not fit Chronicle's 31 bits.
     */
    int cycleOf(final long position)
    {
        if (position < 0)
        {
            return -1;
        }
        try
        {
            return rollCycle.toCycle(position);
        }
        catch (final ArithmeticException ex)
        {
            return -1;
        }
    }

    /**
     * The sequence of a position within its cycle.
     */
    long sequenceOf(final long position)
    {
        return rollCycle.toSequenceNumber(position);
    }

    /**
     * The position of a sequence in a cycle.
     */
    long position(final int cycle, final long sequence)
    {
        return rollCycle.toIndex(cycle, sequence);
    }

    /**
     * Whether two positions are in the same cycle (and both valid).
     */
    boolean sameCycle(final long a, final long b)
    {
        final int cycle = cycleOf(a);
        return cycle >= 0 && cycle == cycleOf(b);
    }

    /**
     * Whether a position is the last its cycle can hold.
     */
    boolean lastOfCycle(final long position)
    {
        return sequenceOf(position) >= maxSequence;
    }

    /**
     * The position and its cycle and sequence, for messages.
     */
    String describe(final long position)
    {
        if (Journal.NULL_POSITION == position)
        {
            return PositionFormat.NONE + " (empty)";
        }
        if (cycleOf(position) < 0)
        {
            return PositionFormat.position(position);
        }
        return PositionFormat.position(position) + " (cycle " + cycleOf(position) + ", sequence " +
            sequenceOf(position) + ")";
    }
}
