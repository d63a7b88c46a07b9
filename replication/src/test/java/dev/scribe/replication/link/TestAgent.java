package dev.scribe.replication.link;

import dev.scribe.replication.node.PeerLink;
import dev.scribe.replication.node.PeerMessage;
import dev.scribe.replication.node.RecordId;
import dev.scribe.replication.protocol.Secret;
import dev.scribe.test.Deadlines;
import org.agrona.DirectBuffer;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A stand-in for the node agent: one thread that owns a {@link SocketPeerLink}, polls it, runs what the test asks
 * on that thread, and records what the link delivers. It checks as it goes that nothing arrives on a connection
 * after its onClosed, and that onClosed comes once per connection.
 */
final class TestAgent implements PeerLink.Handler, AutoCloseable
{
    static final Duration DEADLINE = Deadlines.standard();
    static final String CLUSTER = "test-cluster";
    static final byte[] SECRET = "a shared secret of enough bytes".getBytes(StandardCharsets.UTF_8);

    enum Kind
    {
        MESSAGE, RECORD, CLOSED
    }

    record Event(Kind kind, long connection, PeerMessage message, RecordId previous, RecordId record, byte[] bytes)
    {
    }

    /** State hashes to send and those received. */
    static final class Hashes implements SocketPeerLink.StateHashes
    {
        final ConcurrentLinkedQueue<long[]> outgoing = new ConcurrentLinkedQueue<>();
        final List<long[]> received = new CopyOnWriteArrayList<>();

        @Override
        public long[] nextToSend()
        {
            return outgoing.poll();
        }

        @Override
        public void remote(final long position, final long hash)
        {
            received.add(new long[] {position, hash});
        }
    }

    final String name;
    final List<String> log = new CopyOnWriteArrayList<>();
    final Hashes hashes = new Hashes();
    final SocketPeerLink link;
    final AtomicLong recordsCounted = new AtomicLong();
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Set<Long> closed = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean countRecordsOnly;
    private volatile String violation;

    TestAgent(final String name, final LinkSettings settings)
    {
        this.name = name;
        this.thread = new Thread(this::run, "agent-" + name);
        this.link = new SocketPeerLink(settings.log(log::add), hashes, () -> LockSupport.unpark(thread));
        thread.setDaemon(true);
        thread.start();
    }

    static LinkSettings settings(final int nodeId, final int peerNodeId, final InetSocketAddress peer)
    {
        return new LinkSettings()
            .clusterId(CLUSTER)
            .nodeId(nodeId)
            .peerNodeId(peerNodeId)
            .secret(Secret.of(SECRET))
            .listen(new InetSocketAddress("127.0.0.1", 0))
            .peer(peer)
            .heartbeatTimeout(Duration.ofSeconds(5))
            .maxFrameBytes(64 * 1024)
            .refusalLogInterval(Duration.ZERO);
    }

    static PeerMessage.Hello hello(final int nodeId, final PeerMessage.Role role)
    {
        return new PeerMessage.Hello(nodeId, role, 3, new RecordId(41, 2, 0x1234), 17);
    }

    long threadId()
    {
        return thread.getId();
    }

    InetSocketAddress address()
    {
        return link.listenAddress();
    }

    private void run()
    {
        while (running)
        {
            for (Runnable task = tasks.poll(); null != task; task = tasks.poll())
            {
                task.run();
            }
            final int delivered = link.poll(this, 64);
            link.flush(); // as a node's duty cycle ends
            if (0 == delivered && tasks.isEmpty())
            {
                LockSupport.parkNanos(1_000_000);
            }
        }
    }

    /** Run on the agent thread and return the result. */
    <T> T call(final Supplier<T> action)
    {
        final CompletableFuture<T> result = new CompletableFuture<>();
        tasks.add(() ->
        {
            try
            {
                result.complete(action.get());
            }
            catch (final RuntimeException | AssertionError ex)
            {
                result.completeExceptionally(ex);
            }
        });
        LockSupport.unpark(thread);
        try
        {
            return result.get(DEADLINE.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (final Exception ex)
        {
            throw new AssertionError(name + ": the agent thread failed or did not answer within " +
                Deadlines.describe(DEADLINE), ex);
        }
    }

    /**
     * The result of a future, once it is done (within {@link #DEADLINE}): its value, or the
     * {@link java.util.concurrent.CompletionException} it completed with.
     */
    static <T> T result(final CompletableFuture<T> future, final String what)
    {
        Deadlines.await(future::isDone, () -> what, DEADLINE);
        return future.join();
    }

    /** Run on the agent thread and wait for it. */
    void run(final Runnable action)
    {
        call(() ->
        {
            action.run();
            return null;
        });
    }

    long dial(final PeerMessage.Hello hello)
    {
        return call(() -> link.dial(hello));
    }

    void send(final long connection, final PeerMessage message)
    {
        run(() -> link.send(connection, message));
    }

    /** Count records without keeping them, for throughput. */
    void countRecordsOnly(final boolean onlyCount)
    {
        countRecordsOnly = onlyCount;
    }

    Event next()
    {
        try
        {
            final Event event = events.poll(DEADLINE.toNanos(), TimeUnit.NANOSECONDS);
            assertNotNull(event, () -> name + ": timed out after " + Deadlines.describe(DEADLINE) +
                " waiting for an event from the link; log " + log);
            return event;
        }
        catch (final InterruptedException ex)
        {
            throw new AssertionError(ex);
        }
    }

    Event next(final Kind kind)
    {
        final Event event = next();
        assertEquals(kind, event.kind(), name + ": expected " + kind + ", got " + event);
        return event;
    }

    <T extends PeerMessage> T message(final Class<T> type)
    {
        final Event event = next(Kind.MESSAGE);
        if (!type.isInstance(event.message()))
        {
            fail(name + ": expected a " + type.getSimpleName() + ", got " + event);
        }
        return type.cast(event.message());
    }

    List<Event> drainEvents()
    {
        final List<Event> drained = new ArrayList<>();
        events.drainTo(drained);
        return drained;
    }

    String awaitLog(final String part)
    {
        Deadlines.await(() -> log.stream().anyMatch(line -> line.contains(part)),
            () -> name + " to log '" + part + "'; log " + log, DEADLINE);
        return log.stream().filter(line -> line.contains(part)).findFirst().orElseThrow();
    }

    @Override
    public void onMessage(final long connection, final PeerMessage message)
    {
        check(connection, "a message");
        events.add(new Event(Kind.MESSAGE, connection, message, null, null, null));
    }

    @Override
    public void onRecord(final long connection, final RecordId previous, final RecordId record,
        final DirectBuffer buffer, final int offset, final int length)
    {
        check(connection, "a record");
        if (countRecordsOnly)
        {
            recordsCounted.incrementAndGet();
            return;
        }
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        events.add(new Event(Kind.RECORD, connection, null, previous, record, bytes));
    }

    @Override
    public void onClosed(final long connection)
    {
        if (!closed.add(connection))
        {
            violation = "onClosed twice for connection " + connection;
        }
        events.add(new Event(Kind.CLOSED, connection, null, null, null, null));
    }

    private void check(final long connection, final String what)
    {
        if (closed.contains(connection))
        {
            violation = what + " on connection " + connection + " after its onClosed";
        }
    }

    @Override
    public void close()
    {
        running = false;
        LockSupport.unpark(thread);
        try
        {
            thread.join(DEADLINE.toMillis());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        link.close();
        assertNull(violation, name);
    }
}
