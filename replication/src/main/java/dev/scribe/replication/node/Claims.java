package dev.scribe.replication.node;

/**
 * Checks every epoch a peer states before the agent acts on it. An epoch that no node could know of (negative,
 * beyond {@link Epochs#MAX}, or more than {@link Epochs#MAX_STEP} above every epoch this node knows of), and a
 * claim to be the primary of an epoch the peer could not have started (see {@link Epochs#startedBy}), are
 * protocol violations: the connection is closed and nothing is promised.
 */
final class Claims
{
    private Claims()
    {
    }

    /**
     * What is implausible in a message from the peer.
     *
     * @param message what the peer said.
     * @param known   the highest epoch this node knows of.
     * @param nodeId  this node's id.
     * @param peerId  the peer's id.
     * @return why the message is refused, or null if its claims are plausible.
     */
    static String implausible(final PeerMessage message, final long known, final int nodeId, final int peerId)
    {
        if (message instanceof PeerMessage.Hello hello)
        {
            return hello(hello, known, nodeId, peerId);
        }
        if (message instanceof PeerMessage.Welcome welcome)
        {
            return welcome.nodeId() != peerId ? "welcomes as node " + welcome.nodeId() :
                primaryEpoch("welcomes at", welcome.epoch(), known, nodeId, peerId);
        }
        if (message instanceof PeerMessage.Refuse refuse)
        {
            return refuse.code() == PeerMessage.Code.STEP_DOWN || refuse.code() == PeerMessage.Code.STALE_EPOCH ?
                primaryEpoch("refuses (" + refuse.code() + ") as the primary of", refuse.epoch(), known, nodeId,
                    peerId) :
                epoch("refuses (" + refuse.code() + ") at", refuse.epoch(), known);
        }
        if (message instanceof PeerMessage.Heartbeat heartbeat)
        {
            return epoch("sends a heartbeat at", heartbeat.epoch(), known);
        }
        final PeerMessage.Ack ack = (PeerMessage.Ack)message;
        return ack.epoch() < 0 || ack.epoch() > known ? "acknowledges in epoch " + ack.epoch() +
            ", which this node never led (it knows of epochs up to " + known + ")" : null;
    }

    private static String hello(final PeerMessage.Hello hello, final long known, final int nodeId, final int peerId)
    {
        final String epoch = hello.role() == PeerMessage.Role.PRIMARY ?
            primaryEpoch("says Hello as the primary of", hello.epoch(), known, nodeId, peerId) :
            epoch("says Hello at", hello.epoch(), known);
        if (null != epoch)
        {
            return epoch;
        }
        final RecordId last = hello.last();
        if (!last.none() && (last.position() < 0 || last.epoch() < 0 || last.epoch() > hello.epoch()))
        {
            return "says Hello at epoch " + hello.epoch() + " with a last record " + last + " that it could not hold";
        }
        return null;
    }

    private static String primaryEpoch(
        final String what, final long claimed, final long known, final int nodeId, final int peerId)
    {
        final String epoch = epoch(what, claimed, known);
        if (null == epoch && (claimed == 0 || !Epochs.startedBy(claimed, peerId, nodeId)))
        {
            return what + " epoch " + claimed + ", which it could not have started (node " + peerId + " starts " +
                (Epochs.startedBy(0, peerId, nodeId) ? "even" : "odd") + " epochs)";
        }
        return epoch;
    }

    private static String epoch(final String what, final long claimed, final long known)
    {
        return Epochs.plausible(claimed, known) ? null : what + " epoch " + claimed + ", implausible to a node that " +
            "knows of epochs up to " + known + " (at most " + Epochs.MAX_STEP + " above, never above " + Epochs.MAX +
            ")";
    }
}
