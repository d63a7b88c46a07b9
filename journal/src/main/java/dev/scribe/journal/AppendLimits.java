package dev.scribe.journal;

/**
 * The sizes an appender keeps to.
 *
 * @param maxRecordBytes  the largest record accepted.
 * @param maxBatchRecords most records in one batch document (format 2).
 * @param maxBatchBytes   most bytes of one batch document, unless its one record needs more.
 * @param pretouchBytes   how far ahead of the writer the file's pages are brought in, 0 for not at all.
 */
record AppendLimits(int maxRecordBytes, int maxBatchRecords, int maxBatchBytes, int pretouchBytes)
{
    /** No limits, and no pretouching: for copies of documents as they are. */
    static final AppendLimits UNLIMITED =
        new AppendLimits(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, 0);

    /**
     * The limits a journal's settings give.
     */
    static AppendLimits of(final JournalContext context)
    {
        return new AppendLimits(context.maxRecordBytes(), context.maxBatchRecords(), context.maxBatchBytes(),
            context.pretouchBytes());
    }
}
