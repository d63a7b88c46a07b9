package dev.scribe.replication.node;

/**
 * How a node answers the first message on a connection its peer opened: a primary admits a standby (or refuses
 * it), answers another primary's probe and a resuming node; a standby answers a resuming node by comparing
 * journals; a resuming node settles with a resuming peer which of them leads. Part of {@link NodeAgent}, on its
 * thread.
 *
 * <p>A node whose journal is ahead of a resuming peer's takes over in two steps: it answers {@code TAKE_OVER} and
 * leads only when the peer, having heard that, dials it as a standby. A resuming peer that gave up on its dial
 * before the answer came (and so never heard it) leads on its own once its resume time is up, and this node, which
 * has not led, follows it: at no time do both lead. While the offer stands, a resuming node's own resume time is
 * extended, so that it does not lead on its own either.
 */
final class HelloAnswers
{
    private final NodeAgent agent;
    private long takeOverOfferedNs;
    private boolean takeOverOffered;

    HelloAnswers(final NodeAgent agent)
    {
        this.agent = agent;
    }

    /** The first message on a connection the peer opened. */
    void onHello(final long connection, final PeerMessage.Hello hello)
    {
        if (hello.nodeId() != agent.settings.peerNodeId())
        {
            agent.refuse(connection, PeerMessage.Code.UNKNOWN_NODE, "node " + hello.nodeId() + " is not this node's " +
                "peer");
            return;
        }
        switch (agent.state)
        {
            case LEADING -> leaderHello(connection, hello);
            case FOLLOWING -> followerHello(connection, hello);
            case RESUMING -> resumingHello(connection, hello);
            default -> agent.link.close(connection);
        }
    }

    private void leaderHello(final long connection, final PeerMessage.Hello hello)
    {
        switch (hello.role())
        {
            case PRIMARY ->
            {
                if (hello.epoch() > agent.epoch)
                {
                    agent.refuse(connection, PeerMessage.Code.STALE_EPOCH, "this primary's epoch " + agent.epoch +
                        " is older");
                    agent.heard(hello.epoch());
                    agent.stepDown("peer " + hello.nodeId() + " is the primary at epoch " + hello.epoch() +
                        ", newer than this node's " + agent.epoch);
                }
                else
                {
                    if (hello.epoch() == agent.epoch)
                    {
                        agent.observer.onAlarm("peer " + hello.nodeId() + " claims to be the primary in this " +
                            "node's own epoch " + agent.epoch);
                    }
                    agent.refuse(connection, PeerMessage.Code.STEP_DOWN, "node " + agent.settings.nodeId() +
                        " is the primary");
                }
            }
            case RESUMING -> agent.refuse(connection, PeerMessage.Code.STEP_DOWN, "node " + agent.settings.nodeId() +
                " is the primary");
            case STANDBY -> admitStandby(connection, hello);
            default -> agent.link.close(connection);
        }
    }

    private void admitStandby(final long connection, final PeerMessage.Hello hello)
    {
        if (0 != agent.session.connection &&
            agent.nowNs - agent.session.heardNs <= agent.settings.heartbeatTimeoutNs())
        {
            agent.refuse(connection, PeerMessage.Code.BUSY, "a standby is streaming");
            return;
        }
        if (hello.last().epoch() > agent.epoch)
        {
            if (agent.nowNs - agent.claimLedNs < agent.settings.resumeTimeoutNs())
            {
                agent.refuse(connection, PeerMessage.Code.JOURNAL_AHEAD, "this primary began a newer epoch for a " +
                    "standby's claim less than " + agent.settings.resumeTimeoutNs() / 1_000_000 + " ms ago");
                return;
            }
            agent.claimLedNs = agent.nowNs;
            agent.lead("standby " + hello.nodeId() + " holds records of epoch " + hello.last().epoch() +
                ", newer than this primary's " + agent.epoch + ", that no primary of this journal wrote: a newer " +
                "epoch begins here and the standby drops them");
        }
        final PeerMessage answer = LogMatch.answer(agent.log, agent.settings.nodeId(), agent.epoch, hello);
        agent.link.send(connection, answer);
        if (answer instanceof PeerMessage.Welcome welcome && welcome.truncateFrom() == RecordId.NO_POSITION)
        {
            agent.endSession(null);
            agent.session.start(connection, welcome.startAfter(), agent.nowNs);
            agent.log.standbyConnected(true);
            agent.observer.onEvent("standby " + hello.nodeId() + " connected; streaming after " + welcome.startAfter());
            return;
        }
        if (answer instanceof PeerMessage.Refuse refusal)
        {
            agent.observer.onAlarm("standby " + hello.nodeId() + " refused: " + refusal.reason());
        }
        agent.link.close(connection);
    }

