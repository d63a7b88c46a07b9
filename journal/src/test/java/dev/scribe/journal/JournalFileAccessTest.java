package dev.scribe.journal;

import dev.scribe.test.FileModes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static dev.scribe.journal.TestJournals.ManualClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What a journal leaves on disk, its archive and its dropped records included, is its owner's only by default, and
 * readable by the group when the context says so: every file and directory, Chronicle's own files too.
 */
class JournalFileAccessTest
{
    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();

    private void writeReleaseAndTruncate(final FileAccess access) throws IOException
    {
        assumeTrue(FileModes.posix(dir), "the file system has no POSIX permissions");
        final Path journalDir = dir.resolve("data").resolve("journal");
        final List<Long> positions;
        try (Journal journal = Journal.open(TestJournals.secondly(journalDir, clock).fileAccess(access)))
        {
            positions = TestJournals.appendOverCycles(journal, clock, new int[]{3, 3, 3, 3}, new int[]{0, 0, 0, 0},
                1);
            journal.sync(positions.get(positions.size() - 1));
            assertEquals(2, journal.releaseBefore(positions.get(7), dir.resolve("data").resolve("archive")).size());
        }
        final Truncation truncation = Journal.truncate(TestJournals.secondly(journalDir, clock).fileAccess(access),
            positions.get(10), dir.resolve("data").resolve("dropped").resolve("from-10"));
        assertTrue(truncation.toString().contains("dropped"), truncation.toString());
        try (Journal reopened = Journal.open(TestJournals.secondly(journalDir, clock).fileAccess(access)))
        {
            assertEquals(positions.get(9), reopened.lastPosition());
        }
    }

    @Test
    void everyFileAndDirectoryIsTheOwnersOnlyByDefault() throws IOException
    {
        writeReleaseAndTruncate(new JournalContext().conclude().fileAccess());
        FileModes.assertTree(dir.resolve("data"), "rw-------", "rwx------");
    }

    @Test
    void groupReadLetsTheGroupReadAndNobodyElse() throws IOException
    {
        writeReleaseAndTruncate(FileAccess.GROUP_READ);
        FileModes.assertTree(dir.resolve("data"), "rw-r-----", "rwxr-x---");
    }
}
