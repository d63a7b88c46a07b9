package dev.scribe.engine;

import dev.scribe.codecs.journal.RecordView;
import dev.scribe.journal.Journal;
import dev.scribe.journal.JournalEntry;
import dev.scribe.journal.JournalPage;
import dev.scribe.journal.JournalTailer;

import dev.scribe.journal.PositionFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The journal's events a page at a time, forward or backward, for the whole journal or one aggregate's stream
 * ({@link Engine#events()}), decoded, with their metadata. Each page ends with an opaque cursor to go on from; a
 * cursor names the last record read, so it survives restarts and fail-over to a replica of the same journal, and a
 * cursor of another journal (or of a record since truncated or released) is refused with the reason. Safe to call
 * from any thread; reads never touch the ring.
 *
 * <p>An aggregate's stream is found by reading the journal, not an index: a read scans at most
 * {@value #SCAN_RECORDS} records and may end with fewer events than asked for (even none) and a cursor to go on.
 *
 * <pre>{@code
 * String cursor = null;
 * EventPage page;
 * do
 * {
 *     page = engine.events().forward("acc-1", cursor, 100);
 *     page.events().forEach(System.out::println);
 *     cursor = page.cursor();
 * }
 * while (!page.end());
 * }</pre>
 */
public final class JournalEvents
{
    /** Most events a page may be asked for. */
    public static final int MAX_PAGE = 10_000;
    /** Most records one read of an aggregate's stream scans. */
    public static final int SCAN_RECORDS = 65_536;
    private static final int READ_RECORDS = 256;

    private final Journal journal;
    private final Registry registry;

    JournalEvents(final Journal journal, final Registry registry)
    {
        this.journal = journal;
        this.registry = registry;
    }

    /** A tailer of the journal from a position (inclusive), for a reader of all of it on one thread. */
    JournalTailer tailer(final long from)
    {
        return journal.tailer(from);
    }

    /** A decoder of the journal's events, for one thread. */
    RecordDecoder decoder()
    {
        return new RecordDecoder(registry.codecs());
    }

    /**
     * The next events of the journal.
     *
     * @param cursor    null to start at the journal's first record, else a cursor of a page before.
     * @param maxEvents most events in the page, 1 to {@value #MAX_PAGE} (a record is never split, so a page may
     *                  hold more when its first record alone does).
     * @return the page.
     * @throws IllegalArgumentException if the cursor is not one, or names a record this journal does not hold.
     * @throws EngineException          if an event cannot be decoded.
     */
    public EventPage forward(final String cursor, final int maxEvents)
    {
        return read(null, cursor, maxEvents, true);
    }

    /**
     * The events before a cursor, newest first.
     *
     * @param cursor    null to start at the journal's last record, else a cursor of a page before.
     * @param maxEvents most events in the page, 1 to {@value #MAX_PAGE}.
     * @return the page.
     * @throws IllegalArgumentException if the cursor is not one, or names a record this journal does not hold.
     * @throws EngineException          if an event cannot be decoded.
     */
    public EventPage backward(final String cursor, final int maxEvents)
    {
        return read(null, cursor, maxEvents, false);
    }

    /**
     * The next events of one aggregate.
     *
     * @param aggregateId the aggregate's id.
     * @param cursor      null to start at the journal's first record, else a cursor of a page before.
     * @param maxEvents   most events in the page, 1 to {@value #MAX_PAGE}.
     * @return the page.
     * @throws IllegalArgumentException if the cursor is not one, or names a record this journal does not hold.
     */
    public EventPage forward(final String aggregateId, final String cursor, final int maxEvents)
    {
        return read(requireId(aggregateId), cursor, maxEvents, true);
    }

    /**
     * The events of one aggregate before a cursor, newest first.
     *
     * @param aggregateId the aggregate's id.
     * @param cursor      null to start at the journal's last record, else a cursor of a page before.
     * @param maxEvents   most events in the page, 1 to {@value #MAX_PAGE}.
     * @return the page.
     * @throws IllegalArgumentException if the cursor is not one, or names a record this journal does not hold.
     */
    public EventPage backward(final String aggregateId, final String cursor, final int maxEvents)
    {
        return read(requireId(aggregateId), cursor, maxEvents, false);
    }

    /**
     * Where a saga run is and what happened to it, folded from its events: a read of the journal (see above), for
     * operators and tests rather than for every command.
     *
     * @param saga the saga.
     * @param id   the run's id.
     * @return the run's view, or null if it never started.
     */
    public SagaView saga(final Saga<?> saga, final String id)
    {
        final SagaView.Fold fold = new SagaView.Fold();
        String cursor = null;
        EventPage page;
        do
        {
            page = forward(saga.aggregateId(id), cursor, MAX_PAGE);
            page.events().forEach(fold::add);
            cursor = page.cursor();
        }
        while (!page.end());
        return fold.view();
    }

    /**
     * Every saga run in the journal, in the order they started, each folded from its events: a read of the whole
     * journal. Runs that have not ended, and those that {@code FAILED}, are the ones to look at.
     *
     * @return the runs.
     */
    public List<SagaView> sagas()
    {
        final Map<String, SagaView.Fold> runs = new LinkedHashMap<>();
        String cursor = null;
        EventPage page;
        do
        {
            page = forward(cursor, MAX_PAGE);
            for (final JournalEvent event : page.events())
            {
                if (event.aggregateId().startsWith("$saga:"))
                {
                    runs.computeIfAbsent(event.aggregateId(), id -> new SagaView.Fold()).add(event);
                }
            }
            cursor = page.cursor();
        }
        while (!page.end());
        return runs.values().stream().map(SagaView.Fold::view).filter(Objects::nonNull).toList();
    }

    /**
     * The next events, of records up to a position only: the page ends before the first record after it.
     */
    EventPage forwardTo(final String cursor, final int maxEvents, final long upTo)
    {
        final JournalCursor from = null == cursor ? JournalCursor.start() : JournalCursor.parse(cursor);
        if (from.kind() == JournalCursor.AT_RECORD)
        {
            check(from);
        }
        return scan(null, from, maxEvents, true, upTo);
    }

    private static String requireId(final String aggregateId)
    {
        if (null == aggregateId || aggregateId.isEmpty())
        {
            throw new IllegalArgumentException("an aggregate's stream needs its id: " + aggregateId);
        }
        return aggregateId;
    }

    private EventPage read(final String aggregateId, final String cursorText, final int maxEvents,
        final boolean forward)
    {
        if (maxEvents < 1 || maxEvents > MAX_PAGE)
        {
            throw new IllegalArgumentException("maxEvents must be 1 to " + MAX_PAGE + ": " + maxEvents);
        }
        JournalCursor cursor = null == cursorText ? (forward ? JournalCursor.start() : JournalCursor.end()) :
            JournalCursor.parse(cursorText);
        if (cursor.kind() == JournalCursor.START && !forward)
        {
            return new EventPage(List.of(), cursor.text(), true);
        }
        if (cursor.kind() == JournalCursor.END && forward)
        {
            final long last = journal.lastPosition();
            cursor = Journal.NULL_POSITION == last ? JournalCursor.start() : JournalCursor.at(last, crcOf(last));
        }
        if (cursor.kind() == JournalCursor.AT_RECORD)
        {
            check(cursor);
        }
        return scan(aggregateId, cursor, maxEvents, forward, Long.MAX_VALUE);
    }

    private EventPage scan(final String aggregateId, final JournalCursor cursor, final int maxEvents,
        final boolean forward, final long upTo)
    {
        final RecordDecoder decoder = new RecordDecoder(registry.codecs());
        final RecordDecoder.Choice choice = null == aggregateId ? (view, i, k) -> true :
            (view, i, k) -> aggregateId.equals(view.aggregateId(k));
        final List<JournalEvent> events = new ArrayList<>();
        final List<JournalEvent> record = new ArrayList<>();
        JournalCursor last = cursor;
        long from = cursor.kind() == JournalCursor.AT_RECORD ? cursor.position() :
            forward ? Journal.NULL_POSITION : Long.MAX_VALUE;
        int scanned = 0;
        while (true)
        {
            final JournalPage page = forward ? journal.readForward(from, READ_RECORDS) :
                journal.readBackward(from, READ_RECORDS);
            for (final JournalEntry entry : page.entries())
            {
                if (cursor.kind() == JournalCursor.AT_RECORD && entry.position() == cursor.position())
                {
                    continue; // the cursor's own record was read before
                }
                if (entry.position() > upTo)
                {
                    return new EventPage(events, last.text(), true);
                }
                final RecordView view = entry.view();
                record.clear();
                decoder.decode(entry.position(), view, choice, record, null);
                if (!events.isEmpty() && events.size() + record.size() > maxEvents)
                {
                    return new EventPage(events, last.text(), false);
                }
                if (!forward)
                {
                    Collections.reverse(record);
                }
                events.addAll(record);
                last = JournalCursor.at(entry.position(), view.crc32c());
                if (events.size() >= maxEvents || ++scanned >= SCAN_RECORDS && null != aggregateId)
                {
                    return new EventPage(events, last.text(), false);
                }
            }
            if (page.end() || page.entries().isEmpty())
            {
                return new EventPage(events, last.text(), true);
            }
            from = page.nextCursor();
        }
    }

    private void check(final JournalCursor cursor)
    {
        final long crc = cursor.position() < journal.firstPosition() ? -1 : crcOrNone(cursor.position());
        if (crc != (cursor.crc() & 0xFFFFFFFFL))
        {
            throw new IllegalArgumentException("the cursor names the record at position " +
                PositionFormat.position(cursor.position()) +
                " (CRC32C 0x" + Integer.toHexString(cursor.crc()) + "), which this journal does not hold" +
                (crc < 0 ? "" : " (it holds another record there)") + ": a cursor of another journal, or its record " +
                "was truncated or released; the journal runs from " +
                PositionFormat.position(journal.firstPosition()) + " to " +
                journal.lastPosition());
        }
    }

    private int crcOf(final long position)
    {
        final long crc = crcOrNone(position);
        if (crc < 0)
        {
            throw new EngineException("the journal's last record, at " + PositionFormat.position(position) +
                ", cannot be read");
        }
        return (int)crc;
    }

    private long crcOrNone(final long position)
    {
        final JournalPage page = journal.readForward(position, 1);
        return page.entries().isEmpty() || page.entries().get(0).position() != position ? -1 :
            page.entries().get(0).view().crc32c() & 0xFFFFFFFFL;
    }
}
