package dev.scribe.journal;

import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

import java.text.ParseException;

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
    static long between(final Journal journal, final SingleChronicleQueue queue, final long from, final long to)
    {
        final PositionLayout layout = new PositionLayout(queue.rollCycle());
        try
        {
            final long last = journal.lastPosition();
            final long end = Math.min(to, last);
            long cursor = Journal.NULL_POSITION == last ? Journal.NULL_POSITION : first(journal, Math.max(0, from));
            long count = 0;
            while (Journal.NULL_POSITION != cursor && cursor <= end)
            {
                // the next cycle that has a file: a tailer sent to one without says so in Chronicle's log
                final int cycle = layout.cycleOf(cursor);
                final int next = queue.nextCycle(cycle, TailerDirection.FORWARD);
                final long nextFirst = next <= cycle ? Journal.NULL_POSITION : first(journal, layout.position(next, 0));
                final long lastOfCycle = Journal.NULL_POSITION == nextFirst ? last : before(journal, nextFirst, cursor);
                count += Math.min(end, lastOfCycle) - cursor + 1;
                cursor = nextFirst;
            }
            return count;
        }
        catch (final CorruptRecordException | IllegalArgumentException | ArithmeticException | ParseException ex)
        {
            return -1;
        }
    }

    /** The record before the first of a cycle: the last of the cycle before, which holds {@code cursor}. */
    private static long before(final Journal journal, final long firstOfCycle, final long cursor)
    {
        final JournalPage page = journal.readBackward(firstOfCycle, 2);
        return page.entries().size() < 2 ? cursor : page.entries().get(1).position();
    }

    private static long first(final Journal journal, final long from)
    {
        final JournalPage page = journal.readForward(from, 1);
        return page.entries().isEmpty() ? Journal.NULL_POSITION : page.entries().get(0).position();
    }
}
