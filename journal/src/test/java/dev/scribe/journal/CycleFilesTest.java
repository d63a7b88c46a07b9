package dev.scribe.journal;

import dev.scribe.codecs.journal.RecordWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The cycle a cycle file's name stands for is the cycle Chronicle wrote it for, for every roll cycle; nothing else in
 * a journal directory is taken for a cycle file.
 */
class CycleFilesTest
{
    @TempDir
    Path dir;

    @Test
    void everyRollCyclesFileNamesParseBackToTheirCycle() throws IOException
    {
        final TestJournals.ManualClock clock = new TestJournals.ManualClock();
        for (final JournalRollCycle rollCycle : JournalRollCycle.values())
        {
            final Path directory = dir.resolve(rollCycle.name());
            final List<CycleFiles.CycleFile> listed;
            try (Journal journal = Journal.open(
                new JournalContext().directory(directory).rollCycle(rollCycle).epochClock(clock)))
            {
                final CycleFiles cycleFiles = new CycleFiles(journal.queue());
                for (int i = 0; i < 3; i++)
                {
                    final long position = journal.append(TestRecords.record(new RecordWriter(), i + 1, 1));
                    final List<String> names = TestJournals.cycleFiles(directory);
                    final String name = names.get(names.size() - 1);
                    assertEquals(journal.cycleOf(position), cycleFiles.cycleOf(name), rollCycle + " " + name);
                    clock.advanceMs(rollCycle.lengthMs());
                }
                listed = cycleFiles.list(directory);
            }
            assertEquals(TestJournals.cycleFiles(directory), listed.stream()
                .map(file -> file.path().getFileName().toString()).toList(), rollCycle.name());
            assertEquals(3, listed.size(), rollCycle.name());
        }
    }

    @Test
    void onlyCycleFilesAreListedOldestFirst() throws IOException
    {
        final TestJournals.ManualClock clock = new TestJournals.ManualClock();
        try (Journal journal = Journal.open(TestJournals.secondly(dir.resolve("journal"), clock)))
        {
            onlyCycleFilesAreListedOldestFirst(new CycleFiles(journal.queue()));
        }
    }

    private void onlyCycleFilesAreListedOldestFirst(final CycleFiles cycleFiles) throws IOException
    {
        Files.createFile(dir.resolve("20231114-221322T.cq4"));
        Files.createFile(dir.resolve("20231114-221320T.cq4"));
        Files.createFile(dir.resolve("metadata.cq4t"));
        Files.createFile(dir.resolve("scribe-writer.lock"));
        Files.createFile(dir.resolve("20231114-221321T.cq4.copying"));
        Files.createFile(dir.resolve("20231114-221321Tx.cq4"));
        Files.createFile(dir.resolve("notes.cq4"));
        Files.createDirectory(dir.resolve("20231114-221323T.cq4"));

        assertEquals(List.of(dir.resolve("20231114-221320T.cq4"), dir.resolve("20231114-221322T.cq4")),
            cycleFiles.list(dir).stream().map(CycleFiles.CycleFile::path).toList());
        assertEquals(CycleFiles.NOT_A_CYCLE, cycleFiles.cycleOf("20231114-221320T.cq4t"));
        assertEquals(CycleFiles.NOT_A_CYCLE, cycleFiles.cycleOf("20231114.cq4"));
        assertEquals(1_700_000_000, cycleFiles.cycleOf("20231114-221320T.cq4"));
    }
}
