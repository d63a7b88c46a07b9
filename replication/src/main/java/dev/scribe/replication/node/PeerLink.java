package dev.scribe.replication.node;

import org.agrona.DirectBuffer;

/**
 * The node agent's connections to its peer. A connection is opened by dialling (the first message is the
 * dialler's Hello) or arrives from the peer (its first message is the peer's Hello). The transport authenticates
 * the peer before it delivers anything: nothing unauthenticated reaches the agent. Messages on one connection
 * arrive in order or not at all; a connection can break at any time.
 *
 * <p>Called only on the agent's thread.
 */
public interface PeerLink
{
    /** What arrives. */
    interface Handler
    {
        /**
         * A message on a connection.
         *
         * @param connection the connection.
         * @param message    the message.
         */
        void onMessage(long connection, PeerMessage message);

        /**
         * A record streamed by the primary.
         *
         * @param connection the connection.
         * @param previous   the record before it in the primary's journal.
         * @param record     the record.
         * @param buffer     its bytes.
         * @param offset     where they start.
         * @param length     how many.
         */
        void onRecord(long connection, RecordId previous, RecordId record, DirectBuffer buffer, int offset,
            int length);

        /**
         * A connection ended (closed by either side or broken).
         *
         * @param connection the connection.
         */
        void onClosed(long connection);
    }

    /**
     * Dial the peer and say Hello.
     *
     * @param hello what to say.
     * @return the new connection's id, never 0.
     */
    long dial(PeerMessage.Hello hello);

    /**
     * Send a message; a broken connection drops it (and reports {@link Handler#onClosed}).
     *
     * @param connection the connection.
     * @param message    the message.
     */
    void send(long connection, PeerMessage message);

    /**
     * Stream a record.
     *
     * @param connection the connection.
     * @param previous   the record before it in this journal.
     * @param record     the record.
     * @param buffer     its bytes.
     * @param offset     where they start.
     * @param length     how many.
     */
    void sendRecord(long connection, RecordId previous, RecordId record, DirectBuffer buffer, int offset, int length);

    /**
     * Whether a connection's outgoing buffer has room for more records: while true, at least two more of the largest
     * records fit. While it has not, the agent reads no more records for the connection, so a standby that reads
     * slowly slows its stream down rather than filling the buffer; the link wakes the agent once there is room again.
     *
     * @param connection the connection.
     * @return true if records may be sent; false also for a connection that is closed.
     */
    boolean writable(long connection);

    /**
     * Close a connection; nothing more arrives from it.
     *
     * @param connection the connection.
     */
    void close(long connection);

    /**
     * Deliver what has arrived.
     *
     * @param handler receives it.
     * @param limit   most messages to deliver.
     * @return how many were delivered.
     */
    int poll(Handler handler, int limit);
}
