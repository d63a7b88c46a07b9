package dev.scribe.journal;

/**
 * What {@link Journal#truncate} did: the records it dropped, at or after a position, and the last one it kept.
 *
 * @param fromPosition  the position asked for: every record at or after it was dropped.
 * @param firstDropped  position of the first record dropped, or {@link Journal#NULL_POSITION} if none was.
 * @param lastDropped   position of the last record dropped, or {@link Journal#NULL_POSITION} if none was.
 * @param droppedCount  how many records were dropped; 0 when nothing was at or after {@code fromPosition}.
 * @param lastKept      position of the last record kept, now the journal's last, or {@link Journal#NULL_POSITION}
 *                      if the journal is now empty.
 */
public record Truncation(long fromPosition, long firstDropped, long lastDropped, long droppedCount, long lastKept)
{
    /**
     * Whether anything was dropped.
     *
     * @return true if at least one record was dropped.
     */
    public boolean droppedAny()
    {
        return droppedCount > 0;
    }

    /**
     * One line for a log.
     *
     * @return e.g. {@code truncated from position 000000000000000c: dropped 3 records
     *         (000000000000000c..000000000000000e), last kept 000000000000000b}.
     */
    @Override
    public String toString()
    {
        final String kept = "last kept " + PositionFormat.position(lastKept);
        if (!droppedAny())
        {
            return "truncated from position " + PositionFormat.position(fromPosition) + ": nothing at or after it, " +
                kept;
        }
        return "truncated from position " + PositionFormat.position(fromPosition) + ": dropped " + droppedCount +
            " record" + (1 == droppedCount ? "" : "s") + " (" + PositionFormat.position(firstDropped) + ".." +
            PositionFormat.position(lastDropped) + "), " + kept;
    }
}
