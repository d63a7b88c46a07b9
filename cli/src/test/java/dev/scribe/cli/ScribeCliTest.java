package dev.scribe.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScribeCliTest
{
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(final String... args)
    {
        return ScribeCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpNamesEveryTool()
    {
        assertEquals(0, run("help"));
        final String usage = out.toString(StandardCharsets.UTF_8);
        assertEquals("", err.toString(StandardCharsets.UTF_8), "asked-for help goes to standard output");
        assertTrue(usage.contains("scribe journal dump|verify|stat"), usage);
        assertTrue(usage.contains("scribe journal verify --setup CLASS JOURNAL_DIR"), usage);
        assertTrue(usage.contains("scribe stat ENGINE_DIR [--watch SECONDS [--count N]]"), usage);
        assertTrue(usage.contains("scribe errors ENGINE_DIR"), usage);
        assertTrue(usage.contains("scribe replication status NODE_ENGINE_DIR"), usage);
        assertTrue(usage.contains("scribe replication promote|demote NODE_ENGINE_DIR [--wait SECONDS]"), usage);
    }

    @Test
    void noArgumentsIsWrongUsageShownOnStandardError()
    {
        assertEquals(2, run());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("scribe stat ENGINE_DIR"));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void journalVerifyWithASetupGoesToTheEngineTool()
    {
        assertEquals(2, run("journal", "verify", "--setup", "no.such.Setup", dir.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("cannot make the setup no.such.Setup"));
        err.reset();
        assertEquals(2, run("journal", "verify", dir.toString(), "--setup", "no.such.Setup"), "options in any order");
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("cannot make the setup no.such.Setup"),
            err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(0, run("journal", "verify", dir.toString()));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("records=0 ok=0 bad=0"));
    }

    @Test
    void statAndErrorsGoToTheEngineTool()
    {
        assertEquals(2, run("stat", dir.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("there is no counters file"));
        assertEquals(2, run("errors", dir.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("there is no error log file"));
    }

    @Test
    void replicationGoesToTheReplicationTool()
    {
        assertEquals(2, run("replication", "status", dir.toString()), "not a node's directory: wrong input");
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("is not a replication node's engine directory"));
        assertEquals(2, run("replication", "elect", dir.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown command 'elect'"));
    }
}
