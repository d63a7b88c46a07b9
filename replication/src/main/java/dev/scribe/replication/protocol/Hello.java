package dev.scribe.replication.protocol;

import dev.scribe.replication.sbe.NodeRole;

import java.util.Objects;

/**
 * What an authenticated client stated in its Hello. A server's {@link AdmissionPolicy} sees it only after the
 * client proved it holds the shared secret.
 *
 * @param clusterId    the cluster the client belongs to (the server's own, or the handshake would have failed).
 * @param nodeId       the client's node id.
 * @param role         the client's role.
 * @param epoch        the client's epoch.
 * @param lastPosition position of the client's last journal record, or {@link Protocol#NO_POSITION}.
 */
public record Hello(String clusterId, int nodeId, NodeRole role, long epoch, long lastPosition)
{
    /**
     * A Hello.
     *
     * @param clusterId    the cluster the client belongs to.
     * @param nodeId       the client's node id.
     * @param role         the client's role.
     * @param epoch        the client's epoch.
     * @param lastPosition position of the client's last journal record, or {@link Protocol#NO_POSITION}.
     */
    public Hello
    {
        Objects.requireNonNull(clusterId, "clusterId");
        Objects.requireNonNull(role, "role");
    }
}
