package dev.scribe.replication.link;

import dev.scribe.replication.node.PeerMessage;
import dev.scribe.replication.node.RecordId;
import dev.scribe.replication.sbe.MessageHeaderEncoder;
import dev.scribe.replication.sbe.PeerAckEncoder;
import dev.scribe.replication.sbe.PeerHeartbeatEncoder;
import dev.scribe.replication.sbe.PeerHelloEncoder;
import dev.scribe.replication.sbe.PeerRecordEncoder;
import dev.scribe.replication.sbe.PeerRefuseEncoder;
import dev.scribe.replication.sbe.PeerRole;
import dev.scribe.replication.sbe.PeerStateHashEncoder;
import dev.scribe.replication.sbe.PeerWelcomeEncoder;
import dev.scribe.replication.sbe.RefuseCode;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Encodes what the agent sends straight into a connection's {@link Outbox}: each frame, length prefix included, is
 * claimed in the ring, encoded in place and committed. Records, acknowledgements, heartbeats and state hashes are
 * encoded without allocating. The agent thread only.
 */
final class PeerProxy
{
    /** Queued. */
    static final int QUEUED = 0;
    /** The outbox had no room: the peer is not reading. */
    static final int FULL = 1;
    /** The frame would exceed {@code maxFrameBytes}. */
    static final int TOO_LARGE = 2;

    private static final PeerRole[] ROLES = {PeerRole.STANDBY, PeerRole.PRIMARY, PeerRole.RESUMING};
    private static final RefuseCode[] CODES = {
        RefuseCode.NOT_PRIMARY, RefuseCode.STEP_DOWN, RefuseCode.STALE_EPOCH, RefuseCode.BUSY,
        RefuseCode.JOURNAL_MISMATCH, RefuseCode.JOURNAL_AHEAD, RefuseCode.UNKNOWN_NODE, RefuseCode.TAKE_OVER,
        RefuseCode.PROCEED};

    private final int maxFrameBytes;
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final PeerHelloEncoder hello = new PeerHelloEncoder();
    private final PeerWelcomeEncoder welcome = new PeerWelcomeEncoder();
    private final PeerRefuseEncoder refuse = new PeerRefuseEncoder();
    private final PeerRecordEncoder record = new PeerRecordEncoder();
    private final PeerAckEncoder ack = new PeerAckEncoder();
    private final PeerHeartbeatEncoder heartbeat = new PeerHeartbeatEncoder();
    private final PeerStateHashEncoder stateHash = new PeerStateHashEncoder();
    private int claimed;

