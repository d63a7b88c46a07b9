package dev.scribe.replication;

import dev.scribe.engine.EngineRole;
import dev.scribe.replication.protocol.Decision;
import dev.scribe.replication.protocol.FrameReader;
import dev.scribe.replication.protocol.FrameWriter;
import dev.scribe.replication.protocol.Protocol;
import dev.scribe.replication.protocol.Secret;
import dev.scribe.replication.protocol.ServerHandshake;
import dev.scribe.replication.protocol.Welcome;
import dev.scribe.replication.sbe.ChallengeDecoder;
import dev.scribe.replication.sbe.NodeRole;
import dev.scribe.replication.sbe.RejectCode;
import dev.scribe.replication.sbe.RejectDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A primary's replication port under hostile connections over 127.0.0.1: a flood is logged in a bounded number of
 * lines and does not keep the real standby out; strings chosen by a peer are logged escaped, on both sides; and a
 * client that has not authenticated learns nothing, not even whether it guessed the cluster id.
 */
class ReplicationAcceptorTest
{
    private static final int INTRUDER = 9;
    private static final long EPOCH = 7;
    private static final String CLUSTER = "test-cluster";
    private static final Random RANDOM = new Random(11);

    @TempDir
    Path dir;

    private ReplicationContext primary(final InetSocketAddress listen, final InetSocketAddress peer)
    {
        final Path engineDir = dir.resolve("one");
        return Nodes.node(1, engineDir, EngineRole.PRIMARY, peer).listen(listen)
            .engine(() -> Nodes.bank(engineDir).epoch(EPOCH));
    }

    @Test
    void aFloodOfBogusConnectionsIsLoggedInBoundedLinesAndTheStandbyStillConnects() throws Exception
    {
        final InetAddress flooder = InetAddress.getByName("127.0.0.2");
        assumeTrue(canBind(flooder), "127.0.0.2 cannot be bound here; the flood needs a source of its own");
        final Nodes.Log oneLog = new Nodes.Log("one");
        final Nodes.Log twoLog = new Nodes.Log("two");
        final InetSocketAddress oneAddress = Nodes.freeAddress();
        final InetSocketAddress twoAddress = Nodes.freeAddress();
        try (ReplicationNode one = ReplicationNode.start(primary(oneAddress, twoAddress), oneLog);
            Flood flood = new Flood(flooder, oneAddress, 3))
        {
            final int linesBefore = oneLog.lines.size();
            final long startNs = System.nanoTime();
            flood.start();
            Nodes.await(() -> flood.connections.get() >= 200, "200 flood connections");
            try (ReplicationNode two = ReplicationNode.start(
                Nodes.node(2, dir.resolve("two"), EngineRole.STANDBY, oneAddress).listen(twoAddress), twoLog))
            {
                Nodes.await(() -> two.status().peerConnected(), "the standby to connect during the flood");
                final int atConnect = flood.connections.get();
                Nodes.await(() -> flood.connections.get() >= atConnect + 300, "300 more flood connections");
                assertTrue(one.status().peerConnected(), "the standby stays connected");
            }
            flood.stop();
            final long elapsedMs = (System.nanoTime() - startNs) / 1_000_000;
            final List<String> lines = oneLog.lines.subList(linesBefore, oneLog.lines.size()).stream()
                .filter(line -> line.startsWith("refused") || line.contains("failed")).toList();
            final long intervalMs = ReplicationContext.REFUSAL_LOG_INTERVAL_DEFAULT.toMillis();
            final long bound = 2 + elapsedMs / intervalMs;
            assertTrue(lines.size() <= bound, lines.size() + " refusal lines for " + flood.connections.get() +
                " connections in " + elapsedMs + " ms, more than " + bound + ": " + lines);
            assertFalse(lines.isEmpty(), "the refusals are reported");
            assertTrue(lines.stream().anyMatch(line -> line.contains(" more ")), "a line counts the refusals it " +
                "stands for: " + lines);
        }
    }

    @Test
    void aClusterIdWithControlCharactersIsLoggedEscaped() throws Exception
    {
        final Nodes.Log oneLog = new Nodes.Log("one");
        try (ReplicationNode one = ReplicationNode.start(primary(Nodes.freeAddress(), Nodes.freeAddress()), oneLog))
        {
            final String forged = "x\nnode 1 promoted to primary\u001b[2J\u202e";
            conversation(one.listenAddress(), forged);
            Nodes.await(() -> oneLog.lines.stream().anyMatch(line -> line.startsWith("refused")),
                "the refusal to be logged");
            assertTrue(oneLog.lines.stream().anyMatch(line ->
                line.contains("x\\nnode 1 promoted to primary\\e[2J\\u202e")), oneLog.lines.toString());
            for (final String line : oneLog.lines)
            {
                assertFalse(line.contains("\n") || line.contains("\u001b") || line.contains("\u202e"),
                    "a raw control character in the log: " + line);
            }
        }
    }

