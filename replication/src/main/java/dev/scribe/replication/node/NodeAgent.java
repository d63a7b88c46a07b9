package dev.scribe.replication.node;

import dev.scribe.journal.PositionFormat;
import org.agrona.DirectBuffer;

/**
 * One replication node's decisions, as a deterministic state machine: which role it has, which epoch it is in,
 * whom it streams to or follows, what it acknowledges, when it steps down, promotes itself or truncates. It does
 * no I/O of its own and reads no clock: the journal and engine are behind {@link ReplicaLog}, the peer behind
 * {@link PeerLink}, and time comes in as {@code nowNs} on each {@link #doWork(long)}. So the same code runs on a
 * real node (one agent thread, sockets, a Chronicle journal) and in a simulation that drives two of them, a
 * faulty network and crashing disks from one seed. The rules it keeps are listed in the package documentation.
 */
public final class NodeAgent implements PeerLink.Handler
{
    private static final int POLL_LIMIT = 64;
    /** Records streamed between two looks at the connection's writability; see {@link PeerLink#writable}. */
    private static final int STREAM_CHUNK = 2;

    final NodeSettings settings;
    final ReplicaLog log;
    final PeerLink link;
    final NodeObserver observer;
    private final long[] transitions = new long[NodeState.values().length];
    final PrimaryStream standby = new PrimaryStream();
    final StandbySession session;
    private final HelloAnswers hellos;
    private final DialAnswers answers;
    NodeState state;
    long nowNs;
    long epoch;
    private boolean suspect;
    private boolean waitingLogged;

    private long dialed;
    private long dialDeadlineNs;
    long nextDialNs;
    long resumeDeadlineNs;
    private long peerEpoch;
    private long peerStandbyNs;
    long claimLedNs;
    private long refusedTruncation = RecordId.NO_POSITION;

    /**
     * An agent for a node that starts now.
     *
     * @param settings  the node's settings.
     * @param log       its journal and engine.
     * @param link      its connections to the peer.
     * @param observer  told what it does.
     * @param asPrimary started as the primary (it resumes, comparing journals with the peer first) or as a
     *                  standby.
     * @param nowNs     the time now.
     */
    public NodeAgent(
        final NodeSettings settings,
        final ReplicaLog log,
        final PeerLink link,
        final NodeObserver observer,
        final boolean asPrimary,
        final long nowNs)
    {
        this.settings = settings;
        this.log = log;
        this.link = link;
        this.observer = observer;
        this.session = new StandbySession(log, link);
        this.hellos = new HelloAnswers(this);
        this.answers = new DialAnswers(this);
        this.nowNs = nowNs;
        this.epoch = Math.max(log.last().epoch(), log.promisedEpoch());
        if (epoch < 0 || epoch > Epochs.MAX)
        {
            throw new IllegalStateException("node " + settings.nodeId() + ": the promised epoch " +
                log.promisedEpoch() + " or the journal's last epoch " + log.last().epoch() + " is outside 0.." +
                Epochs.MAX + "; the promise or the journal is damaged");
        }
        this.suspect = log.mayHaveLostTail();
        this.state = asPrimary ? NodeState.RESUMING : NodeState.FOLLOWING;
        this.resumeDeadlineNs = nowNs + settings.resumeTimeoutNs();
        this.nextDialNs = nowNs;
        this.peerStandbyNs = nowNs - settings.heartbeatTimeoutNs() - 1;
        this.claimLedNs = nowNs - settings.resumeTimeoutNs();
        transitions[state.ordinal()]++;
        observer.onTransition(state, state, epoch, (asPrimary ? "started as the primary" : "started as a standby") +
            (suspect ? "; the journal may have lost records in a machine crash" : ""));
    }

