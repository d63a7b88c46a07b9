package dev.scribe.replication.link;

import dev.scribe.replication.protocol.LogSafe;
import dev.scribe.replication.sbe.PeerHelloDecoder;
import org.agrona.concurrent.NanoClock;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * What a link's threads share, and the work of a connection's owner thread: dial (connect, TLS, authenticate),
 * then serve (start the writer, read frames into the inbox until the connection ends), then finish (close, wait
 * for the writer, tell the agent). Threads come from a pool of daemon threads named after the node.
 */
final class LinkRuntime
{
    private static final int SPARE_OUTBOXES = 2;
    private static final long CLOSE_WAIT_MS = 5_000;

    final LinkSettings settings;
    final NanoClock clock;
    final long timeoutNs;
    final Inbox inbox;
    final AuthHandshake handshake;
    final RefusalLog refusals;
    final RefusalLog dialFailures;
    final RefusalLog closures;
    /** Every connection whose owner thread runs or whose end the agent has not yet read, by id. */
    final ConcurrentHashMap<Long, Connection> live = new ConcurrentHashMap<>();
    private final ExecutorService executor;
    private final AtomicLong ids = new AtomicLong();
    private final ArrayDeque<Outbox> spare = new ArrayDeque<>();
    private volatile InetSocketAddress peer;
    private volatile boolean closed;

