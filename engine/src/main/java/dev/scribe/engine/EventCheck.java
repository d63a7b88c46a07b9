package dev.scribe.engine;

import dev.scribe.codecs.journal.RecordView;

/**
 * Whether journaled events can be replayed with an application's registrations: each decodes with its codecs (its
 * type id registered, its version readable, its payload whole) and is applied by a registered aggregate. What
 * {@code journal verify --setup} checks for every event; for tools of an application's own.
 */
public final class EventCheck
{
    private final Registry registry;

    private EventCheck(final Registry registry)
    {
        this.registry = registry;
    }

    /**
     * A check with an application's registrations.
     *
     * @param context the application's engine context; concluded here, used only for its registrations.
     * @return the check.
     * @throws IllegalArgumentException if the context is wrong.
     */
    public static EventCheck of(final EngineContext context)
    {
        return new EventCheck(context.conclude().registry());
    }

    /**
     * What is wrong with one event of a record, if anything.
     *
     * @param record a checked record.
     * @param index  the event's index in it.
     * @return null if the event would replay, else what is wrong with it.
     */
    public String problem(final RecordView record, final int index)
    {
        final Object event;
        try
        {
            event = record.event(index, registry.codecs());
        }
        catch (final RuntimeException ex)
        {
            return "cannot be decoded: " + ex.getMessage();
        }
        if (null == event)
        {
            return "decodes to null";
        }
        return null == registry.aggregateForEvent(event.getClass()) ? "is a " + event.getClass().getName() +
            ", which no registered aggregate applies" : null;
    }

    /**
     * One event of a record as text people read, decoded with the application's codecs: {@code toString()} of the
     * event object (a record class prints its fields); for {@code journal dump --setup}.
     *
     * @param record a checked record.
     * @param index  the event's index in it.
     * @return the event's class's simple name and its text, or null if it cannot be decoded.
     */
    public String text(final RecordView record, final int index)
    {
        try
        {
            final Object event = record.event(index, registry.codecs());
            if (null == event)
            {
                return null;
            }
            final String text = String.valueOf(event);
            final String name = event.getClass().getSimpleName();
            return text.startsWith(name) ? text : name + " " + text;
        }
        catch (final RuntimeException ex)
        {
            return null;
        }
    }
}