    /**
     * One duty cycle: take what arrived from the peer, then do what the state asks (dial, stream, acknowledge,
     * time out, promote).
     *
     * @param nowNs the time now.
     * @return how much work was done; 0 when idle.
     */
    public int doWork(final long nowNs)
    {
        this.nowNs = nowNs;
        if (state == NodeState.CLOSED)
        {
            return 0;
        }
        final int received = link.poll(this, POLL_LIMIT);
        return received + switch (state)
        {
            case RESUMING -> resumeDuties();
            case FOLLOWING -> followDuties();
            case LEADING -> leadDuties();
            case CLOSED -> 0;
        };
    }

    /**
     * The node's state.
     * @return the state.
     */
    public NodeState state()
    {
        return state;
    }

    /**
     * The node's epoch: the one it leads, or the newest it has journaled, followed or promised.
     * @return the epoch.
     */
    public long epoch()
    {
        return epoch;
    }

    /**
     * Whether the node may lack records it once journaled and has not caught up with a primary since.
     * @return true until it has.
     */
    public boolean suspect()
    {
        return suspect;
    }

    /**
     * Whether a standby session is alive (on a primary) or the node is streaming from a primary (on a standby).
     *
     * @return true if connected.
     */
    public boolean connected()
    {
        return state == NodeState.LEADING ? 0 != session.connection : standby.welcomed;
    }

    /**
     * The last position acknowledged by the standby (on a primary) or to the primary (on a standby).
     * @return it, or {@link RecordId#NO_POSITION}.
     */
    public long acknowledgedPosition()
    {
        return state == NodeState.LEADING ? session.acked :
            standby.welcomed && standby.acked >= 0 ? standby.acked : RecordId.NO_POSITION;
    }

    /**
     * The last position this primary streamed to its standby.
     * @return it, or {@link RecordId#NO_POSITION}.
     */
    public long sentPosition()
    {
        return state == NodeState.LEADING && 0 != session.connection ? session.sent.position() : -1;
    }

    /**
     * How many times the node entered a state.
     * @param to the state.
     * @return the count, the start included.
     */
    public long transitions(final NodeState to)
    {
        return transitions[to.ordinal()];
    }

    /**
     * Make this node the primary, as an operator asks. A node that may have lost records (a machine crash) and has
     * not caught up with a primary since is refused unless forced: it could drop records the standby
     * acknowledged.
     *
     * @param force promote even a node that may have lost records.
     * @param why   recorded with the transition.
     * @return the node's epoch afterwards.
     * @throws IllegalStateException if refused, saying why.
     */
    public long promote(final boolean force, final String why)
    {
        if (state == NodeState.LEADING || state == NodeState.CLOSED)
        {
            return epoch;
        }
        if (suspect && !force)
        {
            throw new IllegalStateException("node " + settings.nodeId() + " may have lost journal records in a " +
                "machine crash and has not caught up with a primary since; promoting it could drop records its " +
                "peer acknowledged. Promote the peer instead, or force it");
        }
        lead(why);
        return epoch;
    }

    /**
     * Make this node a standby, as an operator asks; results waiting for the standby complete in doubt.
     *
     * @param why recorded with the transition.
     * @return the node's epoch afterwards.
     */
    public long demote(final String why)
    {
        if (state == NodeState.LEADING || state == NodeState.RESUMING)
        {
            stepDown(why);
        }
        return epoch;
    }

    /** Stop: close every connection. Nothing more is done. */
    public void close()
    {
        closeDialed();
        endSession(null);
        closeStandby();
        transition(NodeState.CLOSED, "closed");
    }

    @Override
    public void onMessage(final long connection, final PeerMessage message)
    {
        final String implausible = Claims.implausible(message, epoch, settings.nodeId(), settings.peerNodeId());
        if (null != implausible)
        {
            observer.onViolation("peer " + settings.peerNodeId() + " " + implausible + "; connection closed");
            drop(connection);
            return;
        }
        peerEpoch = Math.max(peerEpoch, stated(message));
        if (connection == dialed)
        {
            answers.onAnswer(message);
        }
        else if (connection == standby.connection)
        {
            onFromPrimary(message);
        }
        else if (connection == session.connection)
        {
            onFromStandby(message);
        }
        else if (message instanceof PeerMessage.Hello hello)
        {
            hellos.onHello(connection, hello);
        }
        else
        {
            link.close(connection); // a connection this node no longer has
        }
    }

