package dev.scribe.replication;

import dev.scribe.engine.EngineRole;
import dev.scribe.test.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node started without a line sink reports to the SLF4J logger {@value ReplicationNode#LOGGER_NAME}, which the
 * application's SLF4J provider (here the tests' slf4j-simple) prints one line a record.
 */
class NodeLoggerTest
{
    @TempDir
    Path dir;

    @Test
    void aNodeStartedWithoutASinkLogsToItsLogger() throws Exception
    {
        // a peer address that is bound, so nobody else takes it, and never answers
        try (LogCapture log = LogCapture.start();
            ServerSocket silentPeer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            ReplicationNode node = ReplicationNode.start(Nodes.node(2, dir, EngineRole.STANDBY,
                new InetSocketAddress("127.0.0.1", silentPeer.getLocalPort()))))
        {
            log.await(entry -> entry.logger().equals(ReplicationNode.LOGGER_NAME) &&
                entry.message().startsWith("node 2 is STANDBY"),
                "the node's launch line on logger " + ReplicationNode.LOGGER_NAME);
            final List<LogCapture.Entry> records = log.records(ReplicationNode.LOGGER_NAME);
            assertTrue(records.stream().allMatch(r -> r.level().equals("INFO")), "lines are INFO: " + records);
            assertTrue(node.status().role() == EngineRole.STANDBY);
        }
    }
}
