package dev.scribe.replication.link;

import dev.scribe.replication.ReplicationContext;
import dev.scribe.replication.node.PeerMessage;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Consumer;

import static dev.scribe.replication.link.TestAgent.Kind;
import static dev.scribe.replication.link.TestAgent.hello;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Link settings come from a node's replication context, secret included, and name what is wrong with them.
 */
class LinkSettingsTest
{
    private static final Consumer<String> NO_LOG = line -> { };

    private static ReplicationContext context(final int nodeId, final InetSocketAddress listen,
        final InetSocketAddress peer)
    {
        return new ReplicationContext()
            .clusterId(TestAgent.CLUSTER)
            .nodeId(nodeId)
            .listen(listen)
            .peer(peer)
            .secret(TestAgent.SECRET)
            .heartbeatTimeout(Duration.ofSeconds(5))
            .heartbeatInterval(Duration.ofMillis(100))
            .maxFrameBytes(1 << 16)
            .refusalLogInterval(Duration.ZERO)
            .engine(() ->
            {
                throw new AssertionError("the link builds no engine");
            });
    }

    @Test
    void aReplicationContextGivesTheLinkItsSettings()
    {
        final InetSocketAddress listen = new InetSocketAddress("127.0.0.1", 0);
        final InetSocketAddress peer = new InetSocketAddress("127.0.0.1", 9);
        final LinkSettings settings = context(1, listen, peer).linkSettings(2, NO_LOG);
        assertEquals(TestAgent.CLUSTER, settings.clusterId());
        assertEquals(1, settings.nodeId());
        assertEquals(2, settings.peerNodeId());
        assertEquals(listen, settings.listen());
        assertEquals(peer, settings.peer());
        assertEquals(Duration.ofSeconds(5), settings.heartbeatTimeout());
        assertEquals(1 << 16, settings.maxFrameBytes());
        assertEquals(Duration.ZERO, settings.refusalLogInterval());
        assertEquals(TestAgent.SECRET.length, settings.secret().length());
        assertFalse(settings.toString().contains("shared secret"), settings.toString());
    }

    @Test
    void linksFromTwoContextsOfOneClusterAuthenticateEachOther()
    {
        try (TestAgent two = new TestAgent("two", context(2, new InetSocketAddress("127.0.0.1", 0),
            new InetSocketAddress("127.0.0.1", 9)).linkSettings(1, NO_LOG)))
        {
            try (TestAgent one = new TestAgent("one", context(1, new InetSocketAddress("127.0.0.1", 0),
                two.address()).linkSettings(2, NO_LOG)))
            {
                one.dial(hello(1, PeerMessage.Role.STANDBY));
                assertEquals(hello(1, PeerMessage.Role.STANDBY), two.next(Kind.MESSAGE).message());
            }
        }
    }

    @Test
    void concludeNamesTheWrongSetting()
    {
        final InetSocketAddress any = new InetSocketAddress("127.0.0.1", 9);
        assertMessage("nodeId and peerNodeId must differ: both are 1",
            TestAgent.settings(1, 1, any).log(NO_LOG));
        assertMessage("maxFrameBytes must be 4096 to 33554432: 100",
            TestAgent.settings(1, 2, any).log(NO_LOG).maxFrameBytes(100));
        assertMessage("maxFrameBytes must be 4096 to 33554432: 1073741824",
            TestAgent.settings(1, 2, any).log(NO_LOG).maxFrameBytes(1 << 30));
        assertMessage("secret must be set", TestAgent.settings(1, 2, any).log(NO_LOG).secret(null));
        assertMessage("clusterId must be 1 to 64 bytes of UTF-8",
            TestAgent.settings(1, 2, any).log(NO_LOG).clusterId("é".repeat(33)));
        assertMessage("log (where the link's log lines go) must be set", TestAgent.settings(1, 2, any));
        assertMessage("heartbeatTimeout must be positive",
            TestAgent.settings(1, 2, any).log(NO_LOG).heartbeatTimeout(Duration.ZERO));
    }

    @Test
    void aNodeHashCheckIntervalIsZeroOrAPowerOfTwo()
    {
        final InetSocketAddress any = new InetSocketAddress("127.0.0.1", 9);
        assertEquals(ReplicationContext.Configuration.HASH_CHECK_INTERVAL_DEFAULT,
            context(1, any, any).conclude().hashCheckInterval());
        assertEquals(0, context(1, any, any).hashCheckInterval(0).conclude().hashCheckInterval());
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> context(1, any, any).hashCheckInterval(96).conclude());
        assertEquals("hashCheckInterval (or system property " +
            ReplicationContext.Configuration.HASH_CHECK_INTERVAL_PROP_NAME + ") must be 0 (off) or a power of two: 96",
            ex.getMessage());
    }

    @Test
    void systemPropertiesOverrideTheDefaultsAndTheContextOverridesThem()
    {
        final String property = ReplicationContext.Configuration.HEARTBEAT_TIMEOUT_PROP_NAME;
        final String before = System.getProperty(property);
        try
        {
            System.setProperty(property, "1500");
            assertEquals(Duration.ofMillis(1500), new ReplicationContext().heartbeatTimeout());
            assertEquals(Duration.ofSeconds(3), new ReplicationContext().heartbeatTimeout(Duration.ofSeconds(3))
                .heartbeatTimeout());
            System.setProperty(property, "soon");
            final InetSocketAddress any = new InetSocketAddress("127.0.0.1", 9);
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> new ReplicationContext().heartbeatTimeout());
            assertEquals("system property " + property + " must be a whole number: 'soon'", ex.getMessage());
            assertEquals(Duration.ofSeconds(5), context(1, any, any).conclude().heartbeatTimeout(),
                "a value set in code wins over a property, even a wrong one");
            System.setProperty(property, "-5");
            assertEquals("system property " + property + " must not be negative: -5",
                assertThrows(IllegalArgumentException.class, () -> new ReplicationContext().heartbeatTimeout())
                    .getMessage());
        }
        finally
        {
            if (null == before)
            {
                System.clearProperty(property);
            }
            else
            {
                System.setProperty(property, before);
            }
        }
        assertEquals(ReplicationContext.Configuration.HEARTBEAT_TIMEOUT_DEFAULT,
            new ReplicationContext().heartbeatTimeout());
    }

    @Test
    void aNodesFrameFitsItsJournalsLargestRecord()
    {
        final InetSocketAddress any = new InetSocketAddress("127.0.0.1", 9);
        final int record = 1 << 20;
        final int needed = LinkSettings.frameBytesFor(record);
        assertTrue(needed > record, "a frame carries a record and its header");
        assertEquals(needed, context(1, any, any).maxFrameBytes(0).linkSettings(2, NO_LOG, record)
            .maxFrameBytes(), "by default just what the largest record needs");
        final IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
            () -> context(1, any, any).maxFrameBytes(needed - 1).linkSettings(2, NO_LOG, record));
        assertTrue(small.getMessage().contains("maxRecordBytes " + record), small.getMessage());
        assertTrue(LinkSettings.frameBytesFor(16 << 20) <= 1 << 25, "the journal's largest record fits");
    }

    private static void assertMessage(final String expected, final LinkSettings settings)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, settings::conclude);
        assertTrue(ex.getMessage().contains(expected), ex.getMessage());
    }
}