    /** The epochs a message states, already checked: none of this node's own epochs starts at or below them. */
    private static long stated(final PeerMessage message)
    {
        if (message instanceof PeerMessage.Hello hello)
        {
            return hello.epoch();
        }
        if (message instanceof PeerMessage.Welcome welcome)
        {
            return welcome.epoch();
        }
        if (message instanceof PeerMessage.Refuse refuse)
        {
            return refuse.epoch();
        }
        return message instanceof PeerMessage.Heartbeat heartbeat ? heartbeat.epoch() : 0;
    }

    /** Close a connection whose peer broke the protocol, whichever role it has. */
    void drop(final long connection)
    {
        if (connection == dialed)
        {
            closeDialed();
        }
        else if (connection == standby.connection)
        {
            closeStandby();
        }
        else if (connection == session.connection)
        {
            endSession("protocol violation");
        }
        else
        {
            link.close(connection);
        }
    }

    @Override
    public void onRecord(
        final long connection,
        final RecordId previous,
        final RecordId record,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        if (connection != standby.connection || !standby.welcomed || state != NodeState.FOLLOWING)
        {
            return;
        }
        standby.lastHeardNs = nowNs;
        if (!previous.equals(standby.handedOver) || record.position() <= previous.position() ||
            record.epoch() < previous.epoch() || record.epoch() > standby.primaryEpoch)
        {
            observer.onViolation("primary sent record " + record + " after " + previous + "; this standby's last is " +
                standby.handedOver + " and the primary's epoch " + standby.primaryEpoch);
            closeStandby();
            return;
        }
        if (!log.append(record, buffer, offset, length))
        {
            observer.onEvent("the journal refused record " + record + " from the primary; dialling again");
            closeStandby();
            return;
        }
        standby.handedOver = record;
    }

    @Override
    public void onClosed(final long connection)
    {
        if (connection == dialed)
        {
            dialed = 0;
        }
        else if (connection == standby.connection)
        {
            observer.onEvent("the connection to the primary closed");
            closeStandby();
        }
        else if (connection == session.connection)
        {
            endSession("standby " + settings.peerNodeId() + " closed the connection");
        }
    }

    private int resumeDuties()
    {
        final int work = dialDuties(PeerMessage.Role.RESUMING);
        if (nowNs - resumeDeadlineNs > 0)
        {
            if (!suspect)
            {
                lead("peer " + settings.peerNodeId() + " did not answer within " +
                    settings.resumeTimeoutNs() / 1_000_000 + " ms and this journal lost nothing");
                return work + 1;
            }
            waitForOperator("it cannot reach peer " + settings.peerNodeId());
        }
        return work;
    }

    private void waitForOperator(final String why)
    {
        if (!waitingLogged)
        {
            waitingLogged = true;
            observer.onAlarm("node " + settings.nodeId() + " may have lost journal records (a machine crash, or " +
                "a lost disk) and " + why + ": it waits for the peer, or for an operator to promote one node by " +
                "force");
        }
    }

    private int followDuties()
    {
        answers.checkOffer();
        if (0 == standby.connection)
        {
            if (nowNs - nextDialNs >= 0)
            {
                dialStandby();
                return 1;
            }
        }
        else if (standby.welcomed)
        {
            if (nowNs - standby.lastHeardNs > settings.heartbeatTimeoutNs())
            {
                observer.onEvent("primary silent for " + settings.heartbeatTimeoutNs() / 1_000_000 + " ms");
                closeStandby();
            }
            else
            {
                return acknowledge();
            }
        }
        else if (nowNs - standby.deadlineNs > 0)
        {
            closeStandby(); // no answer to the Hello
        }
        if (settings.autoPromote() && standby.streamed && !suspect && !standby.welcomed &&
            nowNs - standby.lastHeardNs > settings.heartbeatTimeoutNs() &&
            nowNs - peerStandbyNs > settings.heartbeatTimeoutNs())
        {
            lead("no frame from the primary for " + settings.heartbeatTimeoutNs() / 1_000_000 + " ms");
            return 1;
        }
        return 0;
    }