    LinkRuntime(final LinkSettings settings, final Runnable wake)
    {
        this.settings = settings;
        this.clock = settings.clock();
        this.timeoutNs = settings.heartbeatTimeout().toNanos();
        this.peer = settings.peer();
        this.inbox = new Inbox(settings.maxFrameBytes(), wake);
        this.handshake = new AuthHandshake(settings);
        this.refusals = new RefusalLog(settings.log(), settings.refusalLogInterval(), System::nanoTime);
        this.dialFailures = new RefusalLog(settings.log(), settings.refusalLogInterval(), System::nanoTime,
            "could not connect to peer " + settings.peerNodeId() + " at");
        this.closures = new RefusalLog(settings.log(), settings.refusalLogInterval(), System::nanoTime,
            "closed a connection with peer " + settings.peerNodeId() + ",");
        this.spare.add(new Outbox(settings.maxFrameBytes(), inbox::wake));
        final AtomicInteger threads = new AtomicInteger();
        final String prefix = "scribe-link-" + settings.nodeId() + "-";
        this.executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
            runnable ->
            {
                final Thread thread = new Thread(runnable, prefix + threads.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
    }

    /** The peer's address dialled from now on: port 0 until it is known. */
    InetSocketAddress peer()
    {
        return peer;
    }

    void peer(final InetSocketAddress peer)
    {
        this.peer = peer;
    }

    boolean closed()
    {
        return closed;
    }

    /**
     * A new connection, with an outbox, known to the link's threads. A dialled one (on the agent thread) takes a
     * spare outbox, so that dialling does not allocate and clear the outbox's memory on the agent thread; an accepted
     * one (on its own thread) makes its own, which joins the spares when the connection ends.
     */
    Connection open(final boolean dialled)
    {
        final Outbox outbox = dialled ? takeOutbox() : new Outbox(settings.maxFrameBytes(), inbox::wake);
        final Connection connection = new Connection(ids.incrementAndGet(), dialled, outbox);
        live.put(connection.id, connection);
        if (closed)
        {
            connection.abort();
        }
        return connection;
    }

    /** Connect, authenticate and serve a dialled connection on a thread of the pool. */
    void dial(final Connection connection)
    {
        try
        {
            executor.execute(() -> runDialled(connection));
        }
        catch (final RuntimeException ex)
        {
            connection.abort(); // the link is closing
        }
    }

    void execute(final Runnable task)
    {
        executor.execute(task);
    }

    private void runDialled(final Connection connection)
    {
        final long deadlineNs = System.nanoTime() + timeoutNs;
        final InetSocketAddress address = peer;
        if (0 == address.getPort())
        {
            reportDialFailure(connection, address, "the peer's port is not known yet");
            finish(connection);
            return;
        }
        try
        {
            final Socket plain = new Socket();
            connection.attach(plain);
            LinkSockets.connect(plain, address, LinkSockets.timeoutMs(deadlineNs));
            final Socket stream = null == settings.sslContext() ? plain :
                LinkSockets.dialTls(plain, address, settings.sslContext(), LinkSockets.timeoutMs(deadlineNs));
            connection.secure(stream);
            handshake.dial(stream, deadlineNs);
            stream.setSoTimeout(0);
        }
        catch (final HandshakeException ex)
        {
            reportDialFailure(connection, address, "authentication failed: " + ex.getMessage());
            finish(connection);
            return;
        }
        catch (final IOException | RuntimeException ex)
        {
            reportDialFailure(connection, address, LogSafe.escape(ex.toString()));
            finish(connection);
            return;
        }
        serve(connection);
        finish(connection);
    }

    private void reportDialFailure(final Connection connection, final InetSocketAddress address, final String reason)
    {
        if (!closed && connection.closing() == Connection.OPEN)
        {
            dialFailures.refused(address.getHostString() + ":" + address.getPort(), reason);
        }
    }

    /**
     * Run an authenticated connection on its owner thread: start its writer, then read frames into the inbox until
     * it ends. Never throws: a broken protocol is logged; any other end is the connection's ordinary end.
     */
    void serve(final Connection connection)
    {
        try
        {
            connection.startWriter(executor, clock);
            readFrames(connection);
        }
        catch (final WireException ex)
        {
            closures.refused(connection, ex.getMessage());
        }
        catch (final EOFException ex)
        {
            if (!closed && connection.closing() == Connection.OPEN)
            {
                closures.refused(connection, "ended mid-frame: " + ex.getMessage());
            }
        }
        catch (final IOException ex)
        {
            // closed by either side, or broken: the agent hears of it from finish
        }
        catch (final RuntimeException ex)
        {
            if (!closed)
            {
                closures.refused(connection, "failed: " + LogSafe.escape(ex.toString()));
            }
        }
    }

    /** Close the connection, wait for its writer, and tell the agent thread: the connection's last event. */
    void finish(final Connection connection)
    {
        connection.abort();
        connection.awaitWriter();
        inbox.offerClosed(connection.id);
    }

    private void readFrames(final Connection connection) throws IOException
    {
        final SocketInput in = new SocketInput(connection.socket().getInputStream());
        final FrameInput frames = new FrameInput(in, settings.maxFrameBytes(), Inbox.CONNECTION_BYTES);
        final PeerHelloDecoder hello = new PeerHelloDecoder();
        final BooleanSupplier abandon = () -> connection.closing() != Connection.OPEN;
        boolean first = true;
        while (true)
        {
            final int templateId = frames.read();
            if (templateId == FrameInput.END_OF_STREAM)
            {
                return;
            }
            checkAllowed(connection, templateId, first, frames, hello);
            first = false;
            if (connection.closing() == Connection.OPEN)
            {
                inbox.offerFrame(frames.buffer(), frames.frameLength(), connection.id, abandon);
            }
            if (in.drained())
            {
                inbox.wake();
            }
        }
    }

    /**
     * Only agent messages once authenticated; the dialler's first message is its Hello, from the node it
     * authenticated as, and it says Hello once; the listener never does.
     */
    private void checkAllowed(final Connection connection, final int templateId, final boolean first,
        final FrameInput frames, final PeerHelloDecoder hello)
    {
        final String name = WireValidator.name(templateId);
        if (templateId < PeerHelloDecoder.TEMPLATE_ID)
        {
            throw WireException.malformed("the peer sent " + name + " after authenticating");
        }
        if (connection.dialled)
        {
            if (templateId == PeerHelloDecoder.TEMPLATE_ID)
            {
                throw WireException.malformed("the listening peer sent a PeerHello");
            }
            return;
        }
        if (first && templateId != PeerHelloDecoder.TEMPLATE_ID)
        {
            throw WireException.malformed("the dialling peer's first message is " + name + ", not a PeerHello");
        }
        if (!first && templateId == PeerHelloDecoder.TEMPLATE_ID)
        {
            throw WireException.malformed("the dialling peer sent a second PeerHello");
        }
        if (first)
        {
            final int nodeId = hello.wrap(frames.buffer(), frames.frameOffset() + Wire.HEADER_BYTES,
                PeerHelloDecoder.BLOCK_LENGTH, Wire.VERSION).nodeId();
            if (nodeId != settings.peerNodeId())
            {
                throw WireException.malformed("the dialling peer's PeerHello states node " + nodeId + ", but it " +
                    "authenticated as node " + settings.peerNodeId());
            }
        }
    }

    /** An outbox from the spares, or a new one if there is none. */
    Outbox takeOutbox()
    {
        synchronized (spare)
        {
            final Outbox outbox = spare.pollFirst();
            if (null != outbox)
            {
                return outbox;
            }
        }
        return new Outbox(settings.maxFrameBytes(), inbox::wake);
    }

    /** Keep the outbox of a connection that has ended (its writer gone) for the next one. */
    void recycle(final Outbox outbox)
    {
        outbox.discard();
        synchronized (spare)
        {
            if (spare.size() < SPARE_OUTBOXES)
            {
                spare.addLast(outbox);
            }
        }
    }

    /** Abort every connection and stop the threads, waiting a bounded time for them. */
    void close()
    {
        closed = true;
        inbox.close();
        executor.shutdown();
        for (final Connection connection : live.values())
        {
            connection.abort();
        }
        try
        {
            if (!executor.awaitTermination(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS))
            {
                settings.log().accept("link of node " + settings.nodeId() + " closed with threads still running");
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