    private void followerHello(final long connection, final PeerMessage.Hello hello)
    {
        if (agent.streamAlive())
        {
            agent.refuse(connection, PeerMessage.Code.BUSY, "this standby follows a live primary");
            return;
        }
        if (hello.role() == PeerMessage.Role.STANDBY)
        {
            standbyHello(connection, hello);
            return;
        }
        if (hello.role() != PeerMessage.Role.RESUMING)
        {
            agent.refuse(connection, PeerMessage.Code.NOT_PRIMARY, "not the primary");
            return;
        }
        // The peer has just started: whatever comes on a connection with its previous life (a Welcome still on
        // its way, say) speaks for a process that is gone, in an epoch the peer may start again after this answer.
        agent.closeStandby();
        if (LogMatch.ahead(agent.log.last(), hello.last()))
        {
            offerTakeOver(connection, "this standby's journal is ahead");
        }
        else
        {
            agent.refuse(connection, PeerMessage.Code.PROCEED, "this standby's journal is not ahead");
        }
    }

    /**
     * Both nodes are standbys without a primary. With automatic promotion, the one whose journal is ahead (or
     * level, lost nothing and has the lower id) leads; the other, refused as a standby, does not promote itself
     * while its peer answers, and follows once the new primary admits it. A standby that cannot lead (it may have
     * lost records) or will not (its automatic promotion is off), and whose journal does not lead the dialler's,
     * tells the dialler to proceed ({@code PROCEED}): the dialler leads if it lost nothing and promotes itself,
     * whichever id it has.
     */
    private void standbyHello(final long connection, final PeerMessage.Hello hello)
    {
        if (takeOverAccepted(connection, hello))
        {
            return;
        }
        final RecordId mine = agent.log.last();
        if ((agent.suspect() || !agent.settings.autoPromote()) && !LogMatch.ahead(mine, hello.last()))
        {
            agent.refuse(connection, PeerMessage.Code.PROCEED, "this standby " + (agent.suspect() ? "may have " +
                "lost records" : "does not promote itself") + " and its journal, ending at " + mine + ", does not " +
                "lead the peer's");
            return;
        }
        agent.refuse(connection, PeerMessage.Code.NOT_PRIMARY, "not the primary");
        if (agent.settings.autoPromote() && (LogMatch.ahead(mine, hello.last()) || (!agent.suspect() &&
            !LogMatch.ahead(hello.last(), mine) && agent.settings.nodeId() < hello.nodeId())))
        {
            agent.lead("both nodes are standbys and this journal, ending at " + mine + ", leads the peer's, " +
                "ending at " + hello.last());
        }
    }

    private void resumingHello(final long connection, final PeerMessage.Hello hello)
    {
        if (hello.role() == PeerMessage.Role.PRIMARY)
        {
            agent.refuse(connection, PeerMessage.Code.NOT_PRIMARY, "not the primary");
            agent.heard(hello.epoch());
            agent.transition(NodeState.FOLLOWING, "peer " + hello.nodeId() + " is the primary at epoch " +
                hello.epoch());
            return;
        }
        if (hello.role() != PeerMessage.Role.RESUMING)
        {
            if (!takeOverAccepted(connection, hello))
            {
                agent.refuse(connection, PeerMessage.Code.NOT_PRIMARY, "not the primary yet");
            }
            return;
        }
        final RecordId mine = agent.log.last();
        final boolean wins = LogMatch.ahead(mine, hello.last()) || (!agent.suspect() &&
            !LogMatch.ahead(hello.last(), mine) && agent.settings.nodeId() < hello.nodeId());
        if (wins)
        {
            offerTakeOver(connection, "this node's journal leads");
        }
        else
        {
            agent.refuse(connection, PeerMessage.Code.PROCEED, "the peer's journal leads");
            agent.closeDialed();
            agent.transition(NodeState.FOLLOWING, "both nodes resumed; the peer's journal leads");
        }
    }

    /** The node changed state: an offer it made is off. */
    void forgetOffer()
    {
        takeOverOffered = false;
    }

    /** Tell a resuming peer that this node takes over; it leads once the peer dials it as a standby. */
    private void offerTakeOver(final long connection, final String why)
    {
        agent.refuse(connection, PeerMessage.Code.TAKE_OVER, why);
        takeOverOffered = true;
        takeOverOfferedNs = agent.nowNs;
        agent.resumeDeadlineNs = Math.max(agent.resumeDeadlineNs, agent.nowNs + agent.settings.resumeTimeoutNs());
    }

    /**
     * A standby's Hello after this node offered to take over (within the resume time) from a journal not behind
     * the standby's: lead now, and admit the standby as the primary does.
     */
    private boolean takeOverAccepted(final long connection, final PeerMessage.Hello hello)
    {
        if (!takeOverOffered || hello.role() != PeerMessage.Role.STANDBY ||
            agent.nowNs - takeOverOfferedNs > agent.settings.resumeTimeoutNs() ||
            LogMatch.ahead(hello.last(), agent.log.last()))
        {
            return false;
        }
        takeOverOffered = false;
        agent.lead("peer " + hello.nodeId() + " took the offer to follow this node, whose journal ends at " +
            agent.log.last() + ", ahead of or level with the peer's, ending at " + hello.last());
        leaderHello(connection, hello);
        return true;
    }
}