    private void dialStandby()
    {
        final RecordId last = log.settledLast();
        standby.handedOver = last;
        standby.welcomed = false;
        standby.deadlineNs = nowNs + settings.answerTimeoutNs();
        standby.connection = link.dial(hello(PeerMessage.Role.STANDBY, last));
        nextDialNs = nowNs + settings.dialIntervalNs();
    }

    private int acknowledge()
    {
        final long journaled = log.last().position();
        if (suspect && journaled >= standby.catchUpTo)
        {
            whole();
            observer.onEvent("caught up with the primary at " + journaled + ": this journal is whole again");
        }
        if (journaled != standby.acked)
        {
            log.acknowledgedFloor(journaled); // first: if it fails, the next cycle tries again
            standby.acked = journaled;
            standby.lastSentNs = nowNs;
            link.send(standby.connection, new PeerMessage.Ack(standby.primaryEpoch, journaled));
            return 1;
        }
        if (nowNs - standby.lastSentNs >= settings.heartbeatIntervalNs())
        {
            standby.lastSentNs = nowNs;
            link.send(standby.connection, new PeerMessage.Heartbeat(standby.primaryEpoch, journaled));
            return 1;
        }
        return 0;
    }

    private int leadDuties()
    {
        if (0 == session.connection)
        {
            return dialDuties(PeerMessage.Role.PRIMARY);
        }
        if (nowNs - session.heardNs > settings.heartbeatTimeoutNs())
        {
            endSession("standby " + settings.peerNodeId() + " silent for " +
                settings.heartbeatTimeoutNs() / 1_000_000 + " ms");
            return 1;
        }
        // a standby that reads slowly holds the stream back here, not in an overflowing buffer: a writable
        // connection has room for STREAM_CHUNK records of the largest size, so writability is asked again after each
        int records = 0;
        while (records < settings.streamBatch() && link.writable(session.connection))
        {
            final int read = log.read(session.sent.position(),
                Math.min(STREAM_CHUNK, settings.streamBatch() - records), session);
            if (0 == read)
            {
                break;
            }
            records += read;
        }
        if (records > 0)
        {
            session.sentNs = nowNs;
            return records;
        }
        if (nowNs - session.sentNs >= settings.heartbeatIntervalNs())
        {
            session.sentNs = nowNs;
            link.send(session.connection, new PeerMessage.Heartbeat(epoch, log.last().position()));
            return 1;
        }
        return 0;
    }

    /** Resuming or a primary without a standby: dial the peer now and then, and give up on a silent answer. */
    private int dialDuties(final PeerMessage.Role role)
    {
        if (0 != dialed && nowNs - dialDeadlineNs > 0)
        {
            closeDialed();
        }
        if (0 == dialed && nowNs - nextDialNs >= 0)
        {
            dialed = link.dial(hello(role, log.last()));
            dialDeadlineNs = nowNs + settings.answerTimeoutNs();
            nextDialNs = nowNs + settings.dialIntervalNs();
            return 1;
        }
        return 0;
    }

    private PeerMessage.Hello hello(final PeerMessage.Role role, final RecordId last)
    {
        final long start = last.none() ? RecordId.NO_POSITION : log.startOf(last.epoch());
        return new PeerMessage.Hello(settings.nodeId(), role, epoch, last, start);
    }

