package dev.scribe.engine;

import dev.scribe.codecs.journal.RecordView;

/**
 * Told of each record right after it is appended to the journal, on the business-logic thread: keep it short and
 * never block. One that throws is reported to the error handler; the command stays accepted.
 *
 * <p>The records of a ring batch are written to the journal's files together at the end of the batch, so a listener
 * hears of a record before it is in the files: a process killed before the end of the batch loses records a listener
 * has seen (none that a caller was told of: results complete after the batch is written).
 */
@FunctionalInterface
public interface JournalListener
{
    /**
     * A record was appended.
     *
     * @param position its journal position.
     * @param record   the record; valid only during this call.
     */
    void onJournaled(long position, RecordView record);
}
