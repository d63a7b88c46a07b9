package dev.scribe.journal;

import dev.scribe.codecs.journal.RecordView;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Positioning Chronicle tailers on journal positions, and reading pages, in either journal format: in format 1 a
 * position is a document's Chronicle index; in format 2 the document holding it is found by {@link DocumentLookup}
 * and the records before it in the document are passed over by the {@link DocumentReader}.
 */
final class JournalReader
{
    private final SingleChronicleQueue queue;
    private final RecordMac mac;
    private final FormatSource format;

    JournalReader(final SingleChronicleQueue queue, final RecordMac mac, final FormatSource format)
    {
        this.queue = queue;
        this.mac = mac;
        this.format = format;
    }

    SingleChronicleQueue queue()
    {
        return queue;
    }

    RecordMac mac()
    {
        return mac;
    }

    static Path directory(final SingleChronicleQueue queue)
    {
        return Path.of(queue.fileAbsolutePath());
    }

    /**
     * A reader of this journal's documents, for one thread.
     */
    DocumentReader documentReader()
    {
        return new DocumentReader(queue, mac, format);
    }

    /**
     * A lookup of this journal's batch documents, for one thread.
     */
    DocumentLookup lookup()
    {
        return new DocumentLookup(queue, mac);
    }

    /**
     * The journal's format, once it holds a document; null while it is not known (nothing written yet).
     */
    JournalFormat format()
    {
        return format.known();
    }

    long firstPosition()
    {
        try (ExcerptTailer tailer = queue.createTailer())
        {
            return peekPosition(tailer.toStart(), true);
        }
        catch (final InternalError fault)
        {
            throw MappedFault.of(directory(queue), fault);
        }
    }

    long lastPosition()
    {
        try (ExcerptTailer tailer = queue.createTailer())
        {
            return peekPosition(tailer.direction(TailerDirection.BACKWARD).toEnd(), false);
        }
        catch (final InternalError fault)
        {
            throw MappedFault.of(directory(queue), fault);
        }
    }

    /**
     * Chronicle index of the last document, or {@link Journal#NULL_POSITION} if there is none.
     */
    long lastDocument()
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

    /**
     * The first or last record position of the next document of a tailer.
     */
    private long peekPosition(final ExcerptTailer tailer, final boolean first)
    {
        final long index = peekIndex(tailer);
        if (Journal.NULL_POSITION == index || format.resolve() == JournalFormat.V1)
        {
            return index;
        }
        final DocumentLookup lookup = lookup();
        if (!lookup.peekNext(tailer))
        {
            return Journal.NULL_POSITION; // went away meanwhile (released)
        }
        return first ? lookup.first() : lookup.last();
    }

