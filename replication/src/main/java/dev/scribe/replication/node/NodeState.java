package dev.scribe.replication.node;

/**
 * What a replication node is doing. Every change goes through {@link NodeAgent}'s one transition method, which
 * records the reason and counts it.
 */
public enum NodeState
{
    /**
     * Started as the primary: before it takes commands it compares journals with its peer, which may hold records
     * this node lost (a journal tail lost in an OS crash). It leads if its peer is not ahead of it, follows if the
     * peer is the primary or is ahead, and waits when it may have lost records and cannot reach the peer.
     */
    RESUMING,
    /** A standby: follows the primary, journals what it streams and acknowledges it. */
    FOLLOWING,
    /** The primary of its epoch: takes commands, streams them to the standby, completes acknowledged results. */
    LEADING,
    /** Closed: does nothing more. */
    CLOSED
}
