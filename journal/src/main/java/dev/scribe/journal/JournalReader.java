package dev.scribe.journal;

import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Positioning Chronicle tailers on journal positions, and reading pages.
 */
final class JournalReader
{
    private JournalReader()
    {
    }

    static long firstPosition(final SingleChronicleQueue queue)
    {
        try (ExcerptTailer tailer = queue.createTailer())
        {
            return peekIndex(tailer.toStart());
        }
        catch (final InternalError fault)
        {
            throw MappedFault.of(directory(queue), fault);
        }
    }

    static long lastPosition(final SingleChronicleQueue queue)
    {
        try (ExcerptTailer tailer = queue.createTailer())
        {
            return peekIndex(tailer.direction(TailerDirection.BACKWARD).toEnd());
        }
        catch (final InternalError fault)
        {
            throw MappedFault.of(directory(queue), fault);
        }
    }

    static Path directory(final SingleChronicleQueue queue)
    {
        return Path.of(queue.fileAbsolutePath());
    }

    /**
     * Position of the first record at or after a position.
     *
     * @return the position, or {@link Journal#NULL_POSITION} if there is none.
     */
    static long firstPositionFrom(final SingleChronicleQueue queue, final long from)
    {
        try (ExcerptTailer tailer = queue.createTailer())
        {
            return seek(queue, tailer, from, TailerDirection.FORWARD) ? peekIndex(tailer) : Journal.NULL_POSITION;
        }
        catch (final InternalError fault)
        {
            throw MappedFault.of(directory(queue), fault);
        }
    }

    private static long peekIndex(final ExcerptTailer tailer)
    {
        try (DocumentContext context = tailer.readingDocument())
        {
            if (!context.isPresent())
            {
                return Journal.NULL_POSITION;
            }
            context.rollbackOnClose();
            return context.index();
        }
    }

    /**
     * Place a tailer so that its next read returns the record at {@code from}, or the nearest one in the direction
     * of reading.
     *
     * @return false if there is nothing to read in that direction.
     */
    static boolean seek(
        final SingleChronicleQueue queue, final ExcerptTailer tailer, final long from, final TailerDirection direction)
    {
        tailer.direction(direction);
        final long first = firstPosition(queue);
        if (Journal.NULL_POSITION == first)
        {
            tailer.toStart();
            return direction == TailerDirection.FORWARD;
        }
        if (direction == TailerDirection.FORWARD)
        {
            if (from == Journal.NULL_POSITION || from <= first)
            {
                tailer.toStart();
            }
            else if (!tailer.moveToIndex(from))
            {
                moveToNextCycle(queue, tailer, from);
            }
            return true;
        }
        final long last = lastPosition(queue);
        if (from == Journal.NULL_POSITION || from >= last)
        {
            tailer.toEnd();
            return true;
        }
        if (from < first)
        {
            return false;
        }
        if (!tailer.moveToIndex(from))
        {
            throw new IllegalArgumentException("no record at position " + from + " to read backward from");
        }
        return true;
    }

    private static void moveToNextCycle(final SingleChronicleQueue queue, final ExcerptTailer tailer, final long from)
    {
        try
        {
            final int next = queue.nextCycle(queue.rollCycle().toCycle(from), TailerDirection.FORWARD);
            if (next == -1 || !tailer.moveToCycle(next))
            {
                tailer.toEnd();
            }
        }
        catch (final ParseException ex)
        {
            throw new JournalException("cannot list the cycle files of journal " + queue.fileAbsolutePath(), ex);
        }
    }

    static JournalPage page(
        final SingleChronicleQueue queue, final long from, final int maxRecords, final TailerDirection direction,
        final RecordMac mac)
    {
        if (maxRecords <= 0)
        {
            throw new IllegalArgumentException("maxRecords must be positive: " + maxRecords);
        }
        try (ExcerptTailer tailer = queue.createTailer())
        {
            if (!seek(queue, tailer, from, direction))
            {
                return new JournalPage(List.of(), Journal.NULL_POSITION, true);
            }
            final List<JournalEntry> entries = new ArrayList<>(Math.min(maxRecords, 1024));
            final DocumentReader reader = new DocumentReader(queue, mac);
            final RecordHandler copier = (position, record) ->
            {
                final byte[] bytes = new byte[record.length()];
                record.buffer().getBytes(record.offset(), bytes);
                entries.add(new JournalEntry(position, bytes));
            };
            while (entries.size() < maxRecords && reader.read(tailer, copier))
            {
                // each read adds one entry
            }
            final boolean end = entries.size() < maxRecords;
            final long next = direction == TailerDirection.BACKWARD && end ? Journal.NULL_POSITION : tailer.index();
            return new JournalPage(entries, next, end);
        }
        catch (final InternalError fault)
        {
            throw MappedFault.of(directory(queue), fault);
        }
    }
}