    /**
     * Position of the first record at or after a position.
     *
     * @return the position, or {@link Journal#NULL_POSITION} if there is none.
     */
    long firstPositionFrom(final long from)
    {
        try (ExcerptTailer tailer = queue.createTailer())
        {
            final DocumentReader reader = documentReader();
            final DocumentLookup lookup = lookup();
            if (!seek(tailer, reader, lookup, from, TailerDirection.FORWARD))
            {
                return Journal.NULL_POSITION;
            }
            if (format.known() != JournalFormat.V2)
            {
                return peekIndex(tailer);
            }
            return lookup.peekNext(tailer) ? Math.max(lookup.first(), reader.skipBelow()) : Journal.NULL_POSITION;
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
     * of reading, and tell the reader where to start in that document.
     *
     * @return false if there is nothing to read in that direction.
     * @throws IllegalArgumentException reading backward from a position inside the journal that holds no record.
     */
    boolean seek(final ExcerptTailer tailer, final DocumentReader reader, final DocumentLookup lookup,
        final long from, final TailerDirection direction)
    {
        tailer.direction(direction);
        reader.from(Journal.NULL_POSITION);
        final long first = firstPosition();
        if (Journal.NULL_POSITION == first)
        {
            if (direction == TailerDirection.BACKWARD)
            {
                return false; // nothing to read back; a backward tailer of an empty queue cannot go to its start
            }
            tailer.toStart();
            return true;
        }
        final boolean batched = format.resolve() == JournalFormat.V2;
        if (direction == TailerDirection.FORWARD)
        {
            if (from == Journal.NULL_POSITION || from <= first)
            {
                tailer.toStart();
                return true;
            }
            if (batched)
            {
                if (DocumentLookup.FOUND != lookup.moveTo(tailer, from))
                {
                    moveToNextCycle(tailer, from);
                }
                reader.from(from);
            }
            else if (!tailer.moveToIndex(from))
            {
                moveToNextCycle(tailer, from);
            }
            return true;
        }
        final long last = lastPosition();
        if (from == Journal.NULL_POSITION || from >= last)
        {
            tailer.toEnd();
            return true;
        }
        if (from < first)
        {
            return false;
        }
        final boolean found = batched ? DocumentLookup.FOUND == lookup.moveTo(tailer, from) :
            tailer.moveToIndex(from);
        if (!found)
        {
            throw new IllegalArgumentException("no record at position " + from + " to read backward from");
        }
        tailer.direction(TailerDirection.BACKWARD);
        return true;
    }

    private void moveToNextCycle(final ExcerptTailer tailer, final long from)
    {
        try
        {
            tailer.direction(TailerDirection.FORWARD);
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

    JournalPage page(final long from, final int maxRecords, final TailerDirection direction)
    {
        if (maxRecords <= 0)
        {
            throw new IllegalArgumentException("maxRecords must be positive: " + maxRecords);
        }
        try (ExcerptTailer tailer = queue.createTailer())
        {
            final DocumentReader reader = documentReader();
            final DocumentLookup lookup = lookup();
            if (!seek(tailer, reader, lookup, from, direction))
            {
                return new JournalPage(List.of(), Journal.NULL_POSITION, true);
            }
            if (format.known() == JournalFormat.V2)
            {
                return direction == TailerDirection.FORWARD ? batchedForward(tailer, reader, from, maxRecords) :
                    batchedBackward(tailer, reader, lookup, from, maxRecords);
            }
            final List<JournalEntry> entries = new ArrayList<>(Math.min(maxRecords, 1024));
            final RecordHandler copier = (position, record) -> entries.add(copy(position, record));
            while (entries.size() < maxRecords && reader.read(tailer, copier, 1) > 0)
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

    private static JournalEntry copy(final long position, final RecordView record)
    {
        final byte[] bytes = new byte[record.length()];
        record.buffer().getBytes(record.offset(), bytes);
        return new JournalEntry(position, bytes);
    }

    private static JournalPage batchedForward(
        final ExcerptTailer tailer, final DocumentReader reader, final long from, final int maxRecords)
    {
        final List<JournalEntry> entries = new ArrayList<>(Math.min(maxRecords, 1024));
        final RecordHandler copier = (position, record) -> entries.add(copy(position, record));
        while (entries.size() < maxRecords && reader.read(tailer, copier, maxRecords - entries.size()) > 0)
        {
            // each read adds the entries of one document
        }
        final long next = entries.isEmpty() ? Math.max(from, Journal.NULL_POSITION) :
            entries.get(entries.size() - 1).position() + 1;
        return new JournalPage(entries, next, entries.size() < maxRecords);
    }

    private static JournalPage batchedBackward(final ExcerptTailer tailer, final DocumentReader reader,
        final DocumentLookup lookup, final long from, final int maxRecords)
    {
        final long bound = Journal.NULL_POSITION == from ? Long.MAX_VALUE : from;
        final List<JournalEntry> entries = new ArrayList<>(Math.min(maxRecords, 1024));
        final List<JournalEntry> document = new ArrayList<>();
        final RecordHandler copier = (position, record) ->
        {
            if (position <= bound)
            {
                document.add(copy(position, record));
            }
        };
        long next = Journal.NULL_POSITION;
        while (entries.size() < maxRecords)
        {
            document.clear();
            if (0 == reader.readWhole(tailer, copier))
            {
                break;
            }
            for (int i = document.size() - 1; i >= 0 && entries.size() < maxRecords; i--)
            {
                entries.add(document.get(i));
                next = i > 0 ? document.get(i - 1).position() : Journal.NULL_POSITION;
            }
        }
        if (entries.size() == maxRecords && Journal.NULL_POSITION == next && lookup.peekNext(tailer))
        {
            next = lookup.last(); // the page ended with a document: the next one back ends the next page
        }
        return new JournalPage(entries, next, Journal.NULL_POSITION == next);
    }
}
