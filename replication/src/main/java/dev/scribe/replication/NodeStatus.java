package dev.scribe.replication;

import dev.scribe.engine.EngineRole;

/**
 * A node's replication state at one moment.
 *
 * @param nodeId               the node.
 * @param role                 primary or standby.
 * @param epoch                its epoch.
 * @param lastPosition         its last journaled position.
 * @param acknowledgedPosition on a primary, the last position its standby acknowledged in this epoch; else -1.
 * @param peerConnected        whether the replication link to the peer is up.
 * @param divergences          state hash mismatches found.
 * @param truncations          journal truncations done on stepping down.
 */
public record NodeStatus(
    int nodeId,
    EngineRole role,
    long epoch,
    long lastPosition,
    long acknowledgedPosition,
    boolean peerConnected,
    long divergences,
    long truncations)
{
}
