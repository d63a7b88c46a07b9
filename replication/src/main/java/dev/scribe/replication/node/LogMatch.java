package dev.scribe.replication.node;

import dev.scribe.journal.PositionFormat;

/**
 * Where a standby's journal meets the primary's, found the way Kafka's leader epochs and Raft's log matching find
 * it: by the standby's last record (epoch, position and CRC) and the primary's epoch history, never by epochs
 * alone.
 *
 * <ul>
 *   <li>The primary knows the standby's last epoch: if the standby's last record is before the primary's next
 *   epoch begins, the primary must hold the very same record there (same epoch and CRC), and the stream starts
 *   after it; otherwise the standby holds records of that epoch that the primary replaced with a newer epoch, and
 *   drops them from where the newer epoch begins.</li>
 *   <li>The primary never had the standby's last epoch (one the standby's own primary began while cut off): the
 *   standby drops that epoch from its start (or from where the primary's next epoch begins, if earlier), and
 *   dials again to be matched on what is left. An epoch older than every epoch of the primary's journal is such
 *   an epoch too: the journals share nothing before the primary's first epoch.</li>
 *   <li>Anything else (a record at the same epoch and position with another CRC, a standby ahead of the primary in
 *   the primary's own epoch, no common epoch) cannot be settled by dropping records: it is refused and raised as
 *   an alarm, since it means epochs were reused or a journal was damaged or replaced.</li>
 * </ul>
 */
final class LogMatch
{
    private LogMatch()
    {
    }

    /**
     * The primary's answer to a standby's Hello.
     *
     * @param log    the primary's journal.
     * @param nodeId the primary's id.
     * @param epoch  the primary's epoch.
     * @param hello  the standby's Hello.
     * @return a Welcome (stream after, or truncate from) or a Refuse.
     */
    static PeerMessage answer(final ReplicaLog log, final int nodeId, final long epoch, final PeerMessage.Hello hello)
    {
        final long lastPosition = log.last().position();
        final RecordId standbyLast = hello.last();
        if (standbyLast.none())
        {
            return welcome(nodeId, epoch, lastPosition, RecordId.NO_POSITION, RecordId.NO_POSITION);
        }
        final long common = log.floorEpoch(standbyLast.epoch());
        final long next = common < 0 ? log.nextEpochStart(-1) : log.nextEpochStart(common);
        if (common != standbyLast.epoch())
        {
            final long from = RecordId.NO_POSITION == next ? hello.lastEpochStart() :
                Math.min(next, hello.lastEpochStart());
            if (from < 0 || from > standbyLast.position())
            {
                return new PeerMessage.Refuse(PeerMessage.Code.JOURNAL_MISMATCH, epoch, "your last epoch " +
                    standbyLast.epoch() + " is not in this journal and you state its start as " +
                    hello.lastEpochStart() + ", which is not a position in your journal");
            }
            return truncate(log, nodeId, epoch, lastPosition, from);
        }
        if (RecordId.NO_POSITION != next && standbyLast.position() >= next)
        {
            return truncate(log, nodeId, epoch, lastPosition, next);
        }
        final RecordId here = log.recordAt(standbyLast.position());
        if (standbyLast.equals(here))
        {
            return welcome(nodeId, epoch, lastPosition, standbyLast.position(), RecordId.NO_POSITION);
        }
        return new PeerMessage.Refuse(PeerMessage.Code.JOURNAL_MISMATCH, epoch, null == here ?
            "your last record " + standbyLast + " is beyond this primary's last, " +
                PositionFormat.position(lastPosition) + ", in an epoch this primary holds" :
            "your record " + standbyLast + " differs from this primary's " + here + " at the same epoch and position");
    }

    private static PeerMessage.Welcome truncate(
        final ReplicaLog log, final int nodeId, final long epoch, final long lastPosition, final long truncateFrom)
    {
        return new PeerMessage.Welcome(nodeId, epoch, lastPosition, RecordId.NO_POSITION, truncateFrom,
            log.recordBefore(truncateFrom));
    }

    private static PeerMessage.Welcome welcome(
        final int nodeId, final long epoch, final long lastPosition, final long startAfter, final long truncateFrom)
    {
        return new PeerMessage.Welcome(nodeId, epoch, lastPosition, startAfter, truncateFrom, RecordId.NONE);
    }

    /**
     * Raft's up-to-date order: whether a journal ending in one record is ahead of one ending in another.
     *
     * @param a one journal's last record.
     * @param b the other's.
     * @return true if {@code a} has a newer epoch, or the same epoch and a later position.
     */
    static boolean ahead(final RecordId a, final RecordId b)
    {
        return a.epoch() > b.epoch() || (a.epoch() == b.epoch() && a.position() > b.position());
    }
}
