package dev.scribe.replication.node;

/**
 * Which epochs a node may start. Two nodes that each promote themselves while cut off from the other must never
 * start the same epoch, or their journals could hold different records at the same (epoch, position). So the
 * epochs are split between the nodes: the node with the lower id starts only even epochs, the other only odd
 * ones, and a node always starts the first of its epochs above every epoch it has ever seen or promised.
 */
public final class Epochs
{
    private Epochs()
    {
    }

    /**
     * The epoch a node starts when it becomes the primary.
     *
     * @param nodeId     this node's id.
     * @param peerNodeId the peer's id.
     * @param above      the highest epoch this node has seen, journaled or promised.
     * @return the smallest epoch above {@code above} that belongs to this node.
     */
    public static long next(final int nodeId, final int peerNodeId, final long above)
    {
        final long slot = nodeId < peerNodeId ? 0 : 1;
        long epoch = above + 1;
        if (Math.floorMod(epoch, 2) != slot)
        {
            epoch++;
        }
        return epoch;
    }

    /**
     * Whether an epoch is one that a node may start.
     *
     * @param epoch      the epoch.
     * @param nodeId     the node's id.
     * @param peerNodeId its peer's id.
     * @return true if the epoch belongs to the node.
     */
    public static boolean startedBy(final long epoch, final int nodeId, final int peerNodeId)
    {
        return Math.floorMod(epoch, 2) == (nodeId < peerNodeId ? 0 : 1);
    }
}
