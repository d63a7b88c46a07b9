package dev.scribe.journal;

import net.openhft.chronicle.queue.RollCycle;

/**
 * How many records lie between two positions, found without reading them: in each cycle, from the sequence of the
 * first record to that of the last, since a cycle's sequences count its records (in format 1 each document is a
 * record; in format 2 each record of a batch has its own sequence). Two short reads a cycle; for a progress bar's
 * total. A record range with a hole in its sequences (none is ever written so) would be counted as if whole.
 */
final class RecordCount
{
    private RecordCount()
    {
    }

    /**
     * The records from the first at or after {@code from} to the last at or before {@code to}.
     *
     * @return the count, 0 if there are none; -1 if the journal could not say (a corrupt record where it looked).
     */
    static long between(final Journal journal, final RollCycle rollCycle, final long from, final long to)
    {
        final PositionLayout layout = new PositionLayout(rollCycle);
        final long maxSequence = rollCycle.maxMessagesPerCycle() - 1;
        try
        {
            long cursor = first(journal, Math.max(0, from));
            long count = 0;
            while (Journal.NULL_POSITION != cursor && cursor <= to)
            {
                final int cycle = layout.cycleOf(cursor);
                final long lastOfCycle = last(journal, Math.min(to, layout.position(cycle, maxSequence)));
                if (Journal.NULL_POSITION == lastOfCycle || lastOfCycle < cursor)
                {
                    break;
                }
                count += lastOfCycle - cursor + 1;
                cursor = first(journal, layout.position(cycle + 1, 0));
            }
            return count;
        }
        catch (final CorruptRecordException | IllegalArgumentException | ArithmeticException ex)
        {
            return -1;
        }
    }

    private static long first(final Journal journal, final long from)
    {
        final JournalPage page = journal.readForward(from, 1);
        return page.entries().isEmpty() ? Journal.NULL_POSITION : page.entries().get(0).position();
    }

    private static long last(final Journal journal, final long atOrBefore)
    {
        final JournalPage page = journal.readBackward(atOrBefore, 1);
        return page.entries().isEmpty() ? Journal.NULL_POSITION : page.entries().get(0).position();
    }
}
