package dev.scribe.engine;

import dev.scribe.journal.FileAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The mark retention leaves before it removes the start of a journal survives a crash: written to a temporary file,
 * forced, renamed into place, and the directory forced so that the rename survives too.
 */
class ReleasedJournalTest
{
    @TempDir
    Path dir;

    @Test
    void theReleasedMarkIsRenamedIntoPlaceAndItsDirectoryForced() throws IOException
    {
        final List<Path> forced = ReleasedJournal.mark(dir, 1234, FileAccess.OWNER_ONLY);

        final Path mark = dir.resolve(ReleasedJournal.FILE_NAME);
        assertEquals("1234\n", Files.readString(mark, StandardCharsets.US_ASCII));
        assertFalse(Files.exists(dir.resolve(ReleasedJournal.FILE_NAME + ".tmp")));
        assertTrue(ReleasedJournal.released(dir));
        assertEquals(List.of(dir.resolve(ReleasedJournal.FILE_NAME + ".tmp"), dir), forced,
            "the mark's bytes before the rename, then its directory after it");

        ReleasedJournal.mark(dir, 5678, FileAccess.OWNER_ONLY);
        assertEquals("5678\n", Files.readString(mark, StandardCharsets.US_ASCII), "a later mark replaces it");
    }
}
