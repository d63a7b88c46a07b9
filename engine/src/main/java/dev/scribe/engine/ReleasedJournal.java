package dev.scribe.engine;

import dev.scribe.journal.FileAccess;
import dev.scribe.journal.OwnedFiles;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The mark left in the engine directory once journal retention has archived or deleted the start of the journal:
 * from then on the state can only be rebuilt from a snapshot, and a recovery that would replay from the start says
 * so instead of rebuilding a state that lacks the removed records. The file {@code journal.released} holds, as text,
 * the position of the snapshot the journal is kept from when records were last removed; it is written before any
 * file is removed: to a temporary file, forced, renamed into place, and the directory forced, so that after a crash
 * the mark is there whenever a file may be gone.
 */
final class ReleasedJournal
{
    static final String FILE_NAME = "journal.released";

    private ReleasedJournal()
    {
    }

    /**
     * Write the mark through a temporary file created anew with the given access and forced, then renamed into
     * place; the directory is forced after the rename.
     *
     * @return what was forced to storage, in order: the temporary file, then the directory after the rename.
     */
    static List<Path> mark(final Path engineDirectory, final long position, final FileAccess access)
        throws IOException
    {
        final Path file = engineDirectory.resolve(FILE_NAME);
        OwnedFiles.writeAtomically(file, position + "\n", access);
        forceDirectory(engineDirectory);
        return List.of(engineDirectory.resolve(FILE_NAME + OwnedFiles.TEMPORARY_SUFFIX), engineDirectory);
    }

    /** Whether the start of the journal has been removed. */
    static boolean released(final Path engineDirectory)
    {
        return Files.exists(engineDirectory.resolve(FILE_NAME));
    }

    /** fsync a directory, so that a rename into it survives a crash; Linux forces it through a read descriptor. */
    static void forceDirectory(final Path directory) throws IOException
    {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ))
        {
            channel.force(true);
        }
    }
}
