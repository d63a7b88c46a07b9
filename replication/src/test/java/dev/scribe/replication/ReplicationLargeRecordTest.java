package dev.scribe.replication;

import dev.scribe.engine.Aggregate;
import dev.scribe.engine.Decision;
import dev.scribe.engine.EngineContext;
import dev.scribe.engine.EngineRole;
import dev.scribe.engine.Outcome;
import dev.scribe.journal.JournalContext;
import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Records near the journal's largest: a standby far behind catches up on them on one connection, however few of them
 * a connection's outgoing buffer holds.
 */
class ReplicationLargeRecordTest
{
    private static final int TEXT_CHARS = 300 * 1024;
    /** A journal whose largest record just holds one text: a connection's outgoing buffer holds about a dozen. */
    private static final int MAX_RECORD_BYTES = 320 * 1024;
    private static final int RECORDS = 120;

    @TempDir
    Path dir;

    record Write(String document, String text) {}
    record Written(String text) {}

    /** A document that keeps the length of its last text. */
    static final class Document implements Aggregate
    {
        int length;

        void apply(final Written event)
        {
            length = event.text().length();
        }
    }

    private static EngineContext documents(final Path directory)
    {
        return new EngineContext()
            .directory(directory)
            .journalContext(new JournalContext().maxRecordBytes(MAX_RECORD_BYTES))
            .aggregate(Document.class, Document::new)
            .event(Written.class, 1)
            .command(Write.class, Write::document, (Write cmd, Document document, Decision out) ->
                out.emit(new Written(cmd.text())));
    }

    private static ReplicationContext node(final int id, final Path directory, final EngineRole role,
        final InetSocketAddress peer)
    {
        // a standby mapping new cycle files on a loaded machine is not taken for a dead one
        return Nodes.node(id, directory, role, peer).heartbeatTimeout(Duration.ofSeconds(2))
            .engine(() -> documents(directory));
    }

    @Test
    void aStandbyFarBehindCatchesUpOnRecordsOfHundredsOfKilobytes() throws Exception
    {
        final Nodes.Log primaryLog = new Nodes.Log("primary");
        final Nodes.Log standbyLog = new Nodes.Log("standby");
        final String text = "x".repeat(TEXT_CHARS);
        try (ReplicationNode primary = NodePair.startAlone(node(1, dir.resolve("one"), EngineRole.PRIMARY,
            NodePair.UNKNOWN_PEER), primaryLog))
        {
            for (int i = 0; i < RECORDS; i++)
            {
                final Outcome outcome = Nodes.result(primary.engine().send(new Write("doc-" + (i % 3), text)),
                    "the outcome of write " + i);
                assertTrue(outcome.accepted(), outcome.toString());
            }
            final long last = primary.engine().lastPosition();
            try (ReplicationNode standby = NodePair.startPeer(
                node(2, dir.resolve("two"), EngineRole.STANDBY, primary.listenAddress()), primary, standbyLog))
            {
                Deadlines.await(() -> standby.engine().lastPosition() == last,
                    "the standby to journal the " + RECORDS + " records of " + TEXT_CHARS + " bytes");
                assertEquals(primary.engine().stateHash(), standby.engine().stateHash());
                assertTrue(primaryLog.lines.stream().noneMatch(line -> line.contains("standby lost")),
                    "the primary gave up on its standby's connection: " + primaryLog.lines);
                assertEquals(1, primaryLog.lines.stream().filter(line -> line.contains("standby 2 connected")).count(),
                    "the standby caught up on one connection: " + primaryLog.lines);
            }
        }
    }
}
