package dev.scribe.replication.node;

import java.util.Objects;

/**
 * What two nodes say to each other, as the node agent sees it once the transport has authenticated the peer. The
 * transport maps these to frames; a simulation delivers them as they are. Records travel separately (see
 * {@link PeerLink#sendRecord}), so the stream does not allocate.
 */
public sealed interface PeerMessage
{
    /** The role a dialling node states. */
    enum Role
    {
        /** A standby that wants to follow the primary. */
        STANDBY,
        /** A primary that asks whether a newer primary exists. */
        PRIMARY,
        /** A node started as the primary that first compares journals with its peer. */
        RESUMING
    }

    /** Why a node refuses a dialling peer, or answers it without streaming. */
    enum Code
    {
        /** This node is a standby; it streams to nobody. */
        NOT_PRIMARY,
        /** This node is the primary in the epoch given, newer than the dialler's: the dialler must follow it. */
        STEP_DOWN,
        /** The dialler, a primary, states a newer epoch than this primary's: this one steps down. */
        STALE_EPOCH,
        /** A standby is already streaming and alive. */
        BUSY,
        /** The journals disagree in a way no truncation can settle; an operator must look. */
        JOURNAL_MISMATCH,
        /** The dialler's journal holds an epoch newer than this primary's; an operator must look. */
        JOURNAL_AHEAD,
        /** The dialler is not the configured peer. */
        UNKNOWN_NODE,
        /** To a resuming dialler: this standby's journal is ahead, so it becomes the primary; follow it. */
        TAKE_OVER,
        /**
         * To a resuming dialler: this standby is not ahead; the dialler may lead. To a standby dialler: this standby
         * may have lost records or does not promote itself, and is not ahead; the dialler leads if it lost nothing
         * and promotes itself.
         */
        PROCEED
    }

    /**
     * The first message on a connection, from the dialler.
     *
     * @param nodeId         the dialler's id.
     * @param role           what it wants.
     * @param epoch          its current epoch.
     * @param last           its journal's last record.
     * @param lastEpochStart where the epoch of its last record begins in its journal.
     */
    record Hello(int nodeId, Role role, long epoch, RecordId last, long lastEpochStart) implements PeerMessage
    {
        /**
         * A Hello.
         *
         * @param nodeId         the dialler's id.
         * @param role           what it wants.
         * @param epoch          its current epoch.
         * @param last           its journal's last record.
         * @param lastEpochStart where the epoch of its last record begins.
         */
        public Hello
        {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(last, "last");
        }
    }

    /**
     * A primary takes a standby: the stream starts after {@code startAfter}, or the standby must first drop its
     * records from {@code truncateFrom} and dial again.
     *
     * @param nodeId       the primary's id.
     * @param epoch        the primary's epoch: the epoch acknowledgements are given in.
     * @param lastPosition the primary's last position as it answers.
     * @param startAfter   the position the stream starts after (the standby's last), if not truncating.
     * @param truncateFrom where the standby's journal parts from the primary's, or {@link RecordId#NO_POSITION}.
     * @param before       when truncating, the primary's last record before {@code truncateFrom} (a standby
     *                     holding another record at its epoch and position refuses to truncate), else
     *                     {@link RecordId#NONE}.
     */
    record Welcome(int nodeId, long epoch, long lastPosition, long startAfter, long truncateFrom, RecordId before)
        implements PeerMessage
    {
        /**
         * A Welcome.
         *
         * @param nodeId       the primary's id.
         * @param epoch        the primary's epoch.
         * @param lastPosition the primary's last position as it answers.
         * @param startAfter   the position the stream starts after, if not truncating.
         * @param truncateFrom where the standby's journal parts from the primary's, or
         *                     {@link RecordId#NO_POSITION}.
         * @param before       when truncating, the primary's last record before {@code truncateFrom}.
         */
        public Welcome
        {
            Objects.requireNonNull(before, "before");
        }
    }

    /**
     * An answer that starts no stream.
     *
     * @param code   what it means.
     * @param epoch  the sender's epoch.
     * @param reason for a person to read.
     */
    record Refuse(Code code, long epoch, String reason) implements PeerMessage
    {
        /**
         * A Refuse.
         *
         * @param code   what it means.
         * @param epoch  the sender's epoch.
         * @param reason for a person to read.
         */
        public Refuse
        {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * A standby has journaled every record up to a position, streamed by the primary of an epoch.
     *
     * @param epoch    the primary's epoch, from its Welcome.
     * @param position the standby's last journaled position.
     */
    record Ack(long epoch, long position) implements PeerMessage
    {
    }

    /**
     * Alive, with the sender's epoch and last position.
     *
     * @param epoch    the sender's epoch.
     * @param position its last position.
     */
    record Heartbeat(long epoch, long position) implements PeerMessage
    {
    }
}
