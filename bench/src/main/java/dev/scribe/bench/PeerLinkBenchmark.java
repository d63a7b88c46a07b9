package dev.scribe.bench;

import dev.scribe.replication.link.LinkSettings;
import dev.scribe.replication.link.SocketPeerLink;
import dev.scribe.replication.node.PeerLink;
import dev.scribe.replication.node.PeerMessage;
import dev.scribe.replication.node.RecordId;
import dev.scribe.replication.protocol.Secret;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Throughput of the peer link's record path: two {@link SocketPeerLink}s in the fork, over TCP on 127.0.0.1,
 * authenticated. The benchmark thread is the sending node's agent thread: it streams records of
 * {@code recordBytes} with {@code sendRecord} while the connection is {@code writable}, and polls its link while it
 * is not. The receiving node's agent thread polls its link and counts each record it is given. One op is one record
 * handed to the link; the outgoing buffer bounds what is in flight, so at steady state this is the rate the
 * receiver takes records at.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PeerLinkBenchmark
{
    private static final int BATCH = 1000;
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * The two links, a stream between them, and the receiving agent's thread.
     */
    @State(Scope.Benchmark)
    public static class LinkState implements PeerLink.Handler
    {
        // JMH subclasses @State classes, so they cannot be final; @Param fields are set reflectively.
        @Param({"200", "2000"})
        private int recordBytes;

        private SocketPeerLink sender;
        private SocketPeerLink receiver;
        private Thread receiverThread;
        private volatile boolean running;
        private volatile long received;
        private long stream;
        private UnsafeBuffer record;
        private RecordId previous = RecordId.NONE;
        private long position;
        private final BackoffIdleStrategy idle = new BackoffIdleStrategy();

        /**
         * Start both links; the receiver dials; the sender welcomes it.
         */
        @Setup(Level.Trial)
        public void setup()
        {
            record = new UnsafeBuffer(new byte[recordBytes]);
            final byte[] secret = new byte[32];
            RANDOM.nextBytes(secret);
            sender = new SocketPeerLink(settings(1, 2, new InetSocketAddress("127.0.0.1", 9), secret),
                new NoHashes(), () -> { });
            receiverThread = new Thread(this::receive, "peer-link-receiver");
            receiver = new SocketPeerLink(settings(2, 1, sender.listenAddress(), secret), new NoHashes(),
                () -> LockSupport.unpark(receiverThread));
            running = true;
            receiverThread.setDaemon(true);
            receiverThread.start();
            final Accepted accepted = new Accepted();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (0 == accepted.connection)
            {
                if (System.nanoTime() - deadline > 0)
                {
                    throw new IllegalStateException("the receiving link did not connect within 30 s");
                }
                sender.poll(accepted, 16);
                idle.idle();
            }
            stream = accepted.connection;
            sender.send(stream, new PeerMessage.Welcome(1, 1, 0, RecordId.NO_POSITION, RecordId.NO_POSITION,
                RecordId.NONE));
            sender.flush();
        }

        private static LinkSettings settings(
            final int nodeId, final int peerNodeId, final InetSocketAddress peer, final byte[] secret)
        {
            return new LinkSettings()
                .clusterId("bench")
                .nodeId(nodeId)
                .peerNodeId(peerNodeId)
                .secret(Secret.of(secret))
                .listen(new InetSocketAddress("127.0.0.1", 0))
                .peer(peer)
                .heartbeatTimeout(Duration.ofSeconds(10))
                .maxFrameBytes(64 * 1024)
                .log(line -> { });
        }

        private void receive()
        {
            receiver.dial(new PeerMessage.Hello(2, PeerMessage.Role.STANDBY, 1, RecordId.NONE, RecordId.NO_POSITION));
            final IdleStrategy receiverIdle = new BackoffIdleStrategy();
            while (running)
            {
                receiverIdle.idle(receiver.poll(this, 256));
            }
        }

        /**
         * Stop the receiving thread and close both links.
         *
         * @throws InterruptedException if interrupted while waiting for the thread.
         */
        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException
        {
            running = false;
            LockSupport.unpark(receiverThread);
            receiverThread.join();
            receiver.close();
            sender.close();
        }

        @Override
        public void onMessage(final long connection, final PeerMessage message)
        {
        }

        @Override
        public void onRecord(final long connection, final RecordId previous, final RecordId record,
            final DirectBuffer buffer, final int offset, final int length)
        {
            received++; // one writer: the receiving agent's thread
        }

        @Override
        public void onClosed(final long connection)
        {
            throw new IllegalStateException("the stream closed during the benchmark");
        }

        void sendBatch()
        {
            int sent = 0;
            while (sent < BATCH)
            {
                if (sender.writable(stream))
                {
                    final RecordId id = new RecordId(position++, 1, 0);
                    sender.sendRecord(stream, previous, id, record, 0, recordBytes);
                    previous = id;
                    sent++;
                    idle.reset();
                }
                else
                {
                    sender.flush();
                    idle.idle(sender.poll(NoHandler.INSTANCE, 16));
                }
            }
            sender.flush();
        }
    }

    /**
     * Stream a batch of records.
     *
     * @param state the links.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void stream(final LinkState state)
    {
        state.sendBatch();
    }

    /** Finds the receiver's connection on the sending side. */
    private static final class Accepted implements PeerLink.Handler
    {
        private long connection;

        @Override
        public void onMessage(final long connection, final PeerMessage message)
        {
            if (message instanceof PeerMessage.Hello)
            {
                this.connection = connection;
            }
        }

        @Override
        public void onRecord(final long connection, final RecordId previous, final RecordId record,
            final DirectBuffer buffer, final int offset, final int length)
        {
        }

        @Override
        public void onClosed(final long connection)
        {
        }
    }

    /** The sending agent hears nothing during the benchmark. */
    private static final class NoHandler implements PeerLink.Handler
    {
        static final NoHandler INSTANCE = new NoHandler();

        @Override
        public void onMessage(final long connection, final PeerMessage message)
        {
        }

        @Override
        public void onRecord(final long connection, final RecordId previous, final RecordId record,
            final DirectBuffer buffer, final int offset, final int length)
        {
        }

        @Override
        public void onClosed(final long connection)
        {
            throw new IllegalStateException("the stream closed during the benchmark");
        }
    }

    /** No state hashes. */
    private static final class NoHashes implements SocketPeerLink.StateHashes
    {
        @Override
        public long[] nextToSend()
        {
            return null;
        }

        @Override
        public void remote(final long position, final long hash)
        {
        }
    }
}
