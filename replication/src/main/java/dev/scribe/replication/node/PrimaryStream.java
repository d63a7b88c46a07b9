package dev.scribe.replication.node;

/** A standby's stream from its primary, as its agent keeps track of it. */
final class PrimaryStream
{
    long connection;
    boolean welcomed;
    boolean streamed;
    long primaryEpoch;
    long catchUpTo;
    long deadlineNs;
    long lastHeardNs;
    long lastSentNs;
    long acked = Long.MIN_VALUE;
    RecordId handedOver = RecordId.NONE;
}
