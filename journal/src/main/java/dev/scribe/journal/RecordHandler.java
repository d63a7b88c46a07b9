package dev.scribe.journal;

import dev.scribe.codecs.journal.RecordView;

/**
 * Receives journal records in order.
 */
@FunctionalInterface
public interface RecordHandler
{
    /**
     * One record, already checked.
     *
     * @param position of the record in the journal.
     * @param record   a view valid only during this call; copy what must outlive it.
     */
    void onRecord(long position, RecordView record);
}