    @Test
    void aRejectReasonWithControlCharactersIsLoggedEscapedByTheStandby() throws Exception
    {
        final Nodes.Log twoLog = new Nodes.Log("two");
        try (FakePrimary fake = new FakePrimary();
            ReplicationNode two = ReplicationNode.start(
                Nodes.node(2, dir.resolve("two"), EngineRole.STANDBY, fake.address()), twoLog))
        {
            Nodes.await(() -> fake.connections.get() >= 4, "the standby to dial the fake primary four times");
            Nodes.await(() -> escaped(twoLog, "primary refused") && escaped(twoLog, "primary ended the stream"),
                "both Rejects to be logged");
            for (final String line : twoLog.lines)
            {
                assertFalse(line.contains("\n") || line.contains("\u001b"), "a raw control character: " + line);
            }
            assertEquals(EngineRole.STANDBY, two.engine().role());
        }
    }

    private static boolean escaped(final Nodes.Log log, final String prefix)
    {
        return log.lines.stream().anyMatch(line -> line.startsWith(prefix) &&
            line.contains(FakePrimary.REASON_ESCAPED));
    }

    @Test
    void aWrongClusterIdAndAWrongSecretGetTheSameRefusalWithoutTheEpoch() throws Exception
    {
        final Nodes.Log oneLog = new Nodes.Log("one");
        try (ReplicationNode one = ReplicationNode.start(primary(Nodes.freeAddress(), Nodes.freeAddress()), oneLog))
        {
            assertEquals(EPOCH, one.engine().epoch());
            final byte[][] wrongCluster = conversation(one.listenAddress(), "guessed-cluster");
            final byte[][] wrongSecret = conversation(one.listenAddress(), CLUSTER);
            assertEquals(2, wrongCluster.length, "a Challenge, then one refusal");
            assertEquals(2, wrongSecret.length, "a Challenge, then one refusal");
            assertEquals(ChallengeDecoder.TEMPLATE_ID, templateOf(wrongCluster[0]));
            assertEquals(wrongSecret[0].length, wrongCluster[0].length);
            assertArrayEquals(wrongSecret[1], wrongCluster[1], "the refusals differ: " +
                Arrays.toString(wrongCluster[1]) + " and " + Arrays.toString(wrongSecret[1]));

            final FrameReader reader = new FrameReader(new java.io.ByteArrayInputStream(wrongSecret[1]), 512);
            assertEquals(RejectDecoder.TEMPLATE_ID, reader.read());
            final RejectDecoder reject = reader.reject();
            assertEquals(RejectCode.BAD_AUTH, reject.code());
            assertNotEquals(EPOCH, reject.epoch(), "the refusal carries the node's epoch");
            assertEquals(0, reject.epoch());
            assertFalse(reject.reason().contains("cluster id 'guessed"), reject.reason());
        }
    }

    /**
     * A Hello with the cluster id given, from a client that does not hold the secret, and an Authenticate with a
     * made-up proof after a Challenge; returns every frame the node sent (length prefix included) until it closed.
     */
    private static byte[][] conversation(final InetSocketAddress address, final String clusterId) throws IOException
    {
        try (Socket socket = new Socket())
        {
            socket.connect(address, 5_000);
            socket.setSoTimeout((int)Nodes.DEADLINE.toMillis());
            final FrameWriter writer = new FrameWriter(socket.getOutputStream(), Protocol.HANDSHAKE_MAX_FRAME_BYTES);
            final byte[] nonce = new byte[Protocol.NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            writer.writeHello(Protocol.VERSION, NodeRole.STANDBY, INTRUDER, 0, Protocol.NO_POSITION, nonce,
                clusterId);
            writer.flush();
            final DataInputStream in = new DataInputStream(socket.getInputStream());
            final List<byte[]> frames = new ArrayList<>();
            for (byte[] frame = frame(in); null != frame; frame = frame(in))
            {
                frames.add(frame);
                if (templateOf(frame) == ChallengeDecoder.TEMPLATE_ID)
                {
                    final byte[] proof = new byte[Protocol.MAC_BYTES];
                    RANDOM.nextBytes(proof);
                    writer.writeAuthenticate(proof);
                    writer.flush();
                }
            }
            return frames.toArray(new byte[0][]);
        }
    }

    private static byte[] frame(final DataInputStream in) throws IOException
    {
        final byte[] prefix = new byte[Protocol.LENGTH_PREFIX_BYTES];
        try
        {
            in.readFully(prefix);
        }
        catch (final EOFException | SocketException ex)
        {
            return null;
        }
        final int length = ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN).getInt();
        assertTrue(length > 0 && length <= Protocol.HANDSHAKE_MAX_FRAME_BYTES, "frame length " + length);
        final byte[] frame = Arrays.copyOf(prefix, prefix.length + length);
        in.readFully(frame, prefix.length, length);
        return frame;
    }