    /** A message from the primary on the stream this standby dialled. */
    private void onFromPrimary(final PeerMessage message)
    {
        if (message instanceof PeerMessage.Welcome welcome && !standby.welcomed)
        {
            onWelcome(welcome);
        }
        else if (message instanceof PeerMessage.Refuse refuse && !standby.welcomed)
        {
            final boolean proceed = refuse.code() == PeerMessage.Code.PROCEED;
            if (proceed || refuse.code() == PeerMessage.Code.NOT_PRIMARY)
            {
                peerStandbyNs = nowNs; // alive and a standby too: one of the two leads by comparing journals
                answers.offerWithdrawn();
            }
            observer.onEvent("primary refused this standby: " + refuse.code() + " " + refuse.reason());
            closeStandby();
            if (proceed && state == NodeState.FOLLOWING && settings.autoPromote() && !suspect)
            {
                lead("peer " + settings.peerNodeId() + " is a standby that may have lost records, and its journal " +
                    "does not lead this one's");
            }
        }
        else if (!(message instanceof PeerMessage.Heartbeat heartbeat) || !standby.welcomed ||
            heartbeat.epoch() != standby.primaryEpoch)
        {
            observer.onViolation("primary sent " + message + " to a standby " + (standby.welcomed ? "streaming " +
                "at epoch " + standby.primaryEpoch : "waiting for its Welcome"));
            closeStandby();
        }
        else
        {
            standby.lastHeardNs = nowNs;
        }
    }

    private void onWelcome(final PeerMessage.Welcome welcome)
    {
        final RecordId last = log.last();
        if (welcome.epoch() < last.epoch())
        {
            observer.onViolation("primary " + welcome.nodeId() + " welcomes at epoch " + welcome.epoch() +
                ", older than this " +
                "journal's last epoch " + last.epoch());
            closeStandby();
            return;
        }
        heard(welcome.epoch());
        if (welcome.truncateFrom() != RecordId.NO_POSITION)
        {
            truncate(welcome);
            return;
        }
        if (welcome.startAfter() != standby.handedOver.position())
        {
            observer.onViolation("primary would stream after " + welcome.startAfter() + ", this standby's last is " +
                standby.handedOver);
            closeStandby();
            return;
        }
        standby.welcomed = true;
        standby.streamed = true;
        answers.forgetOffer();
        standby.lastHeardNs = nowNs;
        standby.primaryEpoch = welcome.epoch();
        standby.catchUpTo = welcome.lastPosition();
        standby.acked = Long.MIN_VALUE;
        observer.onEvent("streaming from primary " + welcome.nodeId() + " at epoch " + welcome.epoch() + " after " +
            welcome.startAfter());
    }

    private void truncate(final PeerMessage.Welcome welcome)
    {
        final RecordId last = log.last();
        final RecordId before = welcome.before();
        if (welcome.truncateFrom() > last.position() || welcome.truncateFrom() < 0 ||
            before.position() >= welcome.truncateFrom())
        {
            observer.onViolation("primary asks to drop records from " +
                PositionFormat.position(welcome.truncateFrom()) + " after its " + before + "; this journal's last is " +
                last);
            closeStandby();
            return;
        }
        final String refusal = truncationRefused(welcome);
        closeStandby();
        if (null != refusal)
        {
            if (refusedTruncation != welcome.truncateFrom())
            {
                refusedTruncation = welcome.truncateFrom();
                observer.onAlarm("primary " + welcome.nodeId() + " at epoch " + welcome.epoch() + " asks to drop " +
                    "the records from " + PositionFormat.position(welcome.truncateFrom()) + " to " + last + ", but " +
                    refusal + ": they " +
                    "are kept, and an operator must decide which journal is right");
            }
            return;
        }
        log.truncateFrom(welcome.truncateFrom());
        observer.onEvent("dropped the records from " + PositionFormat.position(welcome.truncateFrom()) + " to " +
            last + ": primary " +
            welcome.nodeId() + " at epoch " + welcome.epoch() + " replaced them");
        nextDialNs = nowNs;
    }

    /** Why this standby must not drop its records where a Welcome says, or null if it may. */
    private String truncationRefused(final PeerMessage.Welcome welcome)
    {
        final long floor = log.acknowledgedFloor();
        if (welcome.truncateFrom() <= floor)
        {
            return "this node knows the records up to " + floor + " were acknowledged";
        }
        final RecordId before = welcome.before();
        final RecordId mine = before.none() ? null : log.recordAt(before.position());
        if (null != mine && mine.epoch() == before.epoch() && !mine.equals(before))
        {
            return "this journal holds " + mine + " where the primary's holds " + before;
        }
        return null;
    }

