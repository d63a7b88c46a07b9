package dev.scribe.journal;

import dev.scribe.codecs.journal.RecordWriter;
import dev.scribe.journal.tool.ToolExit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
        assertTrue(out().contains("firstPosition=" + PositionFormat.position(positions.get(0)) + " (cycle "), out());
        assertTrue(out().contains("cycleFiles=1"), out());

        assertEquals(ToolExit.OK, run("verify", dir.toString()));
        assertTrue(out().contains("records=10 ok=10 bad=0 firstBad=none"), out());

        assertEquals(ToolExit.OK, run("dump", dir.toString(), "--from", PositionFormat.position(positions.get(3)),
            "--limit", "2"));
        assertTrue(out().contains("position=" + PositionFormat.position(positions.get(3)) + " "), out());
        assertTrue(out().contains("position=" + PositionFormat.position(positions.get(4)) + " "), out());
        assertFalse(out().contains("position=" + PositionFormat.position(positions.get(5)) + " "), out());
        assertTrue(out().contains("aggregate[0] id=\"agg-4\" version=4"), out());
        assertTrue(out().contains("event[1] aggregate=0 type=43 version=1"), out());

        assertEquals(ToolExit.OK, run("dump", dir.toString(), "--to", positions.get(1).toString()),
            "the old decimal form is taken too");
        assertTrue(out().contains("correlation=2 "), out());
        assertFalse(out().contains("correlation=3 "), out());
    }

    @Test
    void anEngineDirectoryIsReadThroughItsJournalAndAnyOtherDirectoryIsRefused() throws IOException
    {
        final Path journalDir = dir.resolve("engine").resolve("journal");
        try (Journal journal = Journal.open(new JournalContext().directory(journalDir)))
        {
            final RecordWriter writer = new RecordWriter();
            for (int n = 1; n <= 3; n++)
            {
                journal.append(TestRecords.record(writer, n, 1));
            }
        }
        assertEquals(ToolExit.OK, run("verify", dir.resolve("engine").toString()));
        assertTrue(out().contains("records=3 ok=3 bad=0 firstBad=none"), out());
        assertEquals(ToolExit.OK, run("stat", dir.resolve("engine").toString()));
        assertTrue(out().contains("directory=" + journalDir), out());

        final Path other = Files.createDirectories(dir.resolve("other"));
        assertEquals(ToolExit.USAGE, run("stat", other.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains(other + " is neither a journal directory (it has " +
            "no metadata.cq4t, scribe-cycles or *.cq4 file) nor an engine directory (it has no journal directory)"),
            err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void recordsAreCountedFromTheirPositionsAcrossCycles()
    {
        final TestJournals.ManualClock clock = new TestJournals.ManualClock();
        final List<Long> positions;
        try (Journal journal = Journal.open(TestJournals.secondly(dir, clock)))
        {
            positions = TestJournals.appendOverCycles(journal, clock, new int[] {3, 5, 2}, new int[] {0, 0, 4}, 1);
        }
        try (Journal journal = Journal.open(TestJournals.secondly(dir, clock).readOnly(true)))
        {
            assertEquals(10, journal.countRecords(Journal.NULL_POSITION, Long.MAX_VALUE));
            assertEquals(6, journal.countRecords(positions.get(2), positions.get(7)));
            assertEquals(1, journal.countRecords(positions.get(9), Long.MAX_VALUE));
            assertEquals(0, journal.countRecords(positions.get(9) + 1, Long.MAX_VALUE));
        }
    }

    @Test
    void nonsenseArgumentsAreWrongUsage()
    {
        assertEquals(ToolExit.USAGE, run("dump", dir.toString(), "--from", "-5"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--from: '-5' is not a position (a position is " +
            "never negative)"), err.toString(StandardCharsets.UTF_8));
        assertEquals(ToolExit.USAGE, run("dump", dir.toString(), "--limit", "0"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--limit must be more than 0, was '0'"),
            err.toString(StandardCharsets.UTF_8));
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
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--from: 'x' is not a position"));
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
