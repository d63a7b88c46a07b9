package dev.scribe.replication.node;

import org.agrona.DirectBuffer;

/**
 * A primary's session with its standby: what it has sent (an acknowledgement may not go beyond it) and what the
 * standby acknowledged in this session; streams records as the journal hands them over.
 */
final class StandbySession implements ReplicaLog.RecordSink
{
    private final ReplicaLog log;
    private final PeerLink link;
    long connection;
    RecordId sent = RecordId.NONE;
    long acked = RecordId.NO_POSITION;
    long heardNs;
    long sentNs;

    StandbySession(final ReplicaLog log, final PeerLink link)
    {
        this.log = log;
        this.link = link;
    }

    void start(final long connection, final long startAfter, final long nowNs)
    {
        this.connection = connection;
        this.sent = startAfter == RecordId.NO_POSITION ? RecordId.NONE : log.recordAt(startAfter);
        this.acked = RecordId.NO_POSITION;
        this.heardNs = nowNs;
        this.sentNs = nowNs;
    }

    @Override
    public void onRecord(final RecordId record, final DirectBuffer buffer, final int offset, final int length)
    {
        link.sendRecord(connection, sent, record, buffer, offset, length);
        sent = record;
    }
}
