package dev.scribe.replication.link;

import dev.scribe.replication.node.PeerMessage;
import dev.scribe.replication.node.RecordId;
import dev.scribe.replication.protocol.Secret;
import dev.scribe.replication.sbe.AuthHelloDecoder;
import dev.scribe.test.Deadlines;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.scribe.replication.link.TestAgent.Kind;
import static dev.scribe.replication.link.TestAgent.hello;
import static dev.scribe.replication.link.TestAgent.settings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two real links on 127.0.0.1, each owned by a stand-in agent thread: what one agent sends, the other receives,
 * once both have proved they hold the secret; what fails authentication reaches no agent.
 */
class SocketPeerLinkTest
{
    private static final InetSocketAddress NOWHERE = new InetSocketAddress("127.0.0.1", 9);

    @Test
    void helloWelcomeRecordsAcksHeartbeatsAndStateHashesCrossBetweenTwoLinks()
    {
        try (TestAgent two = new TestAgent("two", settings(2, 1, NOWHERE));
            TestAgent one = new TestAgent("one", settings(1, 2, two.address())))
        {
            final PeerMessage.Hello hello = hello(1, PeerMessage.Role.STANDBY);
            final long dialled = one.dial(hello);
            final TestAgent.Event arrived = two.next(Kind.MESSAGE);
            assertEquals(hello, arrived.message());
            final long accepted = arrived.connection();

            final PeerMessage.Welcome welcome =
                new PeerMessage.Welcome(2, 4, 99, 41, RecordId.NO_POSITION, RecordId.NONE);
            two.send(accepted, welcome);
            assertEquals(welcome, one.message(PeerMessage.Welcome.class));

            final UnsafeBuffer bytes = new UnsafeBuffer(new byte[300]);
            RecordId previous = hello.last();
            for (int i = 0; i < 50; i++)
            {
                final RecordId id = new RecordId(42 + i, 4, 0x5000 + i);
                final int length = 1 + i * 5;
                for (int b = 0; b < length; b++)
                {
                    bytes.putByte(7 + b, (byte)(i + b));
                }
                final RecordId before = previous;
                two.run(() -> two.link.sendRecord(accepted, before, id, bytes, 7, length));
                previous = id;
            }
            previous = hello.last();
            for (int i = 0; i < 50; i++)
            {
                final TestAgent.Event record = one.next(Kind.RECORD);
                assertEquals(dialled, record.connection());
                assertEquals(previous, record.previous());
                assertEquals(new RecordId(42 + i, 4, 0x5000 + i), record.record());
                final byte[] expected = new byte[1 + i * 5];
                for (int b = 0; b < expected.length; b++)
                {
                    expected[b] = (byte)(i + b);
                }
                assertArrayEquals(expected, record.bytes());
                previous = record.record();
            }

            one.send(dialled, new PeerMessage.Ack(4, 91));
            one.send(dialled, new PeerMessage.Heartbeat(4, 91));
            assertEquals(new PeerMessage.Ack(4, 91), two.message(PeerMessage.Ack.class));
            assertEquals(new PeerMessage.Heartbeat(4, 91), two.message(PeerMessage.Heartbeat.class));

            two.hashes.outgoing.add(new long[] {64, 0xABCDL});
            one.hashes.outgoing.add(new long[] {128, 0x1234L});
            Deadlines.await(() -> one.hashes.received.size() == 1 && two.hashes.received.size() == 1,
                "the state hashes to cross");
            assertArrayEquals(new long[] {64, 0xABCDL}, one.hashes.received.get(0));
            assertArrayEquals(new long[] {128, 0x1234L}, two.hashes.received.get(0));

            one.run(() -> one.link.close(dialled));
            assertEquals(accepted, two.next(Kind.CLOSED).connection());
            assertTrue(one.drainEvents().isEmpty(), "a connection the agent closed says nothing more");
        }
    }

    @Test
    void recordBytesArriveAsSent()
    {
        try (TestAgent two = new TestAgent("two", settings(2, 1, NOWHERE));
            TestAgent one = new TestAgent("one", settings(1, 2, two.address())))
        {
            final long dialled = one.dial(hello(1, PeerMessage.Role.STANDBY));
            final long accepted = two.next(Kind.MESSAGE).connection();
            final byte[] sent = new byte[40_000];
            for (int i = 0; i < sent.length; i++)
            {
                sent[i] = (byte)(i * 31 + 7);
            }
            final UnsafeBuffer buffer = new UnsafeBuffer(sent);
            two.run(() -> two.link.sendRecord(accepted, RecordId.NONE, new RecordId(0, 1, 9), buffer, 0,
                sent.length));
            final TestAgent.Event record = one.next(Kind.RECORD);
            assertEquals(dialled, record.connection());
            assertEquals(RecordId.NONE, record.previous());
            assertArrayEquals(sent, record.bytes());
        }
    }