    /** A message from the standby on this primary's session. */
    private void onFromStandby(final PeerMessage message)
    {
        session.heardNs = nowNs;
        if (message instanceof PeerMessage.Ack ack)
        {
            onAck(ack);
        }
        else if (!(message instanceof PeerMessage.Heartbeat heartbeat) || heartbeat.epoch() != epoch)
        {
            observer.onViolation("standby " + settings.peerNodeId() + " sent " + message + " on its stream at " +
                "epoch " + epoch);
            endSession("protocol violation");
        }
    }

    private void onAck(final PeerMessage.Ack ack)
    {
        if (ack.epoch() != epoch || ack.position() > session.sent.position())
        {
            if (ack.epoch() < epoch)
            {
                return; // late, from before this epoch
            }
            observer.onViolation("standby " + settings.peerNodeId() + " acknowledged " +
                PositionFormat.position(ack.position()) + " in epoch " +
                ack.epoch() + "; this session sent up to " + session.sent + " in epoch " + epoch);
            endSession("protocol violation");
            return;
        }
        if (ack.position() > session.acked)
        {
            session.acked = ack.position();
            log.acknowledgedFloor(ack.position());
            log.acknowledged(epoch, ack.position());
        }
    }

    void lead(final String why)
    {
        final long above = Math.max(Math.max(Math.max(epoch, peerEpoch), log.promisedEpoch()),
            Math.max(log.last().epoch(), standby.primaryEpoch));
        final long next = Epochs.next(settings.nodeId(), settings.peerNodeId(), above);
        log.promise(next);
        closeDialed();
        closeStandby();
        endSession(null);
        final RecordId first = log.lead(next);
        epoch = next;
        whole();
        waitingLogged = false;
        nextDialNs = nowNs + settings.dialIntervalNs();
        transition(NodeState.LEADING, why + "; epoch " + next + " begins at " +
            PositionFormat.position(first.position()));
    }

    /**
     * Whether this standby streams from a primary it heard within the heartbeat timeout.
     *
     * @return true if so.
     */
    boolean streamAlive()
    {
        return state == NodeState.FOLLOWING && standby.welcomed &&
            nowNs - standby.lastHeardNs <= settings.heartbeatTimeoutNs();
    }

    void stepDown(final String why)
    {
        endSession(null);
        closeDialed();
        log.follow();
        standby.streamed = false;
        standby.lastHeardNs = nowNs;
        nextDialNs = nowNs;
        transition(NodeState.FOLLOWING, why);
    }

    void whole()
    {
        if (suspect)
        {
            suspect = false;
            log.journalWhole();
        }
    }

    /** An epoch a primary stated: never start one at or below it. */
    void heard(final long heardEpoch)
    {
        if (heardEpoch > log.promisedEpoch())
        {
            log.promise(heardEpoch);
        }
        epoch = Math.max(epoch, heardEpoch);
    }

    void refuse(final long connection, final PeerMessage.Code code, final String reason)
    {
        link.send(connection, new PeerMessage.Refuse(code, epoch, reason));
        link.close(connection);
    }

    void closeDialed()
    {
        if (0 != dialed)
        {
            link.close(dialed);
            dialed = 0;
        }
    }

    void closeStandby()
    {
        if (0 != standby.connection)
        {
            link.close(standby.connection);
            standby.connection = 0;
        }
        standby.welcomed = false;
    }

    void endSession(final String why)
    {
        if (0 == session.connection)
        {
            return;
        }
        link.close(session.connection);
        session.connection = 0;
        log.standbyConnected(false);
        if (null != why)
        {
            observer.onEvent("standby lost: " + why);
        }
    }

    void transition(final NodeState to, final String why)
    {
        answers.forgetOffer();
        hellos.forgetOffer();
        final NodeState from = state;
        state = to;
        transitions[to.ordinal()]++;
        observer.onTransition(from, to, epoch, why);
    }
}
