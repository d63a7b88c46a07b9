package dev.scribe.engine;

import dev.scribe.codecs.journal.RecordView;

/**
 * Told of each record right after it is journaled, on the business-logic thread: keep it short and never block.
 * One that throws is reported to the error handler; the command stays accepted.
 */
@FunctionalInterface
public interface JournalListener
{
    /**
     * A record was journaled.
     *
     * @param position its journal position.
     * @param record   the record; valid only during this call.
     */
    void onJournaled(long position, RecordView record);
}
