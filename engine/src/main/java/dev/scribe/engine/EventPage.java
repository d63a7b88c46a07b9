package dev.scribe.engine;

import java.util.List;

/**
 * A page of decoded journal events ({@link JournalEvents}) and the cursor to read on from.
 *
 * @param events the events, in the order read (newest first when reading backward); whole records only.
 * @param cursor opaque; pass it to the same read for the next page. It names the last record read, so it stays
 *               valid on a replica of the same journal and is refused by another journal.
 * @param end    true if the read reached the end of the journal (forward) or its start (backward), as it is now.
 */
public record EventPage(List<JournalEvent> events, String cursor, boolean end)
{
    /**
     * A page.
     *
     * @param events the events.
     * @param cursor the cursor to go on from.
     * @param end    whether the read reached the journal's end or start.
     */
    public EventPage
    {
        events = List.copyOf(events);
    }
}
