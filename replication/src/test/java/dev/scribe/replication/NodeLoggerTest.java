package dev.scribe.replication;

import dev.scribe.engine.EngineRole;
import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node started without a line sink reports to the platform logger {@value ReplicationNode#LOGGER_NAME}, which an
 * application routes as it routes the JDK's logging.
 */
class NodeLoggerTest
{
    @TempDir
    Path dir;

    @Test
    void aNodeStartedWithoutASinkLogsToThePlatformLogger() throws Exception
    {
        final List<LogRecord> records = new CopyOnWriteArrayList<>();
        final Handler handler = new Handler()
        {
            @Override
            public void publish(final LogRecord record)
            {
                records.add(record);
            }

            @Override
            public void flush()
            {
            }

            @Override
            public void close()
            {
            }
        };
        final Logger logger = Logger.getLogger(ReplicationNode.LOGGER_NAME);
        logger.addHandler(handler);
        // a peer address that is bound, so nobody else takes it, and never answers
        try (ServerSocket silentPeer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            ReplicationNode node = ReplicationNode.start(Nodes.node(2, dir, EngineRole.STANDBY,
                new InetSocketAddress("127.0.0.1", silentPeer.getLocalPort()))))
        {
            Deadlines.await(() -> records.stream().anyMatch(r -> r.getMessage().startsWith("node 2 is STANDBY")),
                "the node's launch line on logger " + ReplicationNode.LOGGER_NAME);
            assertTrue(records.stream().allMatch(r -> r.getLevel() == Level.INFO), "lines are INFO: " + records);
            assertTrue(node.status().role() == EngineRole.STANDBY);
        }
        finally
        {
            logger.removeHandler(handler);
        }
    }
}
