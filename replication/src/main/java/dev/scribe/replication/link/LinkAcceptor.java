package dev.scribe.replication.link;

import dev.scribe.replication.protocol.LogSafe;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;

/**
 * Listens for the peer. Each connection is authenticated within the heartbeat timeout on a thread of its own, so
 * a client that connects and says nothing holds up no other; at most {@link #MAX_HANDSHAKES} run at once, plus
 * {@link #RESERVED_HANDSHAKES} kept for connections from the configured peer's address, so a flood of connections
 * from elsewhere cannot keep the peer out; a connection beyond them is closed at once. An authenticated connection
 * is served on the thread that authenticated it. Refusals go through a {@link RefusalLog}: at most one line per
 * refusal log interval, with whatever the peer chose escaped.
 */
final class LinkAcceptor implements AutoCloseable
{
    /** Most handshakes in progress at once from any address. */
    static final int MAX_HANDSHAKES = 8;
    /** Handshakes kept for connections from the configured peer's address when the others are all taken. */
    static final int RESERVED_HANDSHAKES = 1;
    /** How often the accepting thread wakes, with no connection, to sum up refusals not yet logged. */
    private static final int FLUSH_EVERY_MS = 250;
    private static final long ACCEPT_RETRY_NS = 100_000_000L;

    private final Semaphore handshakes = new Semaphore(MAX_HANDSHAKES);
    private final Semaphore reserved = new Semaphore(RESERVED_HANDSHAKES);
    private final Set<Socket> handshaking = ConcurrentHashMap.newKeySet();
    private final LinkRuntime runtime;
    private final ServerSocket server;
    private final Thread thread;
    private volatile boolean closed;

    LinkAcceptor(final LinkRuntime runtime) throws IOException
    {
        this.runtime = runtime;
        this.server = LinkSockets.listen(runtime.settings.listen());
        this.server.setSoTimeout(FLUSH_EVERY_MS);
        this.thread = new Thread(this::run, "scribe-link-" + runtime.settings.nodeId() + "-acceptor");
        this.thread.setDaemon(true);
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
                flushLogs();
                continue;
            }
            catch (final IOException ex)
            {
                if (closed || server.isClosed())
                {
                    return;
                }
                // out of file descriptors, say: keep listening, a little later
                runtime.refusals.refused("the listener",
                    "accepting failed, retrying: " + LogSafe.escape(ex.toString()));
                LockSupport.parkNanos(ACCEPT_RETRY_NS);
                continue;
            }
            final Semaphore slot = slotFor(socket);
            if (null == slot)
            {
                runtime.refusals.refused(socket.getRemoteSocketAddress(), MAX_HANDSHAKES +
                    " handshakes are already in progress");
                LinkSockets.closeNow(socket);
                continue;
            }
            startHandshake(socket, slot);
        }
    }

    private void flushLogs()
    {
        runtime.refusals.flush();
        runtime.dialFailures.flush();
        runtime.closures.flush();
    }

    /** A handshake slot for a new connection, or null: the reserved one only for the configured peer's address. */
    private Semaphore slotFor(final Socket socket)
    {
        if (handshakes.tryAcquire())
        {
            return handshakes;
        }
        final InetAddress peerAddress = runtime.peer().getAddress();
        return null != peerAddress && peerAddress.equals(socket.getInetAddress()) && reserved.tryAcquire() ?
            reserved : null;
    }

    private void startHandshake(final Socket socket, final Semaphore slot)
    {
        handshaking.add(socket);
        try
        {
            runtime.execute(() -> admit(socket, slot));
        }
        catch (final RuntimeException ex)
        {
            handshaking.remove(socket);
            slot.release();
            LinkSockets.closeNow(socket); // the link is closing
        }
    }

    private void admit(final Socket plain, final Semaphore slot)
    {
        final Socket stream;
        try
        {
            stream = authenticate(plain);
        }
        finally
        {
            handshaking.remove(plain);
            slot.release();
        }
        if (null == stream)
        {
            return;
        }
        final Connection connection = runtime.open(false);
        try
        {
            connection.attach(plain);
            connection.secure(stream);
            runtime.serve(connection);
        }
        catch (final IOException ex)
        {
            // the link closed meanwhile
        }
        finally
        {
            runtime.finish(connection);
        }
    }

    /** TLS (if any) and authentication within the deadline; null, the connection closed and logged, if refused. */
    private Socket authenticate(final Socket plain)
    {
        final long deadlineNs = System.nanoTime() + runtime.timeoutNs;
        try
        {
            plain.setTcpNoDelay(true);
            final Socket stream = null == runtime.settings.sslContext() ? plain :
                LinkSockets.acceptTls(plain, runtime.settings.sslContext(), LinkSockets.timeoutMs(deadlineNs));
            runtime.handshake.accept(stream, deadlineNs);
            stream.setSoTimeout(0);
            return stream;
        }
        catch (final HandshakeException ex)
        {
            runtime.refusals.refused(plain.getRemoteSocketAddress(), ex.getMessage());
        }
        catch (final IOException | RuntimeException ex)
        {
            if (!closed)
            {
                runtime.refusals.refused(plain.getRemoteSocketAddress(), "failed: " + LogSafe.escape(ex.toString()));
            }
        }
        LinkSockets.closeAfterWrites(plain); // the denial reaches the dialler
        return null;
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
        for (final Socket socket : handshaking)
        {
            LinkSockets.closeNow(socket); // ends the handshakes still running
        }
        try
        {
            thread.join(FLUSH_EVERY_MS * 4L);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        flushLogs();
    }
}
