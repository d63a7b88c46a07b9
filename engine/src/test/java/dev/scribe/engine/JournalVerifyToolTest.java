package dev.scribe.engine;

import dev.scribe.engine.tool.JournalVerifyTool;
import dev.scribe.journal.JournalTool;
import dev.scribe.journal.PositionFormat;
import dev.scribe.journal.tool.ToolExit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static dev.scribe.engine.EngineBank.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code journal verify --setup CLASS DIR} checks what a launch will replay: every event decoded with the
 * application's codecs, each failure named by position, event index and type id.
 */
class JournalVerifyToolTest
{
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** The bank's setup, found by class name as the command line does. */
    public static final class BankSetup implements EngineSetup
    {
        @Override
        public EngineContext context(final Path directory)
        {
            return Bank.context(directory);
        }
    }

    @Test
    void verifyWithTheSetupNamesAnEventItCannotDecodeWhichPlainVerifyPasses()
    {
        final long position = UndecodableEventTest.journalWithAnUndecodableEvent(dir);
        final String journal = dir.resolve("journal").toString();

        final int plain = new JournalTool(stream(out), stream(err)).run("verify", journal);
        assertEquals(ToolExit.OK, plain, "every record passes its checks: " + text(out));

        out.reset();
        final int decoded = new JournalVerifyTool(stream(out), stream(err)).run("--setup",
            BankSetup.class.getName(), journal);
        assertEquals(ToolExit.FAILED, decoded, text(out) + text(err));
        assertTrue(text(out).contains("BAD position " + PositionFormat.position(position) + " event 1 (type id " +
            UndecodableEventTest.depositedTypeId(dir) + ", version 1): cannot be decoded"), text(out));
        assertTrue(text(out).contains("records=3 ok=2 bad=1 events=4 firstBad=" +
            PositionFormat.position(position)), text(out));
    }

    @Test
    void verifyWithTheSetupPassesAJournalTheApplicationCanReplay()
    {
        try (Engine engine = Engine.launch(Bank.context(dir)))
        {
            assertTrue(await(engine.send(new Bank.Open("acc-1"))).accepted());
            assertTrue(await(engine.send(new Bank.Deposit("acc-1", 10))).accepted());
        }
        final int code = new JournalVerifyTool(stream(out), stream(err)).run(Bank::context, dir.resolve("journal"));
        assertEquals(ToolExit.OK, code, text(out) + text(err));
        assertTrue(text(out).contains("records=2 ok=2 bad=0 events=2 firstBad=none"), text(out));
    }

    @Test
    void badUsageAndAnUnknownSetupAreExplained()
    {
        assertEquals(ToolExit.USAGE, new JournalVerifyTool(stream(out), stream(err)).run("--setup"));
        assertTrue(text(err).contains("usage: journal verify --setup CLASS JOURNAL_DIR"), text(err));
        assertEquals(ToolExit.USAGE, new JournalVerifyTool(stream(out), stream(err)).run("--setup",
            "no.such.Setup", dir.toString()));
        assertTrue(text(err).contains("cannot make the setup no.such.Setup"), text(err));
    }

    private static PrintStream stream(final ByteArrayOutputStream bytes)
    {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private static String text(final ByteArrayOutputStream bytes)
    {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
