package dev.scribe.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy inside the test JVM that injects link faults between two nodes on 127.0.0.1: a node connects to
 * {@link #address()} instead of to its peer, and the test breaks and heals the link while the nodes run.
 * <p>
 * Every connection accepted is given its own connection to the target, with TCP_NODELAY on both, and each direction a
 * reader thread and a writer thread with up to about 1 MiB held between them. An end of stream is passed on as a
 * half-close; a reset or a failed write on either side resets the other side too.
 * <p>
 * Faults apply to the open connections and to those accepted later, in one direction or both, until {@link #pass()}
 * heals all of them. Delay, stall and blackhole each replace whichever of the three was set on a direction before; a
 * cut comes on top of them.
 * <ul>
 *   <li>{@link #delay(Duration, Direction)}: each chunk is written once the delay has passed since it was read, in
 *   order. Reading goes on meanwhile, so it is a latency and not a bandwidth limit, until 1 MiB is in flight.</li>
 *   <li>{@link #stall(Direction)}: nothing is written and nothing closed. Reading goes on until 1 MiB is held, then
 *   stops, and TCP pushes back on the sender, whose writes eventually block. Nothing is lost: when the stall ends
 *   what was held is written, in order.</li>
 *   <li>{@link #blackhole(Direction)}: a silent partition. Everything read is dropped, what was held too, and reading
 *   never stops, so the sender's writes succeed; nothing is closed, and an end of stream is dropped like the bytes.
 *   Connections accepted meanwhile are still connected to the target, and their bytes dropped alike. A direction
 *   that dropped anything has a hole in its stream, which real TCP never has, so it never forwards again: when
 *   {@link #pass()} ends the blackhole, its connection is reset (RST to both sides). Connections that lost nothing
 *   carry on.</li>
 *   <li>{@link #cutAfter(long, Direction)}: each connection forwards exactly that many more bytes in the direction
 *   (bytes dropped do not count, and a connection accepted later starts with the whole count), then both its sockets
 *   are closed, mid-frame if that is where the count ends.</li>
 *   <li>{@link #refuse()}: connections accepted from now on are closed at once without reaching the target, as if
 *   the node were down; open connections carry on (add {@link #reset()} for a node that crashed).</li>
 * </ul>
 * {@link #reset()} is not a lasting fault: it resets the connections open at the time and leaves later ones alone.
 * <p>
 * The controls may be called from any thread while the connections run. Threads are daemons named
 * {@code tcp-proxy-<port>-accept} and {@code tcp-proxy-<port>-<connection>-<c2s|s2c>-<read|write>}; a failure in
 * one of them other than a connection ending is kept and thrown by {@link #close()}.
 */
public final class TcpProxy implements AutoCloseable
{
    /** How long {@link #close()} waits for the proxy's threads to end: 5 s, scaled ({@link Deadlines#scaled}). */
    public static final Duration CLOSE_DEADLINE = Deadlines.scaled(Duration.ofSeconds(5));

    private static final int CONNECT_TIMEOUT_MS = 2_000;
    private static final int BACKLOG = 64;

    /** A direction of the proxied connections. */
    public enum Direction
    {
        /** From the node that connected to the proxy to the target. */
        CLIENT_TO_SERVER,
        /** From the target back to the node that connected. */
        SERVER_TO_CLIENT,
        /** Both ways. */
        BOTH
    }

    private volatile InetSocketAddress target;
    private final ServerSocket listener;
    private final String name;
    private final Lane toServer = new Lane();
    private final Lane toClient = new Lane();
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private final Workers workers = new Workers();
    private final Object lock = new Object();
    private volatile boolean refusing;
    private volatile boolean closed;

    private TcpProxy(final InetSocketAddress target, final ServerSocket listener)
    {
        this.target = target;
        this.listener = listener;
        name = "tcp-proxy-" + listener.getLocalPort();
    }

    /**
     * Start a proxy to a target, listening on 127.0.0.1 on a port of the system's choosing, forwarding normally.
     *
     * @param target where each accepted connection is connected to.
     * @return the running proxy.
     * @throws IOException if it cannot listen.
     */
    public static TcpProxy start(final InetSocketAddress target) throws IOException
    {
        final ServerSocket listener = new ServerSocket(0, BACKLOG, InetAddress.getByName("127.0.0.1"));
        final TcpProxy proxy = new TcpProxy(target, listener);
        proxy.workers.start(proxy.name + "-accept", proxy::acceptLoop);
        return proxy;
    }

    /**
     * The port the proxy listens on.
     *
     * @return the port.
     */
    public int port()
    {
        return listener.getLocalPort();
    }

    /**
     * The address nodes connect to instead of the target's.
     *
     * @return 127.0.0.1 and {@link #port()}.
     */
    public InetSocketAddress address()
    {
        return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
    }

    /**
     * The address the proxy connects to.
     *
     * @return the target.
     */
    public InetSocketAddress target()
    {
        return target;
    }

    /**
     * Connect connections accepted from now on to another target: a node restarted on a port of the system's
     * choosing, say. Connections already through keep theirs.
     *
     * @param target the new target.
     */
    public void target(final InetSocketAddress target)
    {
        this.target = target;
    }

    /**
     * Forward normally again: ends every delay, stall, blackhole, cut and refusal. What a stall or a delay held is
     * written, in order; a connection that lost bytes to a blackhole is reset.
     */
    public void pass()
    {
        synchronized (lock)
        {
            refusing = false;
            for (final Lane lane : lanes(Direction.BOTH))
            {
                lane.fault(Fault.PASS);
                lane.cutAfter(Pump.NO_CUT);
            }
            for (final Link link : links)
            {
                link.pass();
            }
        }
    }

    /**
     * Delay both directions.
     *
     * @param delay how long each chunk waits after it was read.
     * @see #delay(Duration, Direction)
     */
    public void delay(final Duration delay)
    {
        delay(delay, Direction.BOTH);
    }

    /**
     * Write each chunk once the delay has passed since it was read, keeping the order.
     *
     * @param delay     how long each chunk waits after it was read.
     * @param direction which way.
     */
    public void delay(final Duration delay, final Direction direction)
    {
        if (delay.isNegative())
        {
            throw new IllegalArgumentException("delay must not be negative: " + delay);
        }
        fault(Fault.delay(delay.toNanos()), direction);
    }

    /**
     * Stall both directions.
     *
     * @see #stall(Direction)
     */
    public void stall()
    {
        stall(Direction.BOTH);
    }

    /**
     * Write nothing but keep the connections open, holding up to about 1 MiB per connection and direction and then
     * pushing back on the sender; nothing is lost, {@link #pass()} writes it all in order.
     *
     * @param direction which way.
     */
    public void stall(final Direction direction)
    {
        fault(Fault.STALL, direction);
    }

    /**
     * Blackhole both directions.
     *
     * @see #blackhole(Direction)
     */
    public void blackhole()
    {
        blackhole(Direction.BOTH);
    }

    /**
     * Read and drop everything, close nothing: a silent partition. {@link #pass()} ends it and resets the
     * connections that lost bytes to it.
     *
     * @param direction which way.
     */
    public void blackhole(final Direction direction)
    {
        fault(Fault.BLACKHOLE, direction);
    }

    /**
     * Forward exactly this many more bytes in a direction on each connection, then close both its sockets; connections
     * accepted later are cut after this many bytes too, until {@link #pass()}.
     *
     * @param bytes     how many more bytes each connection forwards; zero closes the open connections now.
     * @param direction which way the bytes are counted; for both, each way counts on its own and the first to reach
     *                  the count closes the connection.
     */
    public void cutAfter(final long bytes, final Direction direction)
    {
        if (bytes < 0)
        {
            throw new IllegalArgumentException("bytes must not be negative: " + bytes);
        }
        synchronized (lock)
        {
            for (final Lane lane : lanes(direction))
            {
                lane.cutAfter(bytes);
            }
            for (final Link link : links)
            {
                link.cutAfter(bytes, direction);
            }
        }
    }

    /** Reset every open connection: SO_LINGER zero and close, so both sides get a RST. Later connections are fine. */
    public void reset()
    {
        synchronized (lock)
        {
            for (final Link link : links)
            {
                link.abort();
            }
        }
    }

    /** Close connections accepted from now on at once, without connecting them to the target, until {@link #pass()}. */
    public void refuse()
    {
        synchronized (lock)
        {
            refusing = true;
        }
    }

    /**
     * Bytes written so far to the other side, over all connections. Each chunk is counted as it is handed to the
     * socket, before the peer can read any of it: once a test has received bytes through the proxy, they are counted
     * here (counted after the write, the peer could read the last chunk before the proxy's thread got to count it). A
     * chunk whose write fails is counted all the same; its connection is reset.
     *
     * @param direction which way; both gives the sum.
     * @return the count.
     */
    public long bytesForwarded(final Direction direction)
    {
        long sum = 0;
        for (final Lane lane : lanes(direction))
        {
            sum += lane.forwarded();
        }
        return sum;
    }

    /**
     * Bytes read and dropped so far by blackholes, over all connections: once a test has seen what it sent counted
     * here, the proxy has swallowed it.
     *
     * @param direction which way; both gives the sum.
     * @return the count.
     */
    public long bytesDropped(final Direction direction)
    {
        long sum = 0;
        for (final Lane lane : lanes(direction))
        {
            sum += lane.dropped();
        }
        return sum;
    }

    /**
     * Connections accepted so far, refused ones included.
     *
     * @return the count.
     */
    public long connectionsAccepted()
    {
        return accepted.get();
    }

    /**
     * Connections through to the target that have not ended yet.
     *
     * @return the count.
     */
    public int connectionsOpen()
    {
        return links.size();
    }

    /**
     * Stop accepting, close every connection and wait up to {@link #CLOSE_DEADLINE} for the threads to end.
     *
     * @throws AssertionError if a thread is still running, or one failed while the proxy ran.
     */
    @Override
    public void close()
    {
        synchronized (lock)
        {
            if (closed)
            {
                return;
            }
            closed = true;
        }
        Link.closeQuietly(listener);
        for (final Link link : links)
        {
            link.close();
        }
        workers.joinAll(CLOSE_DEADLINE);
    }

    private void fault(final Fault fault, final Direction direction)
    {
        synchronized (lock)
        {
            for (final Lane lane : lanes(direction))
            {
                lane.fault(fault);
            }
            for (final Link link : links)
            {
                link.wake();
            }
        }
    }

    private List<Lane> lanes(final Direction direction)
    {
        switch (direction)
        {
            case CLIENT_TO_SERVER:
                return List.of(toServer);
            case SERVER_TO_CLIENT:
                return List.of(toClient);
            default:
                return List.of(toServer, toClient);
        }
    }

    private void acceptLoop()
    {
        while (true)
        {
            final Socket client;
            try
            {
                client = listener.accept();
            }
            catch (final IOException ex)
            {
                if (closed)
                {
                    return;
                }
                throw new UncheckedIOException("accepting on " + address(), ex);
            }
            final long connection = accepted.incrementAndGet();
            if (refusing)
            {
                Link.closeQuietly(client);
            }
            else
            {
                connect(client, connection);
            }
        }
    }

    private void connect(final Socket client, final long connection)
    {
        final Socket server = new Socket();
        try
        {
            client.setTcpNoDelay(true);
            server.setTcpNoDelay(true);
            server.connect(target, CONNECT_TIMEOUT_MS);
        }
        catch (final IOException ex)
        {
            // the target is down: the client sees its connection closed, as if refused
            Link.closeQuietly(client);
            Link.closeQuietly(server);
            return;
        }
        synchronized (lock)
        {
            if (closed)
            {
                Link.closeQuietly(client);
                Link.closeQuietly(server);
                return;
            }
            final Link link = new Link(client, server, toServer, toClient, links::remove);
            links.add(link);
            link.start(workers, name + "-" + connection);
        }
    }
}
