package dev.scribe.replication;

import dev.scribe.engine.Bank;
import dev.scribe.engine.Durability;
import dev.scribe.engine.EngineRole;
import dev.scribe.engine.Outcome;
import dev.scribe.engine.SendOptions;
import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two nodes over TLS on 127.0.0.1, with a certificate authority made for the test run: the standby streams from a
 * primary whose certificate names the address it dialled, and refuses one whose certificate, although signed by the
 * same authority, names another host.
 */
class ReplicationTlsTest
{
    private static final SendOptions REPLICATED = SendOptions.defaults().durability(Durability.REPLICATED);
    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofMillis(500);

    @TempDir
    static Path keys;
    private static SSLContext forThisHost;
    private static SSLContext forAnotherHost;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeCertificates() throws Exception
    {
        final Path keytool = TestCa.keytool();
        assumeTrue(null != keytool, "this JDK has no keytool; the TLS test needs it to make its certificates");
        final TestCa ca = TestCa.create(keytool, keys);
        forThisHost = ca.nodeContext("node", "ip:127.0.0.1,dns:localhost");
        forAnotherHost = ca.nodeContext("elsewhere", "dns:primary.example.invalid,ip:192.0.2.7");
    }

    private static ReplicationContext node(
        final int id, final Path dir, final EngineRole role, final SSLContext tls)
    {
        return Nodes.node(id, dir, role, NodePair.UNKNOWN_PEER).sslContext(tls).heartbeatTimeout(HEARTBEAT_TIMEOUT);
    }

    @Test
    void aStandbyStreamsFromAPrimaryWhoseCertificateNamesTheAddressItDialled() throws Exception
    {
        final Nodes.Log oneLog = new Nodes.Log("one");
        final Nodes.Log twoLog = new Nodes.Log("two");
        try (NodePair pair = NodePair.start(node(1, dir.resolve("one"), EngineRole.PRIMARY, forThisHost), oneLog,
            node(2, dir.resolve("two"), EngineRole.STANDBY, forThisHost), twoLog))
        {
            final ReplicationNode one = pair.one;
            final ReplicationNode two = pair.two;
            Nodes.open(one.engine(), Nodes.accounts(3));
            for (int i = 0; i < 20; i++)
            {
                final Outcome outcome = Nodes.result(one.engine().send(new Bank.Deposit("acc-" + (i % 3), 5),
                    REPLICATED), "the outcome of deposit " + i);
                assertTrue(outcome.accepted() && !outcome.degraded(), outcome.toString());
            }
            final long last = one.engine().lastPosition();
            Deadlines.await(() -> two.engine().lastPosition() == last, "the standby to catch up over TLS");
            assertEquals(one.engine().stateHash(), two.engine().stateHash());
            assertTrue(two.status().peerConnected());
        }
    }

    @Test
    void aStandbyRefusesAPrimaryWhoseCertificateNamesAnotherHost() throws Exception
    {
        final Nodes.Log oneLog = new Nodes.Log("one");
        final Nodes.Log twoLog = new Nodes.Log("two");
        try (NodePair pair = NodePair.start(node(1, dir.resolve("one"), EngineRole.PRIMARY, forAnotherHost), oneLog,
            node(2, dir.resolve("two"), EngineRole.STANDBY, forThisHost), twoLog))
        {
            final ReplicationNode one = pair.one;
            final ReplicationNode two = pair.two;
            final InetSocketAddress oneAddress = one.listenAddress();
            Deadlines.await(() -> two.status().peerConnected() || refusedCertificate(twoLog),
                "the standby to connect or to refuse the primary's certificate");
            assertFalse(two.status().peerConnected(), "connected to a primary whose certificate names another host");
            assertTrue(refusedCertificate(twoLog), twoLog.lines.toString());
            assertFalse(oneLog.lines.stream().anyMatch(line -> line.contains("standby 2 connected")),
                oneLog.lines.toString());
            assertTrue(twoLog.lines.stream().anyMatch(line -> line.contains(oneAddress.getHostString() + ":" +
                oneAddress.getPort()) && line.contains("127.0.0.1")), "the error names the address dialled: " +
                twoLog.lines);
            assertEquals(-1, two.engine().lastPosition());
            assertEquals(EngineRole.PRIMARY, one.engine().role());
        }
    }

    private static boolean refusedCertificate(final Nodes.Log log)
    {
        return log.lines.stream().anyMatch(line -> line.contains("TLS handshake with") &&
            line.contains("certificate"));
    }
}
