package dev.scribe.replication.node;

/**
 * How a node takes the answer on a connection it dialled to compare journals (resuming) or to probe for another
 * primary (leading). Part of {@link NodeAgent}, on its thread.
 *
 * <p>A resuming node told that its peer takes over ({@code TAKE_OVER}) follows it and dials it as a standby, which
 * is what makes the peer lead (see {@link HelloAnswers}). If the peer then says it is not the primary before this
 * node ever streamed from it (it crashed and restarted, say, and forgot its offer), this node resumes again, so
 * that the two compare journals anew instead of both waiting as standbys.
 */
final class DialAnswers
{
    private final NodeAgent agent;
    private boolean tookOffer;
    private long tookOfferNs;

    DialAnswers(final NodeAgent agent)
    {
        this.agent = agent;
    }

    /** An answer on the connection this node dialled (resuming, or a primary's probe). */
    void onAnswer(final PeerMessage message)
    {
        agent.closeDialed();
        final int peer = agent.settings.peerNodeId();
        if (!(message instanceof PeerMessage.Refuse refuse))
        {
            agent.observer.onViolation("peer " + peer + " answered a " + agent.state + " node's Hello with " +
                message);
            return;
        }
        if (agent.state == NodeState.RESUMING)
        {
            onResumeAnswer(refuse);
        }
        else if (agent.state == NodeState.LEADING && refuse.code() == PeerMessage.Code.STEP_DOWN)
        {
            if (refuse.epoch() > agent.epoch)
            {
                agent.heard(refuse.epoch());
                agent.stepDown("peer " + peer + " is the primary at epoch " + refuse.epoch() + ", newer than this " +
                    "node's " + agent.epoch);
            }
            else
            {
                agent.observer.onViolation("peer " + peer + " told this primary at epoch " + agent.epoch +
                    " to step down for its own older epoch " + refuse.epoch());
            }
        }
    }

    private void onResumeAnswer(final PeerMessage.Refuse refuse)
    {
        final int peer = agent.settings.peerNodeId();
        switch (refuse.code())
        {
            case STEP_DOWN ->
            {
                agent.heard(refuse.epoch());
                agent.transition(NodeState.FOLLOWING, "peer " + peer + " is the primary at epoch " + refuse.epoch());
            }
            case TAKE_OVER ->
            {
                agent.nextDialNs = agent.nowNs; // dial it as a standby now: that makes it lead
                agent.transition(NodeState.FOLLOWING, "peer " + peer + " holds records this journal lacks and " +
                    "takes over");
                tookOffer = true;
                tookOfferNs = agent.nowNs;
            }
            case PROCEED ->
            {
                agent.whole();
                agent.lead("peer " + peer + " is a standby whose journal is not ahead of this one");
            }
            default -> agent.observer.onEvent("peer " + peer + " answered " + refuse.code() + ": " +
                refuse.reason());
        }
    }

    /** The node changed state, or streams from a primary: an offer it took is settled. */
    void forgetOffer()
    {
        tookOffer = false;
    }

    /**
     * Once a duty cycle while following: an offer taken a resume time ago from a peer that has not led since (it
     * died, or cannot be reached) is gone too.
     */
    void checkOffer()
    {
        if (tookOffer && agent.nowNs - tookOfferNs > agent.settings.resumeTimeoutNs())
        {
            offerWithdrawn();
        }
    }

    /**
     * The peer refused this standby as not the primary. If this node follows because the peer offered to take
     * over, and has not streamed from it since, the offer is gone: resume again.
     */
    void offerWithdrawn()
    {
        if (!tookOffer || agent.state != NodeState.FOLLOWING || agent.standby.streamed)
        {
            tookOffer = false;
            return;
        }
        tookOffer = false;
        agent.resumeDeadlineNs = agent.nowNs + agent.settings.resumeTimeoutNs();
        agent.nextDialNs = agent.nowNs;
        agent.transition(NodeState.RESUMING, "peer " + agent.settings.peerNodeId() + " offered to take over but " +
            "is not the primary: comparing journals again");
    }
}