    PeerProxy(final int maxFrameBytes)
    {
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * Queue a message.
     *
     * @return {@link #QUEUED}, {@link #FULL} or {@link #TOO_LARGE}.
     */
    int send(final Outbox out, final PeerMessage message)
    {
        if (message instanceof PeerMessage.Ack m)
        {
            return ack(out, m.epoch(), m.position());
        }
        if (message instanceof PeerMessage.Heartbeat m)
        {
            return heartbeat(out, m.epoch(), m.position());
        }
        if (message instanceof PeerMessage.Hello m)
        {
            return hello(out, m);
        }
        if (message instanceof PeerMessage.Welcome m)
        {
            return welcome(out, m);
        }
        return refuse(out, (PeerMessage.Refuse)message);
    }

    int record(final Outbox out, final RecordId previous, final RecordId id, final DirectBuffer data,
        final int offset, final int length)
    {
        final long frameLength = (long)Wire.HEADER_BYTES + PeerRecordEncoder.BLOCK_LENGTH +
            WireValidator.DATA_LENGTH_BYTES + length;
        if (frameLength > maxFrameBytes)
        {
            return TOO_LARGE;
        }
        final int at = claim(out, (int)frameLength);
        if (at < 0)
        {
            return FULL;
        }
        record.wrapAndApplyHeader(out.buffer(), at, header)
            .previousPosition(previous.position())
            .previousEpoch(previous.epoch())
            .previousCrc(previous.crc())
            .position(id.position())
            .epoch(id.epoch())
            .crc(id.crc())
            .putData(data, offset, length);
        return commit(out);
    }

    int stateHash(final Outbox out, final long position, final long hash)
    {
        final int at = claim(out, Wire.HEADER_BYTES + PeerStateHashEncoder.BLOCK_LENGTH);
        if (at < 0)
        {
            return FULL;
        }
        stateHash.wrapAndApplyHeader(out.buffer(), at, header).position(position).hash(hash);
        return commit(out);
    }

    private int ack(final Outbox out, final long epoch, final long position)
    {
        final int at = claim(out, Wire.HEADER_BYTES + PeerAckEncoder.BLOCK_LENGTH);
        if (at < 0)
        {
            return FULL;
        }
        ack.wrapAndApplyHeader(out.buffer(), at, header).epoch(epoch).position(position);
        return commit(out);
    }

    private int heartbeat(final Outbox out, final long epoch, final long position)
    {
        final int at = claim(out, Wire.HEADER_BYTES + PeerHeartbeatEncoder.BLOCK_LENGTH);
        if (at < 0)
        {
            return FULL;
        }
        heartbeat.wrapAndApplyHeader(out.buffer(), at, header).epoch(epoch).position(position);
        return commit(out);
    }

    private int hello(final Outbox out, final PeerMessage.Hello m)
    {
        final int at = claim(out, Wire.HEADER_BYTES + PeerHelloEncoder.BLOCK_LENGTH);
        if (at < 0)
        {
            return FULL;
        }
        hello.wrapAndApplyHeader(out.buffer(), at, header)
            .nodeId(m.nodeId())
            .role(ROLES[m.role().ordinal()])
            .epoch(m.epoch())
            .lastPosition(m.last().position())
            .lastEpoch(m.last().epoch())
            .lastCrc(m.last().crc())
            .lastEpochStart(m.lastEpochStart());
        return commit(out);
    }

    private int welcome(final Outbox out, final PeerMessage.Welcome m)
    {
        final int at = claim(out, Wire.HEADER_BYTES + PeerWelcomeEncoder.BLOCK_LENGTH);
        if (at < 0)
        {
            return FULL;
        }
        welcome.wrapAndApplyHeader(out.buffer(), at, header)
            .nodeId(m.nodeId())
            .epoch(m.epoch())
            .lastPosition(m.lastPosition())
            .startAfter(m.startAfter())
            .truncateFrom(m.truncateFrom())
            .beforePosition(m.before().position())
            .beforeEpoch(m.before().epoch())
            .beforeCrc(m.before().crc());
        return commit(out);
    }

    private int refuse(final Outbox out, final PeerMessage.Refuse m)
    {
        final byte[] reason = m.reason().getBytes(StandardCharsets.UTF_8);
        final int reasonLength = cutAtCharacter(reason, Wire.MAX_REASON_BYTES);
        final int at = claim(out, Wire.HEADER_BYTES + PeerRefuseEncoder.BLOCK_LENGTH +
            WireValidator.STRING_LENGTH_BYTES + reasonLength);
        if (at < 0)
        {
            return FULL;
        }
        refuse.wrapAndApplyHeader(out.buffer(), at, header)
            .code(CODES[m.code().ordinal()])
            .epoch(m.epoch())
            .putReason(reason, 0, reasonLength);
        return commit(out);
    }

    /** Claim a frame and write its length prefix; returns where its SBE header goes, or -1. */
    private int claim(final Outbox out, final int frameLength)
    {
        final int index = out.claim(Wire.LENGTH_PREFIX_BYTES + frameLength);
        if (index < 0)
        {
            return -1;
        }
        final MutableDirectBuffer buffer = out.buffer();
        buffer.putInt(index, frameLength, LITTLE_ENDIAN);
        claimed = index;
        return index + Wire.LENGTH_PREFIX_BYTES;
    }

    private int commit(final Outbox out)
    {
        out.commit(claimed);
        return QUEUED;
    }

    /** Length of the longest prefix of at most {@code max} bytes that ends on a character boundary. */
    private static int cutAtCharacter(final byte[] utf8, final int max)
    {
        if (utf8.length <= max)
        {
            return utf8.length;
        }
        int cut = max;
        while (cut > 0 && (utf8[cut] & 0xC0) == 0x80)
        {
            cut--;
        }
        return cut;
    }
}
