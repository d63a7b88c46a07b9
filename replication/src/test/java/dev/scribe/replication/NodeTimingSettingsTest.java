package dev.scribe.replication;

import dev.scribe.engine.EngineRole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Timings too long for the node to count in nanoseconds, and wrong values from system properties, are refused by
 * the context with the setting or property named, not by an overflow once the node's engine is running.
 */
class NodeTimingSettingsTest
{
    private static final String TIMEOUT = ReplicationContext.Configuration.HEARTBEAT_TIMEOUT_PROP_NAME;
    private static final String INTERVAL = ReplicationContext.Configuration.HEARTBEAT_INTERVAL_PROP_NAME;
    private static final InetSocketAddress NOBODY = new InetSocketAddress("127.0.0.1", 9);

    @TempDir
    Path dir;

    @AfterEach
    void clearProperties()
    {
        System.clearProperty(TIMEOUT);
        System.clearProperty(INTERVAL);
    }

    @Test
    void aHeartbeatTimeoutPropertyTooLongToCountIsNamedBeforeAnEngineLaunches()
    {
        System.setProperty(TIMEOUT, Long.toString(Long.MAX_VALUE));
        final Path engineDir = dir.resolve("a");
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> ReplicationNode.start(Nodes.node(1, engineDir, EngineRole.STANDBY, NOBODY), line -> { }).close());
        assertTrue(refused.getMessage().contains(TIMEOUT), refused.getMessage());
        assertFalse(Files.exists(engineDir), "no engine was launched");
    }

    @Test
    void aHeartbeatTimeoutTooLongToCountIsRefusedByConclude()
    {
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> Nodes.node(1, dir, EngineRole.STANDBY, NOBODY).heartbeatTimeout(Duration.ofDays(365L * 300))
                .conclude());
        assertTrue(refused.getMessage().startsWith("heartbeatTimeout"), refused.getMessage());
    }

    @Test
    void aConcludeFailureFromAPropertyNamesTheProperty()
    {
        System.setProperty(INTERVAL, "0");
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> Nodes.node(1, dir, EngineRole.STANDBY, NOBODY).conclude());
        assertTrue(refused.getMessage().contains(INTERVAL), refused.getMessage());
    }

    @Test
    void aHeartbeatTimeoutWhoseMultiplesOverflowIsRefusedRatherThanResumingAtOnce()
    {
        final ReplicationContext context = Nodes.node(1, dir.resolve("a"), EngineRole.PRIMARY, NOBODY)
            .heartbeatTimeout(Duration.ofDays(365L * 100));
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () ->
        {
            try (ReplicationNode node = ReplicationNode.start(context, line -> { }))
            {
                fail("the node started and is " + node.state() + " without waiting to hear from its peer");
            }
        });
        assertTrue(refused.getMessage().startsWith("heartbeatTimeout"), refused.getMessage());
    }
}
