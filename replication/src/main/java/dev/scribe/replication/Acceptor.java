package dev.scribe.replication;

import dev.scribe.replication.link.RefusalLog;
import dev.scribe.replication.protocol.AcceptedPeer;
import dev.scribe.replication.protocol.FrameReader;
import dev.scribe.replication.protocol.FrameWriter;
import dev.scribe.replication.protocol.LogSafe;
import dev.scribe.replication.protocol.ProtocolException;
import dev.scribe.replication.protocol.Secret;
import dev.scribe.replication.protocol.ServerHandshake;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Listens for the peer. Each connection is authenticated and admitted (see {@link Admission}) within the handshake
 * timeout, on a thread of its own, so a client that connects and says nothing holds up no other; at most
 * {@link #MAX_HANDSHAKES} run at once, plus {@link #RESERVED_HANDSHAKES} kept for connections from the configured
 * peer's address, so a flood of connections from elsewhere cannot keep the real standby out; a connection beyond
 * them is closed at once. A standby let in by a primary gets a {@link PrimarySession}. Anything else is closed. Bad
 * input ends that connection only.
 *
 * <p>Refusals go through a {@link RefusalLog}, at most one line per {@link ReplicationContext#refusalLogInterval()};
 * whatever a peer chose is escaped before it is logged.
 */
final class Acceptor implements AutoCloseable
{
    /** Most handshakes in progress at once from any address. */
    static final int MAX_HANDSHAKES = 8;
    /** Handshakes kept for connections from the configured peer's address when the others are all taken. */
    static final int RESERVED_HANDSHAKES = 1;
    /** How often the accepting thread wakes, with no connection, to sum up refusals not yet logged. */
    private static final int FLUSH_EVERY_MS = 250;

    private final Semaphore handshakes = new Semaphore(MAX_HANDSHAKES);
    private final Semaphore reserved = new Semaphore(RESERVED_HANDSHAKES);
    private final InetAddress peerAddress;
    private final RefusalLog refusals;
    private final Set<Socket> handshaking = ConcurrentHashMap.newKeySet();
    private final ReplicationNode node;
    private final ReplicationContext context;
    private final ServerSocket server;
    private final ServerHandshake handshake;
    private final Thread thread;
    private volatile boolean closed;

    Acceptor(final ReplicationNode node, final ReplicationContext context, final Secret secret) throws IOException
    {
        this.node = node;
        this.context = context;
        this.server = Transport.listen(context);
        this.server.setSoTimeout(FLUSH_EVERY_MS);
        this.peerAddress = context.peer().getAddress();
        this.refusals = new RefusalLog(node::log, context.refusalLogInterval(), System::nanoTime);
        this.handshake = new ServerHandshake(context.clusterId(), context.nodeId(), secret, node.handshakeTimeout(),
            () -> node.currentEngine().epoch(), new Admission(node.view()));
        thread = new Thread(this::run, "scribe-repl-acceptor-" + context.nodeId());
        thread.setDaemon(true);
    }

    void start()
    {
        thread.start();
    }

    InetSocketAddress address()
    {
        return (InetSocketAddress)server.getLocalSocketAddress();
    }

    private void run()
    {
        while (!closed)
        {
            final Socket socket;
            try
            {
                socket = server.accept();
            }
            catch (final SocketTimeoutException ex)
            {
                refusals.flush();
                continue;
            }
            catch (final IOException ex)
            {
                if (closed || server.isClosed())
                {
                    return;
                }
                // out of file descriptors, say: keep listening, a little later
                refusals.refused("the listener", "accepting failed, retrying: " + LogSafe.escape(ex.toString()));
                java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
                continue;
            }
            final Semaphore slot = slotFor(socket);
            if (null == slot)
            {
                refusals.refused(socket.getRemoteSocketAddress(), MAX_HANDSHAKES +
                    " handshakes are already in progress");
                close(socket);
                continue;
            }
            startHandshake(socket, slot);
        }
    }

    /** A handshake slot for a new connection, or null: the reserved one only for the configured peer's address. */
    private Semaphore slotFor(final Socket socket)
    {
        if (handshakes.tryAcquire())
        {
            return handshakes;
        }
        return null != peerAddress && peerAddress.equals(socket.getInetAddress()) && reserved.tryAcquire() ?
            reserved : null;
    }

    private void startHandshake(final Socket socket, final Semaphore slot)
    {
        handshaking.add(socket);
        final Thread handshake = new Thread(() ->
        {
            try
            {
                admit(socket);
            }
            finally
            {
                handshaking.remove(socket);
                slot.release();
            }
        }, "scribe-repl-handshake-" + context.nodeId());
        handshake.setDaemon(true);
        handshake.start();
    }

    private void admit(final Socket socket)
    {
        try
        {
            socket.setTcpNoDelay(true);
            final AcceptedPeer peer = handshake.run(socket);
            node.attach(new PrimarySession(socket,
                new FrameReader(socket.getInputStream(), 4096),
                new FrameWriter(socket.getOutputStream(), context.maxFrameBytes()),
                peer, node.currentEngine(), node.currentEngine().context().journalContext().directory(),
                node.link(), node.divergence(), context, node.counters()));
        }
        catch (final ProtocolException ex)
        {
            // the handshake escapes what the peer chose in its messages
            refusals.refused(socket.getRemoteSocketAddress(), ex.getMessage());
            close(socket);
        }
        catch (final SocketException ex)
        {
            close(socket);
        }
        catch (final IOException | RuntimeException ex)
        {
            refusals.refused(socket.getRemoteSocketAddress(), "failed: " + LogSafe.escape(ex.toString()));
            close(socket);
        }
    }

    private static void close(final Socket socket)
    {
        try
        {
            socket.close();
        }
        catch (final IOException ignore)
        {
            // nothing more to do
        }
    }

    @Override
    public void close()
    {
        closed = true;
        try
        {
            server.close();
        }
        catch (final IOException ignore)
        {
            // closing
        }
        try
        {
            thread.join(5_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        for (final Socket socket : handshaking)
        {
            close(socket); // ends the handshakes still running
        }
    }
}
