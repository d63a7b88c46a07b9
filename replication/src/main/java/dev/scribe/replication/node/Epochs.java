package dev.scribe.replication.node;

/**
 * Which epochs a node may start. Two nodes that each promote themselves while cut off from the other must never
 * start the same epoch, or their journals could hold different records at the same (epoch, position). So the
 * epochs are split between the nodes: the node with the lower id starts only even epochs, the other only odd
 * ones, and a node always starts the first of its epochs above every epoch it has ever seen or promised.
 */
public final class Epochs
{
    /**
     * The most a peer's epoch claim may exceed every epoch this node knows of. Each epoch is started by a node
     * that becomes the primary and is promised on disk first; a peer that claims more than a million epochs
     * beyond anything this node has seen is lying or damaged, and its claim is refused.
     */
    public static final long MAX_STEP = 1L << 20;

    /**
     * The highest epoch a node starts or believes, far below {@link Long#MAX_VALUE} so that no epoch arithmetic
     * can overflow.
     */
    public static final long MAX = Long.MAX_VALUE / 4;

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
        long epoch = Math.addExact(above, 1);
        if (Math.floorMod(epoch, 2) != slot)
        {
            epoch = Math.addExact(epoch, 1);
        }
        return epoch;
    }

    /**
     * Whether an epoch a peer states is one it could know of: not negative, not above {@link #MAX}, and at most
     * {@link #MAX_STEP} above every epoch this node knows of.
     *
     * @param claimed the epoch the peer states.
     * @param known   the highest epoch this node knows of.
     * @return true if plausible.
     */
    public static boolean plausible(final long claimed, final long known)
    {
        return claimed >= 0 && claimed <= MAX && claimed - Math.max(0, known) <= MAX_STEP;
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
