package dev.scribe.replication.node;

import dev.scribe.journal.PositionFormat;

/**
 * What identifies a journal record across the two nodes: its position, the epoch it was written in and its
 * CRC32C. Two journals that hold a record with the same position and epoch must hold the same record; the CRC is
 * how a node checks it rather than trusting it.
 *
 * @param position the record's journal position, or {@link #NO_POSITION} for "no record".
 * @param epoch    the epoch the record was written in.
 * @param crc      the record's CRC32C.
 */
public record RecordId(long position, long epoch, int crc)
{
    /** No position: before the first record. */
    public static final long NO_POSITION = -1;

    /** No record: what an empty journal's last record is. */
    public static final RecordId NONE = new RecordId(NO_POSITION, 0, 0);

    /**
     * Whether this stands for no record.
     *
     * @return true for {@link #NONE} or any id at {@link #NO_POSITION}.
     */
    public boolean none()
    {
        return position == NO_POSITION;
    }

    @Override
    public String toString()
    {
        return none() ? "none" : PositionFormat.position(position) + "@" + epoch + "/" + Integer.toHexString(crc);
    }
}
