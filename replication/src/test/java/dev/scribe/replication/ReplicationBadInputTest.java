package dev.scribe.replication;

import dev.scribe.engine.CountersSnapshot;
import dev.scribe.engine.Durability;
import dev.scribe.engine.EngineRole;
import dev.scribe.engine.Outcome;
import dev.scribe.engine.SendOptions;
import dev.scribe.replication.protocol.ClientHandshake;
import dev.scribe.replication.protocol.FrameReader;
import dev.scribe.replication.protocol.FrameWriter;
import dev.scribe.replication.protocol.Protocol;
import dev.scribe.replication.protocol.RejectedException;
import dev.scribe.replication.protocol.Secret;
import dev.scribe.replication.sbe.ChallengeDecoder;
import dev.scribe.replication.sbe.NodeRole;
import dev.scribe.replication.sbe.RejectCode;
import dev.scribe.replication.sbe.RejectDecoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input on a live primary's replication port, from raw sockets, while its standby streams: each connection is
 * refused and closed without a single Record (or Welcome, or anything but a Challenge to a well-formed Hello and a
 * Reject), and afterwards the primary still serves its standby and REPLICATED commands still complete. The pair is
 * shared by the tests, so each one also shows the node survived the tests before it.
 */
class ReplicationBadInputTest
{
    private static final SendOptions REPLICATED = SendOptions.defaults().durability(Durability.REPLICATED);
    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofMillis(500);
    private static final int INTRUDER = 9;
    private static final String CLUSTER = "test-cluster";
    private static final Random NONCES = new Random(7);

    @TempDir
    static Path dir;

    private static final Nodes.Log ONE_LOG = new Nodes.Log("one");
    private static final Nodes.Log TWO_LOG = new Nodes.Log("two");
    private static ReplicationNode one;
    private static ReplicationNode two;
    private static long epoch;
    private static long errorsBefore;

    /** What the node sent on a connection before it ended, and how it ended. */
    private record Reply(List<Integer> templates, RejectCode reject, boolean reset)
    {
        /** Only a Reject, with this code; or, when the node could not read all that was sent, a reset. */
        void assertRefused(final RejectCode code, final boolean resetAllowed)
        {
            if (reset && resetAllowed && templates.isEmpty())
            {
                return;
            }
            assertEquals(List.of(RejectDecoder.TEMPLATE_ID), templates, "frames sent: " + this);
            assertEquals(code, reject, toString());
        }
    }

    @BeforeAll
    static void start() throws Exception
    {
        final InetSocketAddress oneAddress = Nodes.freeAddress();
        final InetSocketAddress twoAddress = Nodes.freeAddress();
        // every refusal logged, for the tests to find
        one = ReplicationNode.start(Nodes.node(1, dir.resolve("one"), EngineRole.PRIMARY, twoAddress)
            .listen(oneAddress).heartbeatTimeout(HEARTBEAT_TIMEOUT).refusalLogInterval(Duration.ZERO), ONE_LOG);
        two = ReplicationNode.start(Nodes.node(2, dir.resolve("two"), EngineRole.STANDBY, oneAddress)
            .listen(twoAddress).heartbeatTimeout(HEARTBEAT_TIMEOUT), TWO_LOG);
        replicatedDeposits(50);
        epoch = one.engine().epoch();
        errorsBefore = errors();
    }

    @AfterAll
    static void stop()
    {
        try (ReplicationNode closeOne = one; ReplicationNode closeTwo = two)
        {
            assertEquals(EngineRole.PRIMARY, closeOne.engine().role());
            assertEquals(EngineRole.STANDBY, closeTwo.engine().role());
        }
    }

