package dev.scribe.replication.link;

import dev.scribe.replication.node.PeerMessage;
import dev.scribe.replication.node.RecordId;
import dev.scribe.replication.sbe.AuthChallengeDecoder;
import dev.scribe.replication.sbe.AuthDeniedDecoder;
import dev.scribe.replication.sbe.DenyCode;
import dev.scribe.test.Deadlines;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import static dev.scribe.replication.link.TestAgent.CLUSTER;
import static dev.scribe.replication.link.TestAgent.Kind;
import static dev.scribe.replication.link.TestAgent.hello;
import static dev.scribe.replication.link.TestAgent.settings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A link against peers played by hand over 127.0.0.1: a listener that does not hold the secret, a dialler that
 * does not, an authenticated peer that sends a frame too long or stops reading, and a flood of connections.
 */
class SocketPeerLinkHostileTest
{
    private static final InetSocketAddress NOWHERE = new InetSocketAddress("127.0.0.1", 9);

    @Test
    void aListenerWithoutTheSecretIsNeverBelieved() throws Exception
    {
        try (ServerSocket server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
            TestAgent one = new TestAgent("one", settings(1, 2, address(server))))
        {
            final CompletableFuture<Void> fake = CompletableFuture.runAsync(() -> playListenerWithoutSecret(server));
            final long dialled = one.dial(hello(1, PeerMessage.Role.STANDBY));
            assertEquals(dialled, one.next(Kind.CLOSED).connection());
            one.awaitLog("authentication failed: the peer's proof does not match");

            final CompletableFuture<Void> unauthenticated =
                CompletableFuture.runAsync(() -> playListenerThatSkipsAuthentication(server));
            final long again = one.dial(hello(1, PeerMessage.Role.STANDBY));
            assertEquals(again, one.next(Kind.CLOSED).connection());
            one.awaitLog("authentication failed: the peer sent PeerRefuse where AuthChallenge belongs");
            assertTrue(one.drainEvents().isEmpty(), "the Welcome and Refuse never reached the agent");
            TestAgent.result(fake, "the listener without the secret to finish");
            TestAgent.result(unauthenticated, "the listener that skips authentication to finish");
        }
    }

    /** Goes through the motions, with a made-up proof, then says Welcome and Refuse. */
    private static void playListenerWithoutSecret(final ServerSocket server)
    {
        try (RawPeer peer = new RawPeer(server.accept()))
        {
            peer.readFrame(); // AuthHello
            peer.write(RawPeer.authChallenge(new byte[16]));
            peer.readFrame(); // AuthProof
            peer.write(RawPeer.authAccepted(new byte[32]), RawPeer.peerWelcome(2), RawPeer.peerRefuse("step down"));
            assertNull(peer.readFrame(), "the dialler hangs up without a word more");
        }
        catch (final IOException ex)
        {
            // the dialler reset the connection: as good
        }
    }

    private static void playListenerThatSkipsAuthentication(final ServerSocket server)
    {
        try (RawPeer peer = new RawPeer(server.accept()))
        {
            peer.write(RawPeer.peerRefuse("step down"), RawPeer.peerWelcome(2));
            while (null != peer.readFrame())
            {
                // its AuthHello, then the end
            }
        }
        catch (final IOException ex)
        {
            // the dialler reset the connection: as good
        }
    }

    @Test
    void aDiallerWithoutTheSecretLearnsNothingButAGenericDenial() throws Exception
    {
        try (TestAgent two = new TestAgent("two", settings(2, 1, NOWHERE)))
        {
            final byte[] wrongSecret = deniedAfterProof(two.address(), 1, CLUSTER);
            final byte[] wrongCluster = deniedAfterProof(two.address(), 1, "guessed");
            final byte[] unknownNode = deniedAfterProof(two.address(), 7, CLUSTER);
            assertEquals(AuthDeniedDecoder.TEMPLATE_ID, RawPeer.templateOf(wrongSecret));
            assertEquals(DenyCode.AUTHENTICATION.value(), wrongSecret[4 + 8]);
            assertArrayEquals(wrongSecret, wrongCluster, "a wrong cluster id is denied as a wrong secret is");
            assertArrayEquals(wrongSecret, unknownNode, "an unknown node is denied as a wrong secret is");
            two.awaitLog("node 7 failed authentication");
            assertTrue(two.drainEvents().isEmpty(), "nothing reached the agent");
        }
    }

    @Test
    void aStreamOfFailedHandshakesWithHostileTextLogsAFewEscapedLines() throws Exception
    {
        final String hostile = "evil\n[node 2] promoted\u001b[2J";
        try (TestAgent two = new TestAgent("two", settings(2, 1, NOWHERE).refusalLogInterval(Duration.ofMinutes(1))))
        {
            for (int i = 0; i < 50; i++)
            {
                deniedAfterProof(two.address(), 1, hostile);
            }
            two.awaitLog("failed authentication");
            final List<String> lines = new ArrayList<>(two.log);
            assertTrue(lines.size() <= 3, "50 refusals within the interval, logged as: " + lines);
            for (final String line : lines)
            {
                assertTrue(line.chars().noneMatch(c -> c < 0x20), "a control character reached the log: " + line);
            }
            assertTrue(two.drainEvents().isEmpty(), "nothing reached the agent");
        }
    }

    /** Say Hello, get the Challenge (a nonce only), prove with made-up bytes; return the answer. */
    private static byte[] deniedAfterProof(final InetSocketAddress address, final int nodeId, final String cluster)
        throws IOException
    {
        try (RawPeer peer = RawPeer.dial(address))
        {
            peer.write(RawPeer.authHello(Wire.VERSION, nodeId, AuthProofs.nonce(), cluster));
            final byte[] challenge = peer.readFrame();
            assertEquals(AuthChallengeDecoder.TEMPLATE_ID, RawPeer.templateOf(challenge));
            assertEquals(4 + 8 + 16, challenge.length, "the challenge holds a nonce and nothing else");
            peer.write(RawPeer.authProof(new byte[32]));
            final byte[] answer = peer.readFrame();
            assertNull(peer.readFrame(), "the listener closes after its denial");
            return answer;
        }
    }