    @Test
    void aRefuseQueuedJustBeforeCloseIsStillDelivered()
    {
        try (TestAgent two = new TestAgent("two", settings(2, 1, NOWHERE));
            TestAgent one = new TestAgent("one", settings(1, 2, two.address())))
        {
            final long dialled = one.dial(hello(1, PeerMessage.Role.PRIMARY));
            final long accepted = two.next(Kind.MESSAGE).connection();
            two.run(() ->
            {
                two.link.send(accepted, new PeerMessage.Refuse(PeerMessage.Code.STEP_DOWN, 9, "node 2\nis primary"));
                two.link.close(accepted);
            });
            final TestAgent.Event answer = one.next(Kind.MESSAGE);
            assertEquals(new PeerMessage.Refuse(PeerMessage.Code.STEP_DOWN, 9, "node 2\\nis primary"),
                answer.message(), "delivered, with the peer's text escaped");
            assertEquals(dialled, one.next(Kind.CLOSED).connection());
            assertTrue(two.drainEvents().isEmpty(), "the closing side is told nothing more");
        }
    }

    @Test
    void everyRoleAndCodeCrossesAndALongReasonIsCutAtACharacterBoundary()
    {
        try (TestAgent two = new TestAgent("two", settings(2, 1, NOWHERE));
            TestAgent one = new TestAgent("one", settings(1, 2, two.address())))
        {
            final Set<PeerMessage> sent = new HashSet<>();
            final Set<PeerMessage> received = new HashSet<>();
            long accepted = 0;
            for (final PeerMessage.Role role : PeerMessage.Role.values())
            {
                sent.add(hello(1, role));
                one.dial(hello(1, role));
            }
            for (int i = 0; i < sent.size(); i++)
            {
                final TestAgent.Event hello = two.next(Kind.MESSAGE);
                received.add(hello.message());
                accepted = hello.connection();
            }
            assertEquals(sent, received);
            final long stream = accepted;
            for (final PeerMessage.Code code : PeerMessage.Code.values())
            {
                two.send(stream, new PeerMessage.Refuse(code, code.ordinal(), code.name()));
                assertEquals(new PeerMessage.Refuse(code, code.ordinal(), code.name()),
                    one.message(PeerMessage.Refuse.class));
            }
            two.send(stream, new PeerMessage.Refuse(PeerMessage.Code.BUSY, 1, "\u00e9".repeat(300)));
            assertEquals("\u00e9".repeat(128), one.message(PeerMessage.Refuse.class).reason(),
                "256 bytes of UTF-8, whole characters");
        }
    }

    @Test
    void aDialToNobodyEndsInOnClosed() throws IOException
    {
        // a socket bound but not listening holds the port for the whole test (without SO_REUSEADDR nobody else can
        // bind it) and a connection to it is refused at once, as to a port nobody listens on
        try (Socket holder = new Socket())
        {
            holder.setReuseAddress(false);
            holder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            final InetSocketAddress unused = new InetSocketAddress("127.0.0.1", holder.getLocalPort());
            try (TestAgent one = new TestAgent("one", settings(1, 2, unused)))
            {
                final long dialled = one.dial(hello(1, PeerMessage.Role.STANDBY));
                assertNotEquals(0, dialled);
                assertEquals(dialled, one.next(Kind.CLOSED).connection());
                final String line = one.awaitLog("could not connect to peer 2 at 127.0.0.1:" + unused.getPort());
                assertTrue(line.contains("refused"), line);
            }
        }
    }

    @Test
    void aLinkWhosePeersPortIsNotKnownYetDialsItOnceToldTheAddress()
    {
        try (TestAgent two = new TestAgent("two", settings(2, 1, NOWHERE));
            TestAgent one = new TestAgent("one", settings(1, 2, new InetSocketAddress("127.0.0.1", 0))))
        {
            final long early = one.dial(hello(1, PeerMessage.Role.STANDBY));
            assertEquals(early, one.next(Kind.CLOSED).connection());
            one.awaitLog("the peer's port is not known yet");

            one.link.peer(two.address());
            assertEquals(two.address(), one.link.peer());
            one.dial(hello(1, PeerMessage.Role.STANDBY));
            assertEquals(hello(1, PeerMessage.Role.STANDBY), two.next(Kind.MESSAGE).message());
        }
    }

    @Test
    void aDiallerWithAnotherSecretIsDeniedAndNothingReachesEitherAgent()
    {
        try (TestAgent two = new TestAgent("two", settings(2, 1, NOWHERE));
            TestAgent one = new TestAgent("one",
                settings(1, 2, two.address()).secret(Secret.of("another secret, as long as it gets".getBytes()))))
        {
            final long dialled = one.dial(hello(1, PeerMessage.Role.STANDBY));
            assertEquals(dialled, one.next(Kind.CLOSED).connection());
            assertTrue(one.drainEvents().isEmpty());
            one.awaitLog("denied the connection: authentication failed");
            two.awaitLog("node 1 failed authentication: its proof does not match the shared secret");
            assertTrue(two.drainEvents().isEmpty(), "nothing reached the listener's agent");
        }
    }