    /** After each attack: the node is the primary it was, streams to its standby, and counted no error. */
    @AfterEach
    void nodeStillServesItsStandby() throws Exception
    {
        assertEquals(EngineRole.PRIMARY, one.engine().role());
        assertEquals(epoch, one.engine().epoch());
        Nodes.await(() -> one.status().peerConnected() && two.status().peerConnected(), "the standby connected");
        replicatedDeposits(20);
        final long last = one.engine().lastPosition();
        Nodes.await(() -> two.engine().lastPosition() == last, "the standby to catch up");
        assertEquals(one.engine().stateHash(), two.engine().stateHash());
        assertEquals(errorsBefore, errors(), "bad input from outside is refused, not counted as the node's error");
        assertFalse(ONE_LOG.lines.stream().anyMatch(line -> line.contains("standby " + INTRUDER + " connected")),
            "no session for the intruder: " + ONE_LOG.lines);
    }

    private static void replicatedDeposits(final int count)
    {
        for (int i = 0; i < count; i++)
        {
            final Outcome outcome = one.engine().send(new Nodes.Deposit("acc-" + (i % 3), 1), REPLICATED)
                .orTimeout(Nodes.DEADLINE.toSeconds(), TimeUnit.SECONDS).join();
            assertTrue(outcome.accepted() && !outcome.degraded(), outcome.toString());
        }
    }

    private static long errors()
    {
        return CountersSnapshot.read(dir.resolve("one")).value(CountersSnapshot.ERRORS_TYPE_ID).orElseThrow();
    }

    private static Socket connect() throws IOException
    {
        final Socket socket = new Socket();
        socket.connect(one.listenAddress(), 5_000);
        socket.setSoTimeout((int)Nodes.DEADLINE.toMillis());
        return socket;
    }

    /**
     * Read what the node sends until it closes the connection; a connection it leaves open fails the test (after
     * the socket timeout, far beyond the handshake's).
     */
    private static Reply drain(final Socket socket) throws IOException
    {
        final FrameReader reader = new FrameReader(socket.getInputStream(), Protocol.DEFAULT_MAX_FRAME_BYTES);
        final List<Integer> templates = new ArrayList<>();
        RejectCode code = null;
        try
        {
            for (int template = reader.read(); template != FrameReader.END_OF_STREAM; template = reader.read())
            {
                templates.add(template);
                if (template == RejectDecoder.TEMPLATE_ID)
                {
                    code = reader.reject().code();
                }
            }
            return new Reply(templates, code, false);
        }
        catch (final SocketTimeoutException ex)
        {
            throw new AssertionError("the node left the connection open; it sent " + templates, ex);
        }
        catch (final SocketException ex)
        {
            return new Reply(templates, code, true);
        }
    }

    /** Send raw bytes on a new connection and read what comes back until the node closes it. */
    private static Reply send(final byte[] bytes) throws IOException
    {
        try (Socket socket = connect())
        {
            try
            {
                socket.getOutputStream().write(bytes);
                socket.getOutputStream().flush();
            }
            catch (final SocketException ex)
            {
                // the node refused the start and closed before the rest was written: read what it said
            }
            return drain(socket);
        }
    }

