package dev.scribe.replication.link;

import dev.scribe.replication.TestCa;
import dev.scribe.replication.node.PeerMessage;
import dev.scribe.replication.node.RecordId;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.net.InetSocketAddress;
import java.nio.file.Path;

import static dev.scribe.replication.link.TestAgent.Kind;
import static dev.scribe.replication.link.TestAgent.hello;
import static dev.scribe.replication.link.TestAgent.settings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two links over TLS on 127.0.0.1, with a certificate authority made for the test run: the dialler talks to a
 * listener whose certificate names the address it dialled, and refuses one whose certificate, although signed by
 * the same authority, names another host.
 */
class SocketPeerLinkTlsTest
{
    private static final InetSocketAddress NOWHERE = new InetSocketAddress("127.0.0.1", 9);

    @TempDir
    static Path keys;
    private static SSLContext forThisHost;
    private static SSLContext forAnotherHost;

    @BeforeAll
    static void makeCertificates() throws Exception
    {
        final Path keytool = TestCa.keytool();
        assumeTrue(null != keytool, "this JDK has no keytool; the TLS test needs it to make its certificates");
        final TestCa ca = TestCa.create(keytool, keys);
        forThisHost = ca.nodeContext("node", "ip:127.0.0.1,dns:localhost");
        forAnotherHost = ca.nodeContext("elsewhere", "dns:primary.example.invalid,ip:192.0.2.7");
    }

    @Test
    void linksTalkOverTlsToAListenerWhoseCertificateNamesTheAddressDialled()
    {
        try (TestAgent two = new TestAgent("two", settings(2, 1, NOWHERE).sslContext(forThisHost));
            TestAgent one = new TestAgent("one", settings(1, 2, two.address()).sslContext(forThisHost)))
        {
            final long dialled = one.dial(hello(1, PeerMessage.Role.STANDBY));
            final TestAgent.Event hello = two.next(Kind.MESSAGE);
            assertEquals(hello(1, PeerMessage.Role.STANDBY), hello.message());
            final long accepted = hello.connection();
            two.send(accepted, new PeerMessage.Welcome(2, 4, 9, 41, RecordId.NO_POSITION, RecordId.NONE));
            one.message(PeerMessage.Welcome.class);

            final byte[] bytes = new byte[5000];
            for (int i = 0; i < bytes.length; i++)
            {
                bytes[i] = (byte)(i % 251);
            }
            final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
            two.run(() ->
            {
                for (int i = 0; i < 20; i++)
                {
                    two.link.sendRecord(accepted, new RecordId(41 + i, 4, i), new RecordId(42 + i, 4, i + 1), buffer, 0,
                        bytes.length);
                }
            });
            for (int i = 0; i < 20; i++)
            {
                final TestAgent.Event record = one.next(Kind.RECORD);
                assertEquals(new RecordId(42 + i, 4, i + 1), record.record());
                assertArrayEquals(bytes, record.bytes());
            }
            one.send(dialled, new PeerMessage.Ack(4, 61));
            assertEquals(new PeerMessage.Ack(4, 61), two.message(PeerMessage.Ack.class));
        }
    }

    @Test
    void aListenerWhoseCertificateNamesAnotherHostIsRefused()
    {
        try (TestAgent two = new TestAgent("two", settings(2, 1, NOWHERE).sslContext(forAnotherHost));
            TestAgent one = new TestAgent("one", settings(1, 2, two.address()).sslContext(forThisHost)))
        {
            final long dialled = one.dial(hello(1, PeerMessage.Role.STANDBY));
            assertEquals(dialled, one.next(Kind.CLOSED).connection());
            one.awaitLog("TLS handshake with 127.0.0.1:" + two.address().getPort() + " failed (its certificate " +
                "must be trusted and name the host or IP address dialled)");
            two.awaitLog("refused a peer from");
            assertTrue(two.drainEvents().isEmpty(), "nothing reached the listener's agent");
        }
    }
}
