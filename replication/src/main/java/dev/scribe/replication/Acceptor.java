package dev.scribe.replication;

import dev.scribe.replication.protocol.AcceptedPeer;
import dev.scribe.replication.protocol.FrameReader;
import dev.scribe.replication.protocol.FrameWriter;
import dev.scribe.replication.protocol.ProtocolException;
import dev.scribe.replication.protocol.Secret;
import dev.scribe.replication.protocol.ServerHandshake;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Listens for the peer. Each connection is authenticated and admitted (see {@link Admission}) within the handshake
 * timeout, on a thread of its own, so a client that connects and says nothing holds up no other; at most
 * {@link #MAX_HANDSHAKES} run at once, and a connection beyond them is closed at once. A standby let in by a primary
 * gets a {@link PrimarySession}. Anything else is closed. Bad input ends that connection only.
 */
final class Acceptor implements AutoCloseable
{
    /** Most handshakes in progress at once. */
    static final int MAX_HANDSHAKES = 8;

    private final Semaphore handshakes = new Semaphore(MAX_HANDSHAKES);
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
            catch (final IOException ex)
            {
                if (closed || server.isClosed())
                {
                    return;
                }
                // out of file descriptors, say: keep listening, a little later
                node.log("replication listener failed, retrying: " + ex);
                java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
                continue;
            }
            if (!handshakes.tryAcquire())
            {
                node.log("refused a peer from " + socket.getRemoteSocketAddress() + ": " + MAX_HANDSHAKES +
                    " handshakes are already in progress");
                close(socket);
                continue;
            }
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
                    handshakes.release();
                }
            }, "scribe-repl-handshake-" + context.nodeId());
            handshake.setDaemon(true);
            handshake.start();
        }
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
            node.log("refused a peer from " + socket.getRemoteSocketAddress() + ": " + ex.getMessage());
            close(socket);
        }
        catch (final SocketException ex)
        {
            close(socket);
        }
        catch (final IOException | RuntimeException ex)
        {
            node.log("peer from " + socket.getRemoteSocketAddress() + " failed: " + ex);
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