    @Test
    void aFrameAboveMaxFrameBytesEndsTheConnectionWithAClearLogLine() throws Exception
    {
        try (TestAgent two = new TestAgent("two", settings(2, 1, NOWHERE));
            RawPeer one = RawPeer.dial(two.address()))
        {
            one.authenticateAsDialler(settings(1, 2, two.address()).log(line -> { }));
            one.write(RawPeer.peerHello(1), RawPeer.lengthPrefix(1 << 20));
            final TestAgent.Event hello = two.next(Kind.MESSAGE);
            assertEquals(1, ((PeerMessage.Hello)hello.message()).nodeId());
            assertEquals(hello.connection(), two.next(Kind.CLOSED).connection());
            final String line = two.awaitLog("frame length 1048576 exceeds maxFrameBytes 65536");
            assertTrue(line.startsWith("closed a connection with peer 1, connection "), line);
            one.awaitClosedByPeer();
        }
    }

    @Test
    void aPeerThatStopsReadingMakesTheConnectionUnwritableAndIsClosedAfterTheTimeout() throws Exception
    {
        try (ServerSocket server = new ServerSocket())
        {
            server.setReceiveBufferSize(4096);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            final CompletableFuture<RawPeer> listener = CompletableFuture.supplyAsync(() -> acceptAndAuthenticate(
                server, settings(2, 1, NOWHERE).log(line -> { })));
            try (TestAgent one = new TestAgent("one", settings(1, 2, address(server))
                .heartbeatTimeout(Duration.ofSeconds(1))))
            {
                final long dialled = one.dial(hello(1, PeerMessage.Role.STANDBY));
                final RawPeer stalled = TestAgent.result(listener, "the peer to accept and authenticate");
                final UnsafeBuffer record = new UnsafeBuffer(new byte[16 * 1024]);
                final AtomicBoolean sawUnwritable = new AtomicBoolean();
                final long[] sent = {0};
                final List<TestAgent.Event> events = new ArrayList<>();
                // not a bare wait: each pass streams records until the connection is unwritable
                final long deadline = System.nanoTime() + TestAgent.DEADLINE.toNanos();
                while (events.isEmpty())
                {
                    assertTrue(System.nanoTime() - deadline < 0, "the link to close the connection of the peer that " +
                        "stopped reading within " + Deadlines.describe(TestAgent.DEADLINE) + "; log " + one.log);
                    one.run(() ->
                    {
                        while (one.link.writable(dialled))
                        {
                            one.link.sendRecord(dialled, new RecordId(sent[0] - 1, 1, 0),
                                new RecordId(sent[0], 1, 0), record, 0, record.capacity());
                            sent[0]++;
                        }
                        sawUnwritable.set(true);
                    });
                    events.addAll(one.drainEvents());
                    LockSupport.parkNanos(5_000_000); // the pace of an agent streaming records
                }
                assertTrue(sawUnwritable.get(), "writable turned false");
                assertEquals(List.of(dialled), events.stream().map(TestAgent.Event::connection).toList());
                assertEquals(Kind.CLOSED, events.get(0).kind());
                one.awaitLog("the peer stopped reading");
                assertTrue(sent[0] > 4, sent[0] + " records sent before the buffer filled");
                stalled.close();
            }
        }
    }

    private static RawPeer acceptAndAuthenticate(final ServerSocket server, final LinkSettings settings)
    {
        try
        {
            final RawPeer peer = new RawPeer(server.accept());
            peer.authenticateAsListener(settings);
            return peer; // and reads nothing more
        }
        catch (final IOException ex)
        {
            throw new AssertionError(ex);
        }
    }

    @Test
    void aFloodOfConnectionsDoesNotKeepTheConfiguredPeerOut() throws Exception
    {
        final InetAddress flooder = InetAddress.getByName("127.0.0.2");
        assumeTrue(canBind(flooder), "127.0.0.2 cannot be bound here; the flood needs a source of its own");
        final List<Socket> flood = new ArrayList<>();
        try (TestAgent two = new TestAgent("two", settings(2, 1, NOWHERE).heartbeatTimeout(TestAgent.DEADLINE)))
        {
            for (int i = 0; i < LinkAcceptor.MAX_HANDSHAKES + 3; i++)
            {
                final Socket socket = new Socket();
                flood.add(socket);
                socket.bind(new InetSocketAddress(flooder, 0));
                try
                {
                    socket.connect(two.address(), (int)TestAgent.DEADLINE.toMillis()); // and says nothing
                }
                catch (final SocketException ex)
                {
                    // turned away at once: what the acceptor does past its limit, and the reset can beat the connect
                }
            }
            two.awaitLog(LinkAcceptor.MAX_HANDSHAKES + " handshakes are already in progress");
            try (TestAgent one = new TestAgent("one", settings(1, 2, two.address())))
            {
                one.dial(hello(1, PeerMessage.Role.STANDBY));
                assertEquals(hello(1, PeerMessage.Role.STANDBY), two.next(Kind.MESSAGE).message(),
                    "the configured peer got in through the reserved handshake");
            }
        }
        finally
        {
            for (final Socket socket : flood)
            {
                socket.close();
            }
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

    private static InetSocketAddress address(final ServerSocket server)
    {
        return new InetSocketAddress("127.0.0.1", server.getLocalPort());
    }
}
