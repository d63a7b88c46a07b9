package dev.scribe.replication.link;

import dev.scribe.replication.node.PeerLink;
import dev.scribe.replication.node.PeerMessage;
import dev.scribe.replication.node.RecordId;
import dev.scribe.replication.protocol.LogSafe;
import dev.scribe.replication.sbe.PeerAckDecoder;
import dev.scribe.replication.sbe.PeerHeartbeatDecoder;
import dev.scribe.replication.sbe.PeerHelloDecoder;
import dev.scribe.replication.sbe.PeerRecordDecoder;
import dev.scribe.replication.sbe.PeerRefuseDecoder;
import dev.scribe.replication.sbe.PeerStateHashDecoder;
import dev.scribe.replication.sbe.PeerWelcomeDecoder;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Turns the inbox's events into the agent's calls, on the agent thread: frames into
 * {@link PeerLink.Handler#onMessage} or {@link PeerLink.Handler#onRecord} (the record's bytes where they lie in
 * the inbox), a connection's end into {@link PeerLink.Handler#onClosed}, once, and only for a connection the agent
 * knows and has not closed itself. The frames were checked whole by the reader that put them there; nothing
 * arrives for a connection the agent closed. State hashes go to the {@link SocketPeerLink.StateHashes}, from a
 * connection that carried a Welcome only.
 */
final class PeerAdapter implements MessageHandler
{
    private static final PeerMessage.Role[] ROLES = PeerMessage.Role.values();
    private static final PeerMessage.Code[] CODES = PeerMessage.Code.values();

    private final Connections connections;
    private final SocketPeerLink.StateHashes hashes;
    private final Recycler recycler;
    private final PeerHelloDecoder hello = new PeerHelloDecoder();
    private final PeerWelcomeDecoder welcome = new PeerWelcomeDecoder();
    private final PeerRefuseDecoder refuse = new PeerRefuseDecoder();
    private final PeerRecordDecoder record = new PeerRecordDecoder();
    private final PeerAckDecoder ack = new PeerAckDecoder();
    private final PeerHeartbeatDecoder heartbeat = new PeerHeartbeatDecoder();
    private final PeerStateHashDecoder stateHash = new PeerStateHashDecoder();
    private PeerLink.Handler handler;
    private int delivered;

    /** Takes back the outbox of a connection whose last event was read. */
    interface Recycler
    {
        void recycle(Connection connection);
    }

    PeerAdapter(final Connections connections, final SocketPeerLink.StateHashes hashes, final Recycler recycler)
    {
        this.connections = connections;
        this.hashes = hashes;
        this.recycler = recycler;
    }

    /** Deliver to this handler from now on, and count afresh. */
    void begin(final PeerLink.Handler handler)
    {
        this.handler = handler;
        this.delivered = 0;
    }

    int delivered()
    {
        return delivered;
    }