    @Test
    void aDiallerOfAnotherClusterIsDeniedLikeOneWithoutTheSecret()
    {
        try (TestAgent two = new TestAgent("two", settings(2, 1, NOWHERE));
            TestAgent one = new TestAgent("one", settings(1, 2, two.address()).clusterId("other\ncluster")))
        {
            final long dialled = one.dial(hello(1, PeerMessage.Role.STANDBY));
            assertEquals(dialled, one.next(Kind.CLOSED).connection());
            final String denied = one.awaitLog("denied the connection");
            assertTrue(denied.endsWith("denied the connection: authentication failed (wrong secret, cluster id or " +
                "node id, or a replayed nonce)"), denied);
            two.awaitLog("node 1 failed authentication: cluster id 'other\\ncluster' is not this cluster's");
            assertTrue(two.drainEvents().isEmpty());
        }
    }

    @Test
    void onlyTheConfiguredPeerIsAdmitted()
    {
        try (TestAgent two = new TestAgent("two", settings(2, 1, NOWHERE));
            TestAgent three = new TestAgent("three", settings(3, 2, two.address())))
        {
            final long dialled = three.dial(hello(3, PeerMessage.Role.STANDBY));
            assertEquals(dialled, three.next(Kind.CLOSED).connection());
            three.awaitLog("denied the connection: authentication failed");
            two.awaitLog("node 3 holds the secret but is not the configured peer, node 1");
            assertTrue(two.drainEvents().isEmpty());
        }
    }

    @Test
    void aHelloStatingAnotherNodeThanTheAuthenticatedOneIsDropped()
    {
        try (TestAgent two = new TestAgent("two", settings(2, 1, NOWHERE));
            TestAgent one = new TestAgent("one", settings(1, 2, two.address())))
        {
            final long dialled = one.dial(hello(5, PeerMessage.Role.STANDBY));
            assertEquals(dialled, one.next(Kind.CLOSED).connection());
            two.awaitLog("PeerHello states node 5, but it authenticated as node 1");
            assertTrue(two.drainEvents().isEmpty(), "the Hello never reached the agent");
        }
    }

    @Test
    void closeEndsOpenConnectionsAndStopsTheLinksThreads()
    {
        try (TestAgent one = new TestAgent("one", settings(1, 2, NOWHERE)))
        {
            final TestAgent two = new TestAgent("two", settings(2, 1, one.address()));
            final long dialled = two.dial(hello(2, PeerMessage.Role.STANDBY));
            final long accepted = one.next(Kind.MESSAGE).connection();
            one.send(accepted, new PeerMessage.Welcome(1, 4, 99, 41, RecordId.NO_POSITION, RecordId.NONE));
            two.message(PeerMessage.Welcome.class);

            two.close();
            assertEquals(accepted, one.next(Kind.CLOSED).connection(), "the peer sees the connection end");
            assertFalse(threadsOf("scribe-link-2-"), "no thread of the closed link runs");
            two.link.close();
            assertEquals(0, two.link.poll(two, 64), "a closed link delivers nothing");
            assertTrue(two.drainEvents().isEmpty(), "the closing side is told nothing: dialled " + dialled);
        }
    }

    @Test
    void closingADialledConnectionOrTheLinkMidHandshakeEndsItAtOnce() throws Exception
    {
        try (ServerSocket silent = new ServerSocket(0, 4, InetAddress.getLoopbackAddress()))
        {
            final InetSocketAddress address = new InetSocketAddress("127.0.0.1", silent.getLocalPort());
            final Duration longerThanTheTest = TestAgent.DEADLINE.multipliedBy(2);
            final TestAgent one = new TestAgent("one", settings(1, 2, address).heartbeatTimeout(longerThanTheTest));
            try
            {
                final long dialled = one.dial(hello(1, PeerMessage.Role.STANDBY));
                try (RawPeer first = new RawPeer(silent.accept()))
                {
                    assertEquals(AuthHelloDecoder.TEMPLATE_ID, RawPeer.templateOf(first.readFrame()));
                    one.run(() -> one.link.close(dialled));
                    first.awaitClosedByPeer(); // long before its handshake deadline
                }
                one.dial(hello(1, PeerMessage.Role.STANDBY));
                try (RawPeer second = new RawPeer(silent.accept()))
                {
                    assertEquals(AuthHelloDecoder.TEMPLATE_ID, RawPeer.templateOf(second.readFrame()));
                    one.close();
                    second.awaitClosedByPeer();
                }
                assertTrue(one.drainEvents().isEmpty(), "nothing on a connection it closed, nothing after close");
            }
            finally
            {
                one.close();
            }
        }
    }

    private static boolean threadsOf(final String prefix)
    {
        final List<Thread> threads = Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith(prefix) && t.isAlive()).toList();
        return !threads.isEmpty();
    }
}
