package dev.scribe.replication.link;

import dev.scribe.replication.node.RecordId;
import org.agrona.concurrent.NanoClock;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;

/**
 * One connection to the peer, as its three parties see it: the agent thread (which sends through the
 * {@link Outbox} and keeps the fields marked as its own), the owner thread (which connects or accepts,
 * authenticates, then reads until the connection ends) and the writer thread (which drains the outbox to the
 * socket).
 *
 * <p>Closing: the agent asks for a {@link #DRAIN} (the writer writes what is queued, then shuts the output down;
 * the owner reads on, delivering nothing, until the peer closes too), or anyone forces an {@link #ABORT}, which
 * closes the plain socket at once, unblocking both threads.
 */
final class Connection
{
    static final int OPEN = 0;
    static final int DRAIN = 1;
    static final int ABORT = 2;
    /** An unset time. */
    static final long NONE = Long.MIN_VALUE;

    final long id;
    final boolean dialled;
    final Outbox outbox;
    private final CountDownLatch writerDone = new CountDownLatch(1);
    private volatile Socket plain;
    private volatile Socket socket;
    private volatile int closing = OPEN;
    private volatile boolean writerStarted;

    // the agent thread's own
    /** The agent has been told of the connection: it dialled it, or a message on it was delivered. */
    boolean known;
    /** The agent closed it or was told it closed: nothing more is delivered. */
    boolean ended;
    /** It carried a Welcome, either way: a stream, on which state hashes travel. */
    boolean welcomed;
    /** Why the link gave up on it (a full outbox, a frame too long), to report on the next poll; or null. */
    String failure;
    long fullSinceNs = NONE;
    long closeRequestedNs = NONE;
    boolean forced;
    RecordId lastRecord = RecordId.NONE;

    Connection(final long id, final boolean dialled, final Outbox outbox)
    {
        this.id = id;
        this.dialled = dialled;
        this.outbox = outbox;
    }

    /**
     * The plain socket is connected: from now on an abort closes it.
     *
     * @throws SocketException if the connection was aborted meanwhile (the socket is closed then).
     */
    void attach(final Socket plainSocket) throws SocketException
    {
        plain = plainSocket;
        if (closing == ABORT)
        {
            LinkSockets.closeNow(plainSocket);
            throw new SocketException("connection " + id + " was closed by this node");
        }
    }

    /** The socket to read and write: the plain one, or TLS over it. */
    void secure(final Socket stream)
    {
        socket = stream;
    }

    Socket socket()
    {
        return socket;
    }

    int closing()
    {
        return closing;
    }

    /** The agent closes the connection: what is queued is still sent, unless it never authenticated. */
    void requestClose()
    {
        if (writerStarted)
        {
            if (closing == OPEN)
            {
                closing = DRAIN;
            }
            outbox.wakeWriter();
        }
        else
        {
            abort();
        }
    }

    /** End the connection now: unsent bytes are dropped. Any thread; never blocks. */
    void abort()
    {
        closing = ABORT;
        LinkSockets.closeNow(plain);
        outbox.wakeWriter();
    }

    /** The writer is done and the output shut down: the peer reads the end of the stream after the last frame. */
    void shutdownOutput() throws IOException
    {
        final Socket stream = socket;
        if (null != stream && !stream.isClosed())
        {
            stream.shutdownOutput();
        }
    }

    /**
     * Start the writer thread.
     *
     * @param executor runs it.
     * @param clock    times its writes.
     */
    void startWriter(final Executor executor, final NanoClock clock)
    {
        writerStarted = true;
        try
        {
            executor.execute(() -> runWriter(clock));
        }
        catch (final RuntimeException ex)
        {
            writerDone.countDown();
            throw ex;
        }
    }

    private void runWriter(final NanoClock clock)
    {
        try
        {
            outbox.drain(socket.getOutputStream(), this, clock);
        }
        catch (final IOException ex)
        {
            abort(); // the reader sees the end and reports it
        }
        finally
        {
            writerDone.countDown();
        }
    }

    /** Stop the writer and wait until it has returned; the socket must be closed first. */
    void awaitWriter()
    {
        if (!writerStarted)
        {
            return;
        }
        closing = ABORT;
        outbox.wakeWriter();
        boolean interrupted = false;
        while (true)
        {
            try
            {
                writerDone.await();
                break;
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString()
    {
        final Socket p = plain;
        return "connection " + id + (null == p ? "" : " (" + p.getRemoteSocketAddress() + ")");
    }
}