    private static byte[] hello(final int version, final NodeRole role, final long helloEpoch, final long last,
        final String clusterId) throws IOException
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final FrameWriter writer = new FrameWriter(bytes, Protocol.HANDSHAKE_MAX_FRAME_BYTES);
        final byte[] nonce = new byte[Protocol.NONCE_BYTES];
        NONCES.nextBytes(nonce);
        writer.writeHello(version, role, INTRUDER, helloEpoch, last, nonce, clusterId);
        writer.flush();
        return bytes.toByteArray();
    }

    private static byte[] withLength(final byte[] frame, final int length)
    {
        final byte[] copy = frame.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(0, length);
        return copy;
    }

    private static Refusal handshake(final ClientHandshake client, final NodeRole role, final long helloEpoch,
        final long last) throws IOException
    {
        try (Socket socket = connect())
        {
            final RejectedException rejected = assertThrows(RejectedException.class,
                () -> client.run(socket, role, helloEpoch, last));
            return new Refusal(rejected, drain(socket));
        }
    }

    /** A handshake the node refused, and what it sent after the Reject. */
    private record Refusal(RejectedException rejected, Reply after)
    {
    }

    @Test
    void aClientWithTheWrongSecretIsRefusedAfterTheChallenge() throws Exception
    {
        final ClientHandshake client = new ClientHandshake(CLUSTER, INTRUDER,
            Secret.of("not the cluster's secret, but long".getBytes(StandardCharsets.UTF_8)), Nodes.DEADLINE);
        final Refusal refused = handshake(client, NodeRole.STANDBY, epoch, Protocol.NO_POSITION);
        assertEquals(RejectCode.BAD_AUTH, refused.rejected().code());
        assertEquals(List.of(), refused.after().templates(), "nothing after the Reject: " + refused.after());
        assertTrue(ONE_LOG.lines.stream().anyMatch(line -> line.contains("node " + INTRUDER +
            " failed authentication")), ONE_LOG.lines.toString());
    }

    @Test
    void aClientOfAnotherClusterIsRefusedLikeOneWithTheWrongSecret() throws Exception
    {
        final ClientHandshake client = new ClientHandshake("other-cluster", INTRUDER, Secret.of(Nodes.SECRET),
            Nodes.DEADLINE);
        final Refusal refused = handshake(client, NodeRole.STANDBY, epoch, Protocol.NO_POSITION);
        assertEquals(RejectCode.BAD_AUTH, refused.rejected().code());
        assertEquals(List.of(), refused.after().templates());
        assertTrue(ONE_LOG.lines.stream().anyMatch(line -> line.contains("node " + INTRUDER +
            " failed authentication: cluster id 'other-cluster'")), ONE_LOG.lines.toString());
    }

    @Test
    void aPrimaryOfAnOlderEpochIsToldToStepDownAndOneOfTheSameEpochIsRefused() throws Exception
    {
        final ClientHandshake client = new ClientHandshake(CLUSTER, INTRUDER, Secret.of(Nodes.SECRET),
            Nodes.DEADLINE);
        final Refusal older = handshake(client, NodeRole.PRIMARY, epoch - 1, one.engine().lastPosition());
        assertEquals(RejectCode.STEP_DOWN, older.rejected().code());
        assertEquals(epoch, older.rejected().remoteEpoch(), "the Reject names the node's epoch");
        assertEquals(List.of(), older.after().templates());

        final Refusal same = handshake(client, NodeRole.PRIMARY, epoch, one.engine().lastPosition());
        assertEquals(RejectCode.BUSY, same.rejected().code());
        assertEquals(List.of(), same.after().templates());
    }

    @Test
    void aStandbyClaimingRecordsThePrimaryNeverWroteIsRefused() throws Exception
    {
        final ClientHandshake client = new ClientHandshake(CLUSTER, INTRUDER, Secret.of(Nodes.SECRET),
            Nodes.DEADLINE);
        final Refusal refused = handshake(client, NodeRole.STANDBY, epoch, one.engine().lastPosition() + 1_000);
        assertEquals(RejectCode.JOURNAL_MISMATCH, refused.rejected().code());
        assertTrue(refused.rejected().reason().contains("has no record at your last position"),
            refused.rejected().reason());
        assertEquals(List.of(), refused.after().templates());
    }

    @Test
    void aReplayedHelloIsRefusedBeforeTheChallenge() throws Exception
    {
        // a good client's bytes, tapped on their way out: it authenticates, then the policy refuses a second primary
        final ByteArrayOutputStream tapped = new ByteArrayOutputStream();
        final ClientHandshake client = new ClientHandshake(CLUSTER, INTRUDER, Secret.of(Nodes.SECRET),
            Nodes.DEADLINE);
        try (Socket socket = connect())
        {
            final OutputStream tap = new Tap(socket.getOutputStream(), tapped);
            final InputStream in = socket.getInputStream();
            final RejectedException rejected = assertThrows(RejectedException.class,
                () -> client.run(in, tap, NodeRole.PRIMARY, epoch, one.engine().lastPosition()));
            assertEquals(RejectCode.BUSY, rejected.code(), "authenticated, so the policy was asked");
        }
        final byte[] conversation = tapped.toByteArray();
        final int helloLength = Protocol.LENGTH_PREFIX_BYTES +
            ByteBuffer.wrap(conversation).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        final byte[] hello = Arrays.copyOf(conversation, helloLength);
        assertTrue(conversation.length > helloLength, "the tap caught the Authenticate too");

        send(hello).assertRefused(RejectCode.REPLAYED_NONCE, false);
        final Reply whole = send(conversation);
        whole.assertRefused(RejectCode.REPLAYED_NONCE, true);
        assertFalse(whole.templates().contains(ChallengeDecoder.TEMPLATE_ID), "no Challenge for a replayed Hello");
    }

    @Test
    void framesWithLyingLengthsAreRefused() throws Exception
    {
        final byte[] hello = hello(Protocol.VERSION, NodeRole.STANDBY, epoch, Protocol.NO_POSITION, CLUSTER);
        final byte[] prefixOnly = Arrays.copyOf(hello, Protocol.LENGTH_PREFIX_BYTES);
        send(withLength(prefixOnly, Integer.MAX_VALUE)).assertRefused(RejectCode.BAD_FRAME, false);
        send(withLength(prefixOnly, -1)).assertRefused(RejectCode.BAD_FRAME, false);
        send(withLength(prefixOnly, 3)).assertRefused(RejectCode.BAD_FRAME, false);
        send(withLength(prefixOnly, Protocol.HANDSHAKE_MAX_FRAME_BYTES + 1)).assertRefused(RejectCode.BAD_FRAME,
            false);
        // shorter than the Hello's fixed block: the frame is read and refused, the rest of the bytes left unread
        send(withLength(hello, 20)).assertRefused(RejectCode.BAD_FRAME, true);
        // the cluster id's length claims more bytes than the frame holds
        final byte[] longClusterId = hello.clone();
        ByteBuffer.wrap(longClusterId).order(ByteOrder.LITTLE_ENDIAN).putShort(Protocol.LENGTH_PREFIX_BYTES + 8 + 39,
            (short)Protocol.MAX_CLUSTER_ID_BYTES);
        send(longClusterId).assertRefused(RejectCode.BAD_FRAME, false);
        // longer than what follows: the node waits for the rest until the handshake's deadline
        send(withLength(hello, hello.length + 100)).assertRefused(RejectCode.TIMEOUT, false);
        // a Hello of another protocol version
        send(hello(Protocol.VERSION + 1, NodeRole.STANDBY, epoch, Protocol.NO_POSITION, CLUSTER))
            .assertRefused(RejectCode.BAD_VERSION, false);
    }

    @Test
    void garbageIsRefused() throws Exception
    {
        final byte[] random = new byte[4096];
        new Random(42).nextBytes(random);
        random[3] = 0x7f; // a length far beyond any handshake frame, whatever the seed gave
        send(random).assertRefused(RejectCode.BAD_FRAME, true);
        send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII))
            .assertRefused(RejectCode.BAD_FRAME, true);
        final byte[] zeros = new byte[64];
        send(zeros).assertRefused(RejectCode.BAD_FRAME, true);
    }

    @Test
    void aClientThatSaysNothingIsTimedOutWhileTheStandbyStreams() throws Exception
    {
        try (Socket silent = connect())
        {
            // the acceptor is busy with the silent client; the standby's session is not
            replicatedDeposits(20);
            drain(silent).assertRefused(RejectCode.TIMEOUT, false);
        }
        try (Socket closesAtOnce = connect())
        {
            closesAtOnce.shutdownOutput();
            final Reply reply = drain(closesAtOnce);
            reply.assertRefused(RejectCode.BAD_FRAME, true);
        }
    }

    @Test
    void silentClientsHoldUpNoOtherHandshake() throws Exception
    {
        final List<Socket> silent = new ArrayList<>();
        try
        {
            for (int i = 0; i < 3; i++)
            {
                silent.add(connect());
            }
            final ClientHandshake client = new ClientHandshake(CLUSTER, INTRUDER,
                Secret.of("not the cluster's secret, but long".getBytes(StandardCharsets.UTF_8)), Nodes.DEADLINE);
            assertEquals(RejectCode.BAD_AUTH, handshake(client, NodeRole.STANDBY, epoch, -1).rejected().code());
            for (final Socket socket : silent)
            {
                assertEquals(0, socket.getInputStream().available(), "answered while the silent ones still wait");
            }
            for (final Socket socket : silent)
            {
                drain(socket).assertRefused(RejectCode.TIMEOUT, false);
            }
        }
        finally
        {
            for (final Socket socket : silent)
            {
                socket.close();
            }
        }
    }

    @Test
    void aConnectionBeyondTheHandshakesInProgressIsClosedAtOnce() throws Exception
    {
        final List<Socket> silent = new ArrayList<>();
        try
        {
            // from the peer's address: the reserved handshake is taken too
            for (int i = 0; i < Acceptor.MAX_HANDSHAKES + Acceptor.RESERVED_HANDSHAKES; i++)
            {
                silent.add(connect());
            }
            try (Socket extra = connect())
            {
                final Reply reply = drain(extra);
                assertEquals(List.of(), reply.templates(), "closed without a word: " + reply);
            }
            for (final Socket socket : silent)
            {
                assertEquals(0, socket.getInputStream().available(), "still waiting for their Hello");
            }
            for (final Socket socket : silent)
            {
                drain(socket).assertRefused(RejectCode.TIMEOUT, false);
            }
            assertTrue(ONE_LOG.lines.stream().anyMatch(line -> line.contains("handshakes are already in progress")),
                ONE_LOG.lines.toString());
        }
        finally
        {
            for (final Socket socket : silent)
            {
                socket.close();
            }
        }
    }

    @Test
    void aClientTricklingItsHelloIsTimedOutByOneDeadlineForTheWholeHandshake() throws Exception
    {
        final byte[] hello = hello(Protocol.VERSION, NodeRole.STANDBY, epoch, Protocol.NO_POSITION, CLUSTER);
        final AtomicInteger written = new AtomicInteger();
        final Thread trickler;
        try (Socket socket = connect())
        {
            trickler = new Thread(() ->
            {
                try
                {
                    for (final byte b : hello)
                    {
                        socket.getOutputStream().write(b);
                        written.incrementAndGet();
                        Thread.sleep(200); // the fault injected: one byte at a time, each well within SO_TIMEOUT
                    }
                }
                catch (final IOException | InterruptedException ex)
                {
                    // the node closed the connection: the trickle ends
                }
            }, "trickler");
            trickler.setDaemon(true);
            trickler.start();
            drain(socket).assertRefused(RejectCode.TIMEOUT, true);
        }
        trickler.join(Nodes.DEADLINE.toMillis());
        assertFalse(trickler.isAlive(), "the trickle ended with the connection");
        assertTrue(written.get() < hello.length, "refused before the Hello was whole: " + written.get() + " of " +
            hello.length + " bytes");
    }

    /** Copies what goes out to a buffer as well. */
    private static final class Tap extends OutputStream
    {
        private final OutputStream out;
        private final ByteArrayOutputStream copy;

        Tap(final OutputStream out, final ByteArrayOutputStream copy)
        {
            this.out = out;
            this.copy = copy;
        }

        @Override
        public void write(final int b) throws IOException
        {
            copy.write(b);
            out.write(b);
        }

        @Override
        public void write(final byte[] bytes, final int offset, final int length) throws IOException
        {
            copy.write(bytes, offset, length);
            out.write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException
        {
            out.flush();
        }
    }
}
