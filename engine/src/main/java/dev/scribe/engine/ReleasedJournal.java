package dev.scribe.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

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

    static void mark(final Path engineDirectory, final long position) throws IOException
    {
        final Path file = engineDirectory.resolve(FILE_NAME);
        final Path temp = engineDirectory.resolve(FILE_NAME + ".tmp");
        Files.writeString(temp, Long.toString(position) + "\n", StandardCharsets.US_ASCII);
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(temp,
            java.nio.file.StandardOpenOption.WRITE))
        {
            channel.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Whether the start of the journal has been removed. */
    static boolean released(final Path engineDirectory)
    {
        return Files.exists(engineDirectory.resolve(FILE_NAME));
    }
}
