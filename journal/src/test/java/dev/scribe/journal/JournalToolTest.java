package dev.scribe.journal;

import dev.scribe.codecs.journal.RecordWriter;
import dev.scribe.journal.tool.ToolExit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalToolTest
{
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(final String... args)
    {
        out.reset();
        err.reset();
        return new JournalTool(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    }

    private String out()
    {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void dumpsStatsAndVerifiesARealJournal()
    {
        final List<Long> positions = new ArrayList<>();
        try (Journal journal = Journal.open(new JournalContext().directory(dir)))
        {
            final RecordWriter writer = new RecordWriter();
            for (int n = 1; n <= 10; n++)
            {
                positions.add(journal.append(TestRecords.record(writer, n, 2)));
            }
        }
        assertEquals(ToolExit.OK, run("stat", dir.toString()));
        assertTrue(out().contains("records=10 events=20"), out());
        assertTrue(out().contains("firstPosition=" + positions.get(0)), out());
        assertTrue(out().contains("cycleFiles=1"), out());

        assertEquals(ToolExit.OK, run("verify", dir.toString()));
        assertTrue(out().contains("records=10 ok=10 bad=0 firstBad=none"), out());

        assertEquals(ToolExit.OK, run("dump", dir.toString(), "--from", positions.get(3).toString(),
            "--limit", "2"));
        assertTrue(out().contains("position=" + positions.get(3) + " "), out());
        assertTrue(out().contains("position=" + positions.get(4) + " "), out());
        assertFalse(out().contains("position=" + positions.get(5) + " "), out());
        assertTrue(out().contains("aggregate[0] id=\"agg-4\" version=4"), out());
        assertTrue(out().contains("event[1] aggregate=0 type=43 version=1"), out());

        assertEquals(ToolExit.OK, run("dump", dir.toString(), "--to", positions.get(1).toString()));
        assertTrue(out().contains("correlation=2 "), out());
        assertFalse(out().contains("correlation=3 "), out());
    }

    @Test
    void badUsageIsExplained()
    {
        assertEquals(ToolExit.USAGE, run("dump"));
        assertEquals(ToolExit.USAGE, run("frobnicate", dir.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown command 'frobnicate'"));
        assertEquals(ToolExit.USAGE, run("stat", dir.resolve("missing").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("does not exist"));
        assertEquals(ToolExit.USAGE, run("dump", dir.toString(), "--from", "x"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--from must be a number, was 'x'"));
        assertEquals(ToolExit.USAGE, run("verify", dir.toString(), "--limit", "3"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown option '--limit'"));
    }

    @Test
    void helpPrintsTheUsage()
    {
        assertEquals(ToolExit.OK, run("--help"));
        assertTrue(out().contains("usage: journal dump DIR"), out());
        assertEquals(ToolExit.OK, run("dump", "--help"));
        assertTrue(out().contains("journal stat DIR"), out());
    }
}
