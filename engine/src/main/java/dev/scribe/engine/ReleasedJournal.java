package dev.scribe.engine;

import dev.scribe.journal.FileAccess;
import dev.scribe.journal.OwnedFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The mark left in the engine directory once journal retention has archived or deleted the start of the journal:
 * from then on the state can only be rebuilt from a snapshot, and a recovery that would replay from the start says
 * so instead of rebuilding a state that lacks the removed records. The file {@code journal.released} holds, as text,
 * the position of the oldest snapshot kept when records were last removed; it is written before any file is removed.
 */
final class ReleasedJournal
{
    static final String FILE_NAME = "journal.released";

    private ReleasedJournal()
    {
    }

    /** Written through a temporary file created anew and forced, then renamed into place. */
    static void mark(final Path engineDirectory, final long position, final FileAccess access) throws IOException
    {
        OwnedFiles.writeAtomically(engineDirectory.resolve(FILE_NAME), position + "\n", access);
    }

    /** Whether the start of the journal has been removed. */
    static boolean released(final Path engineDirectory)
    {
        return Files.exists(engineDirectory.resolve(FILE_NAME));
    }
}
