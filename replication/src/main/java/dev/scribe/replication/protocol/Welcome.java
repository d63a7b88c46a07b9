package dev.scribe.replication.protocol;

import dev.scribe.replication.sbe.NodeRole;

/**
 * What a server grants a client: the server's identity and journal end, and where the client's stream starts.
 *
 * @param role          the server's role.
 * @param nodeId        the server's node id.
 * @param epoch         the server's epoch.
 * @param lastPosition  position of the server's last journal record, or {@link Protocol#NO_POSITION}.
 * @param startPosition the stream resumes after this position; {@link Protocol#NO_POSITION}: from the beginning.
 * @param truncateFrom  {@link Protocol#NO_POSITION}: nothing to drop; else the client drops its records at and
 *                      after this position before streaming.
 */
public record Welcome(
    NodeRole role, int nodeId, long epoch, long lastPosition, long startPosition, long truncateFrom)
{
    /**
     * A Welcome.
     *
     * @param role          the server's role, {@link NodeRole#PRIMARY} or {@link NodeRole#STANDBY}.
     * @param nodeId        the server's node id.
     * @param epoch         the server's epoch, not negative.
     * @param lastPosition  position of the server's last journal record, or {@link Protocol#NO_POSITION}.
     * @param startPosition the stream resumes after this position, or {@link Protocol#NO_POSITION}.
     * @param truncateFrom  first position the client drops, or {@link Protocol#NO_POSITION}.
     * @throws IllegalArgumentException naming the field that is out of range.
     */
    public Welcome
    {
        final String problem = problem(role, epoch, lastPosition, startPosition, truncateFrom);
        if (problem != null)
        {
            throw new IllegalArgumentException(problem);
        }
    }

    /**
     * What is wrong with these fields.
     *
     * @return a description, or null if they make a valid Welcome.
     */
    static String problem(
        final NodeRole role,
        final long epoch,
        final long lastPosition,
        final long startPosition,
        final long truncateFrom)
    {
        if (role != NodeRole.PRIMARY && role != NodeRole.STANDBY)
        {
            return "Welcome.role " + role + " is not a node role";
        }
        if (epoch < 0)
        {
            return "Welcome.epoch " + epoch + " is negative";
        }
        if (lastPosition < Protocol.NO_POSITION)
        {
            return "Welcome.lastPosition " + lastPosition + " is below -1";
        }
        if (startPosition < Protocol.NO_POSITION)
        {
            return "Welcome.startPosition " + startPosition + " is below -1";
        }
        if (truncateFrom < Protocol.NO_POSITION)
        {
            return "Welcome.truncateFrom " + truncateFrom + " is below -1";
        }
        return null;
    }
}
