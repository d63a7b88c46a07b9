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
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bytes flipped inside one record of a copy of a journal: verify names exactly that position, and readers get an
 * error, never the record's data.
 */
class JournalCorruptionTest
{
    private static final int RECORDS = 40;
    private static final int VICTIM = 17;

    @TempDir
    Path dir;

    @Test
    void flippedBytesAreReportedAtTheirPositionAndNeverReturned() throws IOException
    {
        final Path original = dir.resolve("original");
        final List<Long> positions = new ArrayList<>();
        try (Journal journal = Journal.open(new JournalContext().directory(original)))
        {
            final RecordWriter writer = new RecordWriter();
            for (int n = 1; n <= RECORDS; n++)
            {
                positions.add(journal.append(TestRecords.record(writer, n, 2)));
            }
        }
        assertEquals(0, tool(original).exitCode);

        final Path copy = dir.resolve("copy");
        copyDirectory(original, copy);
        TestJournals.flipInside(copy, "payload-" + VICTIM + "-1");
        final long victim = positions.get(VICTIM - 1);

        final ToolRun verify = tool(copy);
        assertEquals(ToolExit.FAILED, verify.exitCode, verify.out);
        assertTrue(verify.out.contains("records=" + RECORDS + " ok=" + (RECORDS - 1) + " bad=1 firstBad=" +
            PositionFormat.position(victim)),
            verify.out);
        assertTrue(verify.out.contains("BAD corrupt record at position " + PositionFormat.position(victim) +
            ": crc32c"), verify.out);

        try (Journal journal = Journal.openReadOnly(copy))
        {
            final List<Long> returned = new ArrayList<>();
            final CorruptRecordException replayError = assertThrows(CorruptRecordException.class,
                () -> journal.replay(Journal.NULL_POSITION, (position, record) -> returned.add(position)));
            assertEquals(victim, replayError.position());
            assertEquals(positions.subList(0, VICTIM - 1), returned);

            final CorruptRecordException pageError = assertThrows(CorruptRecordException.class,
                () -> journal.readForward(positions.get(VICTIM - 3), 10));
            assertEquals(victim, pageError.position());
            assertThrows(CorruptRecordException.class, () -> journal.readBackward(victim, 1));
            assertEquals(positions.subList(VICTIM, RECORDS).size(),
                journal.readForward(positions.get(VICTIM), 100).entries().size());
        }
    }

    private static void copyDirectory(final Path from, final Path to) throws IOException
    {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from))
        {
            for (final Path file : files.toList())
            {
                if (!file.getFileName().toString().equals("scribe-writer.lock"))
                {
                    Files.copy(file, to.resolve(file.getFileName()));
                }
            }
        }
    }

    private static ToolRun tool(final Path journalDir)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int code = new JournalTool(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8)).run("verify", journalDir.toString());
        return new ToolRun(code, out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
    }

    private record ToolRun(int exitCode, String out)
    {
    }
}