    private static int templateOf(final byte[] frame)
    {
        return ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).getShort(Protocol.LENGTH_PREFIX_BYTES + 2);
    }

    private static void join(final Thread thread)
    {
        try
        {
            thread.join(Nodes.DEADLINE.toMillis());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean canBind(final InetAddress address)
    {
        try (ServerSocket socket = new ServerSocket(0, 1, address))
        {
            return socket.isBound();
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    /**
     * Threads that open connections to a node from their own address as fast as they can: some close at once, some
     * send garbage, some hold the connection without a word (a few dozen at a time).
     */
    private static final class Flood implements AutoCloseable
    {
        final AtomicInteger connections = new AtomicInteger();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final List<Thread> threads = new ArrayList<>();
        private final ArrayDeque<Socket> held = new ArrayDeque<>();
        private final InetAddress source;
        private final InetSocketAddress target;

        Flood(final InetAddress source, final InetSocketAddress target, final int threadCount)
        {
            this.source = source;
            this.target = target;
            for (int i = 0; i < threadCount; i++)
            {
                final Thread thread = new Thread(this::run, "flood-" + i);
                thread.setDaemon(true);
                threads.add(thread);
            }
        }

        void start()
        {
            threads.forEach(Thread::start);
        }

        private void run()
        {
            final byte[] garbage = "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            while (!stop.get())
            {
                final int n = connections.get();
                final Socket socket = new Socket();
                try
                {
                    socket.bind(new InetSocketAddress(source, 0));
                    socket.connect(target, 5_000);
                    connections.incrementAndGet();
                    if (n % 3 == 1)
                    {
                        socket.getOutputStream().write(garbage);
                    }
                    if (n % 3 == 2)
                    {
                        hold(socket);
                        continue;
                    }
                }
                catch (final IOException ex)
                {
                    // refused or reset by the node: part of the flood
                }
                closeQuietly(socket);
            }
        }

        private void hold(final Socket socket)
        {
            final Socket oldest;
            synchronized (held)
            {
                held.addLast(socket);
                oldest = held.size() > 40 ? held.removeFirst() : null;
            }
            if (null != oldest)
            {
                closeQuietly(oldest);
            }
        }

        /** Stop the threads and close the connections held. */
        void stop()
        {
            stop.set(true);
            for (final Thread thread : threads)
            {
                join(thread);
            }
            synchronized (held)
            {
                held.forEach(Flood::closeQuietly);
                held.clear();
            }
        }

        @Override
        public void close()
        {
            stop();
        }

        private static void closeQuietly(final Socket socket)
        {
            try
            {
                socket.close();
            }
            catch (final IOException ignore)
            {
                // the flood does not care
            }
        }
    }

    /**
     * A primary that holds the secret but refuses every standby, with a reason full of control characters: every
     * other connection in its handshake, the others after a Welcome, in the stream.
     */
    private static final class FakePrimary implements AutoCloseable
    {
        static final String REASON = "no\nnode 2 promoted to primary\u001b[31m";
        static final String REASON_ESCAPED = "no\\nnode 2 promoted to primary\\e[31m";

        final AtomicInteger connections = new AtomicInteger();
        private final ServerSocket server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        private final ServerHandshake handshake = new ServerHandshake(CLUSTER, 1, Secret.of(Nodes.SECRET),
            Duration.ofSeconds(5), () -> 1L,
            hello -> Decision.accept(new Welcome(NodeRole.PRIMARY, 1, 1L, -1L, hello.lastPosition(), -1L)));
        private final Thread thread = new Thread(this::run, "fake-primary");

        FakePrimary() throws IOException
        {
            thread.setDaemon(true);
            thread.start();
        }

        InetSocketAddress address()
        {
            return new InetSocketAddress("127.0.0.1", server.getLocalPort());
        }

        private void run()
        {
            while (!server.isClosed())
            {
                try (Socket socket = server.accept())
                {
                    final int n = connections.getAndIncrement();
                    final FrameWriter writer = new FrameWriter(socket.getOutputStream(), 4096);
                    if (n % 2 == 0)
                    {
                        final InputStream in = socket.getInputStream();
                        new FrameReader(in, Protocol.HANDSHAKE_MAX_FRAME_BYTES).read();
                    }
                    else
                    {
                        handshake.run(socket);
                    }
                    writer.writeReject(RejectCode.BUSY, 1L, REASON);
                    writer.flush();
                    socket.shutdownOutput();
                    final ByteArrayOutputStream rest = new ByteArrayOutputStream();
                    socket.getInputStream().transferTo(rest);
                }
                catch (final IOException | RuntimeException ex)
                {
                    // the standby hung up, or the test ended
                }
            }
        }

        @Override
        public void close() throws IOException
        {
            server.close();
            join(thread);
        }
    }
}
