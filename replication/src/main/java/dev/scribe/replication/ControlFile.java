package dev.scribe.replication;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Requests from the replication tool in another process: the tool writes a one-word request ({@code promote},
 * {@code demote}) to {@code request} in the node's replication directory (atomically, by rename); the node takes it
 * on its supervisor thread and writes the result to {@code result}, such as {@code promote: epoch 3}, the same way.
 * {@link ReplicationTool} is the other side.
 */
final class ControlFile
{
    /** The node's replication directory, in its engine directory. */
    static final String DIRECTORY = "replication";
    static final String REQUEST = "request";
    static final String RESULT = "result";

    private final Path directory;

    ControlFile(final Path directory) throws IOException
    {
        this.directory = directory;
        Files.createDirectories(directory);
    }

    /** The pending request, removed; or null. */
    String take()
    {
        final Path request = directory.resolve(REQUEST);
        if (!Files.exists(request))
        {
            return null;
        }
        try
        {
            final String text = Files.readString(request, StandardCharsets.UTF_8).trim();
            Files.deleteIfExists(request);
            return text.length() > 64 ? text.substring(0, 64) : text;
        }
        catch (final IOException ex)
        {
            return null;
        }
    }

    void done(final String request, final String result)
    {
        write(directory, RESULT, request + ": " + result + "\n");
    }

    /** Write a file atomically: a temporary file renamed over it. */
    static void write(final Path directory, final String name, final String text)
    {
        try
        {
            final Path temporary = directory.resolve(name + ".tmp");
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            try
            {
                Files.move(temporary, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            }
            catch (final AtomicMoveNotSupportedException ex)
            {
                Files.move(temporary, directory.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + directory.resolve(name), ex);
        }
    }
}
