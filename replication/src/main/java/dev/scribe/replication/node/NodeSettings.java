package dev.scribe.replication.node;

/**
 * What a node agent needs to know of its configuration.
 *
 * @param nodeId              this node's id.
 * @param peerNodeId          the only node it streams to or follows.
 * @param heartbeatIntervalNs how often an idle connection carries a heartbeat.
 * @param heartbeatTimeoutNs  silence after which a connection counts as lost.
 * @param autoPromote         whether a standby that loses its primary for the timeout promotes itself.
 * @param streamBatch         most records a primary streams per duty cycle.
 */
public record NodeSettings(
    int nodeId,
    int peerNodeId,
    long heartbeatIntervalNs,
    long heartbeatTimeoutNs,
    boolean autoPromote,
    int streamBatch)
{
    /**
     * Settings, checked.
     *
     * @param nodeId              this node's id.
     * @param peerNodeId          the peer's id.
     * @param heartbeatIntervalNs how often an idle connection carries a heartbeat.
     * @param heartbeatTimeoutNs  silence after which a connection counts as lost.
     * @param autoPromote         whether a standby promotes itself on losing its primary.
     * @param streamBatch         most records streamed per duty cycle.
     */
    public NodeSettings
    {
        if (nodeId == peerNodeId)
        {
            throw new IllegalArgumentException("nodeId and peerNodeId must differ: both are " + nodeId);
        }
        if (heartbeatIntervalNs <= 0 || heartbeatTimeoutNs < 2 * heartbeatIntervalNs)
        {
            throw new IllegalArgumentException("heartbeatTimeoutNs " + heartbeatTimeoutNs +
                " must be at least twice heartbeatIntervalNs " + heartbeatIntervalNs + ", which must be positive");
        }
        if (streamBatch <= 0)
        {
            throw new IllegalArgumentException("streamBatch must be positive: " + streamBatch);
        }
    }

    /**
     * How long a resuming node waits for its peer before it decides alone.
     *
     * @return nanoseconds.
     */
    public long resumeTimeoutNs()
    {
        return 4 * heartbeatTimeoutNs;
    }

    /**
     * How long a dialling node waits for the answer to its Hello: connecting and authenticating included, which on
     * a loaded machine or a cold JVM can take longer than a heartbeat timeout.
     *
     * @return nanoseconds.
     */
    public long answerTimeoutNs()
    {
        return 2 * heartbeatTimeoutNs;
    }

    /**
     * How often a primary without a standby asks its peer whether a newer primary exists, and how often a node
     * without a connection dials.
     *
     * @return nanoseconds.
     */
    public long dialIntervalNs()
    {
        return 4 * heartbeatIntervalNs;
    }
}
