package dev.scribe.engine;

import dev.scribe.journal.PositionFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The most recent events of the journal, with what they were, whose, when, and the correlation id of the command
 * that emitted them: a bounded, queryable view for an operator's screen or an audit trail. It fills itself from the
 * journal's end at start ({@link JournalEvents#backward}) and then follows the journal with a subscription of its
 * own name, keeping only events newer than those it filled itself with. It keeps no state across restarts: the
 * journal is the audit trail, and this is a window on its end. Its subscription keeps no checkpoint across starts
 * either (one left under its name is deleted at start), so it starts after a fail-over truncated the journal, or
 * after the journal's start was released, as well as on the journal it left.
 *
 * <pre>{@code
 * try (AuditLog audit = AuditLog.start(engine, "audit", 10_000))
 * {
 *     audit.recent(20).forEach(System.out::println);
 *     audit.of("acc-1", 20);
 * }
 * }</pre>
 */
public final class AuditLog implements AutoCloseable
{
    /** Most entries a log may keep. */
    public static final int MAX_CAPACITY = 10_000_000;

    /**
     * One event as the log keeps it.
     *
     * @param position      journal position of its record.
     * @param index         its index in the record.
     * @param time          when its command was decided (the engine clock).
     * @param aggregateId   whose event it is.
     * @param version       that aggregate's version after it.
     * @param type          the event's class name.
     * @param correlationId the correlation id of the command that emitted it.
     * @param event         the event.
     */
    public record Entry(long position, int index, Instant time, String aggregateId, long version, String type,
        long correlationId, Object event)
    {
        @Override
        public String toString()
        {
            return "Entry[position=" + PositionFormat.position(position) + ", index=" + index + ", time=" + time +
                ", aggregateId=" + aggregateId + ", version=" + version + ", type=" + type + ", correlationId=" +
                correlationId + ", event=" + event + "]";
        }
    }

    private final Object lock = new Object();
    private final Entry[] ring;
    private long added;
    /** Position of the newest record it filled itself with at start, or -1. */
    private final long filledTo;
    private final RunningSubscription subscription;

    private AuditLog(final Engine engine, final String name, final int capacity)
    {
        ring = new Entry[capacity];
        final List<JournalEvent> newest = new ArrayList<>();
        String cursor = null;
        EventPage page;
        do
        {
            page = engine.events().backward(cursor, Math.min(JournalEvents.MAX_PAGE, capacity - newest.size()));
            newest.addAll(page.events());
            cursor = page.cursor();
        }
        while (!page.end() && newest.size() < capacity);
        final long after = newest.isEmpty() ? -1 : newest.get(0).position();
        for (int i = newest.size() - 1; i >= 0; i--)
        {
            add(newest.get(i));
        }
        final Subscription follow = Subscription.named(name);
        if (after >= 0)
        {
            follow.from(after + 1);
        }
        filledTo = after;
        subscription = engine.subscriptions().startAfresh(follow.handler(events ->
        {
            for (final JournalEvent event : events)
            {
                if (event.position() > after)
                {
                    add(event);
                }
            }
        }));
    }

    /**
     * Start a log over an engine's journal.
     *
     * @param engine   the engine.
     * @param name     the name of its subscription; not one of a durable subscription, whose checkpoint the log
     *                 would delete.
     * @param capacity most entries kept, 1 to {@value #MAX_CAPACITY}.
     * @return the running log; close it to stop following.
     * @throws IllegalArgumentException if the capacity is out of range, the name is not a valid subscription name or
     *                                  a subscription of that name runs.
     */
    public static AuditLog start(final Engine engine, final String name, final int capacity)
    {
        if (capacity < 1 || capacity > MAX_CAPACITY)
        {
            throw new IllegalArgumentException("an audit log keeps 1 to " + MAX_CAPACITY + " entries: " + capacity);
        }
        Objects.requireNonNull(engine, "engine");
        return new AuditLog(engine, Subscription.checkName(name), capacity);
    }

    private void add(final JournalEvent event)
    {
        final Entry entry = new Entry(event.position(), event.index(), Instant.ofEpochSecond(0, event.timestampNs()),
            event.aggregateId(), event.version(), event.type().getName(), event.correlationId(), event.event());
        synchronized (lock)
        {
            ring[(int)(added++ % ring.length)] = entry;
        }
    }

    /**
     * The newest entries, newest first.
     *
     * @param max most entries.
     * @return up to {@code max} entries.
     */
    public List<Entry> recent(final int max)
    {
        return of(null, max);
    }

    /**
     * The newest entries of one aggregate still in the log, newest first.
     *
     * @param aggregateId the aggregate, or null for every aggregate's.
     * @param max         most entries.
     * @return up to {@code max} entries.
     */
    public List<Entry> of(final String aggregateId, final int max)
    {
        final List<Entry> entries = new ArrayList<>();
        synchronized (lock)
        {
            for (long i = added - 1; i >= 0 && i >= added - ring.length && entries.size() < max; i--)
            {
                final Entry entry = ring[(int)(i % ring.length)];
                if (null == aggregateId || entry.aggregateId().equals(aggregateId))
                {
                    entries.add(entry);
                }
            }
        }
        return entries;
    }

    /**
     * Position of the newest record the log holds or has followed to: from its start, that of the newest event it
     * filled itself with.
     *
     * @return the position, or -1 if it has seen no record yet.
     */
    public long position()
    {
        return Math.max(filledTo, subscription.position());
    }

    /**
     * Wait until the log has followed the journal to a position.
     *
     * @param position a journal position.
     * @param timeout  the longest wait.
     * @return whether it got there in time.
     * @throws InterruptedException if interrupted while waiting.
     */
    public boolean awaitPosition(final long position, final Duration timeout) throws InterruptedException
    {
        return position() >= position || subscription.awaitPosition(position, timeout);
    }

    /** Stop following the journal. */
    @Override
    public void close()
    {
        subscription.close();
    }
}
