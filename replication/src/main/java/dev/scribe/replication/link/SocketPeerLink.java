package dev.scribe.replication.link;

import dev.scribe.replication.node.PeerLink;
import dev.scribe.replication.node.PeerMessage;
import dev.scribe.replication.node.RecordId;
import org.agrona.DirectBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The node agent's {@link PeerLink} over TCP (or TLS), to one configured peer, authenticated both ways with the
 * cluster's shared secret before anything reaches the agent. The wire protocol and the threads are described in
 * the package documentation.
 *
 * <p>The agent thread calls {@link #dial}, {@link #send}, {@link #sendRecord}, {@link #close(long)},
 * {@link #writable} and {@link #poll}; none of them blocks. {@link #close()} may be called from any thread.
 *
 * <p>Every connection the agent knows (one it dialled, or one whose Hello it was given) ends for it exactly once:
 * by its own {@link #close(long)}, after which nothing more arrives from the connection, or by one
 * {@link PeerLink.Handler#onClosed}.
 */
public final class SocketPeerLink implements PeerLink, AutoCloseable
{
    /**
     * The state hashes the link exchanges with the peer on a stream: connections that carried a Welcome, either
     * way.
     */
    public interface StateHashes
    {
        /**
         * The next local hash to send to the peer; called on the agent thread while a stream is open.
         *
         * @return {@code {position, hash}}, or null if there is none.
         */
        long[] nextToSend();

        /**
         * The peer's hash after the record at a position; called on the agent thread.
         *
         * @param position the record's position.
         * @param hash     the peer's state hash there.
         */
        void remote(long position, long hash);
    }

    private final LinkSettings settings;
    private final StateHashes hashes;
    private final LinkRuntime runtime;
    private final LinkAcceptor acceptor;
    private final Connections connections;
    private final PeerAdapter adapter;
    private final PeerProxy proxy;
    private final List<Connection> scratch = new ArrayList<>();
    private final List<Outbox> unflushed = new ArrayList<>();
    private final long timeoutNs;
    private long nowNs;
    private Connection stream;
    private volatile boolean closed;

    /**
     * A link: binds the listening address and starts accepting the peer.
     *
     * @param settings the link's settings, concluded here.
     * @param hashes   the state hashes to exchange on streams.
     * @param wake     run after anything is handed to the agent thread, so that an idle agent can park; from the
     *                 link's threads.
     * @throws UncheckedIOException naming the address if it cannot be bound.
     * @throws IllegalArgumentException naming a wrong setting.
     */
    public SocketPeerLink(final LinkSettings settings, final StateHashes hashes, final Runnable wake)
    {
        this.settings = settings.conclude();
        this.hashes = Objects.requireNonNull(hashes, "hashes");
        this.runtime = new LinkRuntime(settings, Objects.requireNonNull(wake, "wake"));
        this.connections = new Connections(runtime.live);
        this.adapter = new PeerAdapter(connections, hashes, connection -> runtime.recycle(connection.outbox));
        this.proxy = new PeerProxy(settings.maxFrameBytes());
        this.timeoutNs = runtime.timeoutNs;
        try
        {
            this.acceptor = new LinkAcceptor(runtime);
        }
        catch (final IOException ex)
        {
            runtime.close();
            throw new UncheckedIOException("node " + settings.nodeId() + " cannot listen on " + settings.listen() +
                ": " + ex.getMessage(), ex);
        }
        acceptor.start();
    }

    /**
     * The address the link listens on, with the port it was given.
     *
     * @return the bound address.
     */
    public InetSocketAddress listenAddress()
    {
        return acceptor.address();
    }

    /**
     * Dial the peer at another address from now on: for a peer that listens on a port picked when it started
     * (port 0), known only once it has. A dial in progress keeps the address it started with. Any thread.
     *
     * @param peer the peer's address; port 0 while it is not known (dials then fail at once).
     */
    public void peer(final InetSocketAddress peer)
    {
        runtime.peer(Objects.requireNonNull(peer, "peer"));
    }

    /**
     * The peer's address dialled now.
     *
     * @return the address given in the settings or to {@link #peer(InetSocketAddress)} since.
     */
    public InetSocketAddress peer()
    {
        return runtime.peer();
    }

    @Override
    public long dial(final PeerMessage.Hello hello)
    {
        final Connection connection = runtime.open(true);
        proxy.send(connection.outbox, hello);
        queued(connection);
        connection.known = true;
        connections.add(connection);
        runtime.dial(connection);
        return connection.id;
    }

    @Override
    public void send(final long connection, final PeerMessage message)
    {
        final Connection c = connections.get(connection);
        if (null == c || c.ended || null != c.failure)
        {
            return;
        }
        if (proxy.send(c.outbox, message) != PeerProxy.QUEUED)
        {
            c.failure = "its outgoing buffer is full: the peer does not read";
            return;
        }
        queued(c);
        if (message instanceof PeerMessage.Welcome)
        {
            c.welcomed = true;
        }
    }

    @Override
    public void sendRecord(final long connection, final RecordId previous, final RecordId record,
        final DirectBuffer buffer, final int offset, final int length)
    {
        final Connection c = connections.get(connection);
        if (null == c || c.ended || null != c.failure)
        {
            return;
        }
        final int result = proxy.record(c.outbox, previous, record, buffer, offset, length);
        if (result == PeerProxy.FULL)
        {
            c.failure = "its outgoing buffer is full: the peer does not read";
        }
        else if (result == PeerProxy.TOO_LARGE)
        {
            c.failure = "record " + record + " of " + length + " bytes does not fit a frame of maxFrameBytes " +
                settings.maxFrameBytes();
        }
        else
        {
            queued(c);
        }
    }

    /**
     * Hand what was sent since the last flush to the connections' writers. The agent thread calls it at the end of
     * each duty cycle, so that the frames of a cycle leave in one write; a frame not flushed still leaves once a
     * connection's queue holds a write's worth (64 KiB), or when its writer next looks (within 100 ms).
     */
    public void flush()
    {
        for (int i = 0; i < unflushed.size(); i++)
        {
            unflushed.get(i).flush();
        }
        unflushed.clear();
    }

    private void queued(final Connection connection)
    {
        if (connection.outbox.markUnflushed())
        {
            unflushed.add(connection.outbox);
        }
    }

    /**
     * Whether a connection's outgoing buffer has room for more: while it does not, the agent should stop reading
     * records for it. A connection whose buffer stays full past the heartbeat timeout is closed.
     *
     * @param connection the connection.
     * @return true if it is open (to the agent) and its buffer at most half full.
     */
    @Override
    public boolean writable(final long connection)
    {
        final Connection c = connections.get(connection);
        return null != c && !c.ended && null == c.failure && c.outbox.writableOrWake();
    }

    @Override
    public void close(final long connection)
    {
        final Connection c = connections.get(connection);
        if (null == c || c.ended)
        {
            return;
        }
        c.ended = true;
        c.closeRequestedNs = settings.clock().nanoTime();
        c.requestClose();
    }

    @Override
    public int poll(final Handler handler, final int limit)
    {
        if (closed)
        {
            return 0;
        }
        nowNs = settings.clock().nanoTime();
        adapter.begin(handler);
        runtime.inbox.read(adapter, limit);
        final int delivered = adapter.delivered() + checkConnections(handler);
        if (null != stream)
        {
            sendStateHashes(stream);
        }
        return delivered;
    }

    /**
     * Give up on connections that failed or whose peer stopped reading; force closes that take too long; find the
     * open stream, if any.
     */
    private int checkConnections(final Handler handler)
    {
        int delivered = 0;
        stream = null;
        connections.copyTo(scratch);
        for (int i = 0, size = scratch.size(); i < size; i++)
        {
            final Connection c = scratch.get(i);
            if (c.ended)
            {
                if (!c.forced && c.closeRequestedNs != Connection.NONE && nowNs - c.closeRequestedNs > timeoutNs)
                {
                    c.forced = true;
                    c.abort(); // what it still held could not be sent in time
                }
                continue;
            }
            final String problem = null != c.failure ? c.failure : stalled(c);
            if (null != problem)
            {
                runtime.closures.refused(c, problem);
                c.ended = true;
                c.forced = true;
                c.abort();
                if (c.known)
                {
                    delivered++;
                    handler.onClosed(c.id);
                }
            }
            else if (c.welcomed && null == stream)
            {
                stream = c;
            }
        }
        scratch.clear();
        return delivered;
    }

    private String stalled(final Connection c)
    {
        final long writeStartNs = c.outbox.writeStartNs();
        if (writeStartNs != Outbox.NOT_WRITING && nowNs - writeStartNs > timeoutNs)
        {
            return "a write has been blocked for more than " + timeoutNs / 1_000_000 + " ms: the peer stopped reading";
        }
        if (c.outbox.writable())
        {
            c.fullSinceNs = Connection.NONE;
            return null;
        }
        if (c.fullSinceNs == Connection.NONE)
        {
            c.fullSinceNs = nowNs;
            return null;
        }
        return nowNs - c.fullSinceNs > timeoutNs ? "its outgoing buffer has been full for more than " +
            timeoutNs / 1_000_000 + " ms: the peer stopped reading" : null;
    }

    /** Send the local state hashes on the open stream, while its buffer has room. */
    private void sendStateHashes(final Connection stream)
    {
        while (!stream.ended && null == stream.failure && stream.outbox.writable())
        {
            final long[] hash = hashes.nextToSend();
            if (null == hash)
            {
                return;
            }
            if (proxy.stateHash(stream.outbox, hash[0], hash[1]) != PeerProxy.QUEUED)
            {
                stream.failure = "its outgoing buffer is full: the peer does not read";
                return;
            }
            queued(stream);
        }
    }

    /**
     * Stop listening, end every connection at once (nothing more is delivered) and stop the link's threads,
     * waiting a bounded time for them. Idempotent; any thread.
     */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        acceptor.close();
        runtime.close();
    }

    @Override
    public String toString()
    {
        return "SocketPeerLink{node " + settings.nodeId() + ", peer " + settings.peerNodeId() + ", listening on " +
            acceptor.address() + "}";
    }
}
