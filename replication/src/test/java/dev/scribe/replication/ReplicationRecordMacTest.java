package dev.scribe.replication;

import dev.scribe.engine.Bank;
import dev.scribe.engine.Durability;
import dev.scribe.engine.EngineRole;
import dev.scribe.engine.Outcome;
import dev.scribe.engine.SendOptions;
import dev.scribe.journal.JournalContext;
import dev.scribe.journal.JournalTool;
import dev.scribe.journal.tool.ToolExit;
import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keyed journals on both nodes: the primary streams records without their MACs, the standby seals each with its
 * own key at the same position, and both journals verify under their own keys.
 */
class ReplicationRecordMacTest
{
    private static final SendOptions REPLICATED = SendOptions.defaults().durability(Durability.REPLICATED);
    private static final String ONE_KEY = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    private static final String TWO_KEY = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";

    @TempDir
    Path dir;

    private ReplicationContext node(final int id, final String name, final String key, final EngineRole role)
    {
        final Path engineDir = dir.resolve(name);
        return Nodes.node(id, engineDir, role, NodePair.UNKNOWN_PEER).engine(() -> Nodes.bank(engineDir)
            .journalContext(new JournalContext().macKey(HexFormat.of().parseHex(key))));
    }

    @Test
    void bothNodesSealTheirJournalsWithTheirOwnKeys() throws Exception
    {
        try (NodePair pair = NodePair.start(node(1, "one", ONE_KEY, EngineRole.PRIMARY), new Nodes.Log("one"),
            node(2, "two", TWO_KEY, EngineRole.STANDBY), new Nodes.Log("two")))
        {
            final ReplicationNode one = pair.one;
            final ReplicationNode two = pair.two;
            Nodes.open(one.engine(), Nodes.accounts(4));
            for (int i = 0; i < 30; i++)
            {
                final Outcome outcome = Nodes.result(one.engine().send(new Bank.Deposit("acc-" + (i % 4), 7),
                    REPLICATED), "the outcome of deposit " + i);
                assertTrue(outcome.accepted() && !outcome.degraded(), outcome.toString());
            }
            final long last = one.engine().lastPosition();
            Deadlines.await(() -> two.engine().lastPosition() == last, "the standby to catch up");
            assertEquals(one.engine().stateHash(), two.engine().stateHash());
        }
        assertEquals(ToolExit.OK, verify("one", ONE_KEY));
        assertEquals(ToolExit.OK, verify("two", TWO_KEY));
        assertEquals(ToolExit.USAGE, verify("two", ONE_KEY), "the standby's journal is sealed with its key");
    }

    private int verify(final String name, final String key) throws Exception
    {
        final Path keyFile = dir.resolve(name + "-" + key.substring(0, 4) + ".key");
        Files.writeString(keyFile, key + "\n");
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        final int exit = new JournalTool(print, print).run("verify", dir.resolve(name).resolve("journal").toString(),
            "--key-file", keyFile.toString());
        System.err.println(name + " verify: " + out.toString(StandardCharsets.UTF_8));
        return exit;
    }
}
