package dev.scribe.replication;

import dev.scribe.engine.EngineRole;
import dev.scribe.engine.EpochHistory;
import dev.scribe.replication.protocol.AdmissionPolicy;
import dev.scribe.replication.protocol.Decision;
import dev.scribe.replication.protocol.Hello;
import dev.scribe.replication.protocol.Protocol;
import dev.scribe.replication.protocol.Welcome;
import dev.scribe.replication.sbe.NodeRole;
import dev.scribe.replication.sbe.RejectCode;

import java.util.function.LongUnaryOperator;

/**
 * Whom a node lets in, once authenticated, and where a standby's stream starts. A standby admits nobody. A primary
 * admits a standby whose journal is a prefix of its own, or can be made one by dropping the records from the start
 * of the first epoch newer than the standby's last (records of an old primary's epoch that the new primary never
 * had, so never acknowledged at REPLICATED). A primary that meets a newer epoch steps down.
 */
final class Admission implements AdmissionPolicy
{
    /** What the node is, as of the handshake. */
    interface NodeView
    {
        EngineRole role();

        long epoch();

        EpochHistory history();

        long lastPosition();

        /** The epoch of the record at a position, or -1 if there is none. */
        long epochAt(long position);

        int nodeId();

        /** Step down: a peer has a newer epoch. */
        void stepDown(String why);

        /** Whether a standby session is streaming and alive. */
        boolean standbyStreaming();
    }

    private final NodeView node;

    Admission(final NodeView node)
    {
        this.node = node;
    }

    @Override
    public Decision decide(final Hello hello)
    {
        final long epoch = node.epoch();
        if (node.role() != EngineRole.PRIMARY)
        {
            if (hello.role() == NodeRole.PRIMARY && hello.epoch() < epoch)
            {
                return Decision.reject(RejectCode.STEP_DOWN, "node " + node.nodeId() + " has seen epoch " + epoch +
                    ", newer than your " + hello.epoch());
            }
            return Decision.reject(RejectCode.NOT_PRIMARY, "node " + node.nodeId() + " is a standby at epoch " + epoch);
        }
        if (hello.epoch() > epoch && hello.role() != NodeRole.PRIMARY)
        {
            return Decision.reject(RejectCode.STALE_EPOCH, "a standby's claim of epoch " + hello.epoch() + ", newer " +
                "than this primary's " + epoch + ", is not taken: only a primary of a newer epoch makes this one " +
                "step down");
        }
        if (hello.epoch() > epoch)
        {
            node.stepDown("node " + hello.nodeId() + " is at epoch " + hello.epoch() + ", newer than this primary's " +
                epoch);
            return Decision.reject(RejectCode.STALE_EPOCH, "this primary's epoch " + epoch + " is older than yours, " +
                hello.epoch() + "; it steps down");
        }
        if (hello.role() == NodeRole.PRIMARY)
        {
            return hello.epoch() < epoch ?
                Decision.reject(RejectCode.STEP_DOWN, "node " + node.nodeId() + " is the primary at epoch " + epoch +
                    "; yours is " + hello.epoch()) :
                Decision.reject(RejectCode.BUSY, "two primaries in epoch " + epoch);
        }
        final Decision decision = admitStandby(hello, epoch);
        return decision.accepted() && node.standbyStreaming() ?
            Decision.reject(RejectCode.BUSY, "a standby is streaming from this primary") : decision;
    }

    private Decision admitStandby(final Hello hello, final long epoch)
    {
        final EpochHistory history = node.history();
        final long last = node.lastPosition();
        final long newer = history.firstEpochAfter(hello.epoch());
        final long divergesAt = 0 == newer ? EpochHistory.NULL_POSITION : history.startOf(newer);
        final long standbyLast = hello.lastPosition();
        if (divergesAt != EpochHistory.NULL_POSITION && standbyLast >= divergesAt)
        {
            return Decision.accept(new Welcome(NodeRole.PRIMARY, node.nodeId(), epoch, last, Protocol.NO_POSITION,
                divergesAt));
        }
        if (standbyLast != Protocol.NO_POSITION)
        {
            final long recordEpoch = node.epochAt(standbyLast);
            if (recordEpoch != hello.epoch())
            {
                return Decision.reject(RejectCode.JOURNAL_MISMATCH, recordEpoch < 0 ?
                    "this primary has no record at your last position " + standbyLast + " (its last is " + last +
                        ")" :
                    "the record at " + standbyLast + " is of epoch " + recordEpoch + " here, " + hello.epoch() +
                        " on node " + hello.nodeId());
            }
        }
        return Decision.accept(new Welcome(NodeRole.PRIMARY, node.nodeId(), epoch, last, standbyLast,
            Protocol.NO_POSITION));
    }

    /** The record epoch lookup, for a node backed by a journal. */
    static LongUnaryOperator epochLookup(final java.nio.file.Path journalDirectory)
    {
        return position ->
        {
            try (dev.scribe.journal.Journal journal = dev.scribe.journal.Journal.openReadOnly(journalDirectory))
            {
                final dev.scribe.journal.JournalPage page = journal.readForward(position, 1);
                if (page.entries().isEmpty() || page.entries().get(0).position() != position)
                {
                    return -1;
                }
                return page.entries().get(0).view().epoch();
            }
        };
    }
}