    @Override
    public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        final long id = Inbox.connection(buffer, index);
        if (msgTypeId == Inbox.CLOSED)
        {
            closed(id);
            return;
        }
        final Connection connection = connections.get(id);
        if (null == connection || connection.ended)
        {
            return;
        }
        final int frame = index + Inbox.CONNECTION_BYTES;
        final int block = frame + Wire.HEADER_BYTES;
        final int templateId = buffer.getShort(frame + 2, LITTLE_ENDIAN) & 0xFFFF;
        switch (templateId)
        {
            case PeerRecordDecoder.TEMPLATE_ID -> onRecord(connection, buffer, block);
            case PeerAckDecoder.TEMPLATE_ID ->
            {
                ack.wrap(buffer, block, PeerAckDecoder.BLOCK_LENGTH, Wire.VERSION);
                deliver(connection, new PeerMessage.Ack(ack.epoch(), ack.position()));
            }
            case PeerHeartbeatDecoder.TEMPLATE_ID ->
            {
                heartbeat.wrap(buffer, block, PeerHeartbeatDecoder.BLOCK_LENGTH, Wire.VERSION);
                deliver(connection, new PeerMessage.Heartbeat(heartbeat.epoch(), heartbeat.position()));
            }
            case PeerStateHashDecoder.TEMPLATE_ID ->
            {
                if (connection.welcomed)
                {
                    stateHash.wrap(buffer, block, PeerStateHashDecoder.BLOCK_LENGTH, Wire.VERSION);
                    hashes.remote(stateHash.position(), stateHash.hash());
                }
            }
            case PeerHelloDecoder.TEMPLATE_ID -> deliver(connection, hello(buffer, block));
            case PeerWelcomeDecoder.TEMPLATE_ID -> onWelcome(connection, buffer, block);
            case PeerRefuseDecoder.TEMPLATE_ID -> deliver(connection, refuse(buffer, block));
            default ->
            {
                // the reader lets no other message through
            }
        }
    }

    private void onRecord(final Connection connection, final MutableDirectBuffer buffer, final int block)
    {
        record.wrap(buffer, block, PeerRecordDecoder.BLOCK_LENGTH, Wire.VERSION);
        final RecordId last = connection.lastRecord;
        final long previousPosition = record.previousPosition();
        final long previousEpoch = record.previousEpoch();
        final int previousCrc = record.previousCrc();
        final RecordId previous = last.position() == previousPosition && last.epoch() == previousEpoch &&
            last.crc() == previousCrc ? last : new RecordId(previousPosition, previousEpoch, previousCrc);
        final RecordId id = new RecordId(record.position(), record.epoch(), record.crc());
        connection.lastRecord = id;
        final int dataLengthAt = block + PeerRecordDecoder.BLOCK_LENGTH;
        final int length = buffer.getInt(dataLengthAt, LITTLE_ENDIAN);
        connection.known = true;
        delivered++;
        handler.onRecord(connection.id, previous, id, buffer, dataLengthAt + WireValidator.DATA_LENGTH_BYTES,
            length);
    }

    private void onWelcome(final Connection connection, final MutableDirectBuffer buffer, final int block)
    {
        welcome.wrap(buffer, block, PeerWelcomeDecoder.BLOCK_LENGTH, Wire.VERSION);
        connection.welcomed = true;
        deliver(connection, new PeerMessage.Welcome(welcome.nodeId(), welcome.epoch(), welcome.lastPosition(),
            welcome.startAfter(), welcome.truncateFrom(), new RecordId(welcome.beforePosition(), welcome.beforeEpoch(),
            welcome.beforeCrc())));
    }

    private PeerMessage hello(final MutableDirectBuffer buffer, final int block)
    {
        hello.wrap(buffer, block, PeerHelloDecoder.BLOCK_LENGTH, Wire.VERSION);
        final RecordId last = new RecordId(hello.lastPosition(), hello.lastEpoch(), hello.lastCrc());
        return new PeerMessage.Hello(hello.nodeId(), ROLES[hello.roleRaw() - 1], hello.epoch(), last,
            hello.lastEpochStart());
    }

    private PeerMessage refuse(final MutableDirectBuffer buffer, final int block)
    {
        refuse.wrap(buffer, block, PeerRefuseDecoder.BLOCK_LENGTH, Wire.VERSION);
        final PeerMessage.Code code = CODES[refuse.codeRaw() - 1];
        final long epoch = refuse.epoch();
        return new PeerMessage.Refuse(code, epoch, LogSafe.escape(refuse.reason()));
    }

    private void deliver(final Connection connection, final PeerMessage message)
    {
        connection.known = true;
        delivered++;
        handler.onMessage(connection.id, message);
    }

    private void closed(final long id)
    {
        final Connection connection = connections.remove(id);
        if (null == connection)
        {
            return;
        }
        if (connection.known && !connection.ended)
        {
            connection.ended = true;
            delivered++;
            handler.onClosed(id);
        }
        recycler.recycle(connection);
    }
}
