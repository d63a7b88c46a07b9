package dev.scribe.engine.monitor;

import dev.scribe.journal.FileAccess;
import dev.scribe.journal.OwnedFiles;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The file through which another process asks a running engine for a snapshot: {@value #FILE_NAME} in the engine
 * directory, holding the asking process's id. The engine's snapshot thread looks for it every {@value #POLL_MS} ms
 * and takes it only from a regular file of the engine's user, never through a link; the {@code snapshot} tool
 * writes it.
 */
public final class SnapshotRequestFile
{
    /** Name of the request file in the engine directory. */
    public static final String FILE_NAME = "snapshot.request";
    /** How often a running engine looks for the request file, in milliseconds. */
    public static final long POLL_MS = 200;
    /** Most bytes a request file may hold: a process id and a line break. */
    public static final int MAX_REQUEST_BYTES = 32;

    private SnapshotRequestFile()
    {
    }

    /**
     * Leave a request in an engine directory: this process's id, written through a new temporary file, never through
     * a link.
     *
     * @param engineDirectory the engine directory.
     * @throws IOException if it cannot be written.
     */
    public static void write(final Path engineDirectory) throws IOException
    {
        OwnedFiles.writeAtomically(engineDirectory.resolve(FILE_NAME), ProcessHandle.current().pid() + "\n",
            FileAccess.OWNER_ONLY);
    }

    /**
     * Whether a request file's text is what {@link #write} writes: a process id.
     *
     * @param text the file's text.
     * @return true for a request.
     */
    public static boolean isRequest(final String text)
    {
        final String pid = text.trim();
        return !pid.isEmpty() && pid.length() <= 19 && pid.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
