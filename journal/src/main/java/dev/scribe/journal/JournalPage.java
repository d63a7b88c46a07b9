package dev.scribe.journal;

import java.util.List;

/**
 * A page of records read forward or backward, and the cursor to read the next page from.
 *
 * @param entries    the records, in the order read.
 * @param nextCursor position to pass to the same read to continue; when forward and the page is short, the journal
 *                   had no more records yet and the cursor is where the next one will be.
 * @param end        true if the read reached the end of the journal (forward) or its start (backward).
 */
public record JournalPage(List<JournalEntry> entries, long nextCursor, boolean end)
{
    /**
     * A page.
     *
     * @param entries    the records, in the order read.
     * @param nextCursor position to continue from.
     * @param end        true if the read reached the end (forward) or start (backward).
     */
    public JournalPage
    {
        entries = List.copyOf(entries);
    }
}
