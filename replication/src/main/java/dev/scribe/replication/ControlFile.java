package dev.scribe.replication;

import dev.scribe.journal.FileAccess;
import dev.scribe.journal.OwnedFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

/**
 * Requests from the replication tool in another process: the tool writes a one-word request ({@code promote},
 * {@code demote}) to {@code request} in the node's replication directory (atomically, by rename); the node takes it
 * on its supervisor thread and writes the result to {@code result}, such as {@code promote: epoch 3}, the same way.
 * {@link ReplicationTool} is the other side.
 *
 * <p>The directory is the node user's only (see {@link FileAccess}). Even so, a request is taken only from a regular
 * file owned by the node's user and read without following a link (see {@link OwnedFiles}); anything else, or a
 * request that is not one of the known words, is removed and answered with {@code refused: } and a fixed sentence,
 * never with the request's content. Both sides write through a temporary file created anew, never through a link
 * planted at its name.
 */
final class ControlFile
{
    /** The node's replication directory, in its engine directory. */
    static final String DIRECTORY = "replication";
    static final String REQUEST = "request";
    static final String RESULT = "result";
    /** The requests a node takes. */
    static final Set<String> KNOWN = Set.of("promote", "promote-force", "demote");

    private static final int MAX_REQUEST_BYTES = 64;

    private final Path directory;
    private final FileAccess access;
    private final UserPrincipal user;

    ControlFile(final Path directory, final FileAccess access) throws IOException
    {
        this.directory = directory;
        this.access = access;
        access.createDirectories(directory);
        this.user = OwnedFiles.processUser(directory);
    }

    /**
     * The pending request, removed; or null. A request that is refused is removed and answered here.
     */
    String take()
    {
        final Path request = directory.resolve(REQUEST);
        final String text;
        try
        {
            text = OwnedFiles.readRequest(request, user, MAX_REQUEST_BYTES);
        }
        catch (final OwnedFiles.RefusedException ex)
        {
            refuse(request, "the request file was not taken: " + ex.problem());
            return null;
        }
        catch (final IOException ex)
        {
            return null; // gone meanwhile, or unreadable for now: looked at again next time
        }
        if (null == text)
        {
            return null;
        }
        final String word = text.trim();
        if (!KNOWN.contains(word))
        {
            refuse(request, "the request is not one of " + String.join(", ", KNOWN.stream().sorted().toList()));
            return null;
        }
        delete(request);
        return word;
    }

    void done(final String request, final String result)
    {
        write(directory, RESULT, request + ": " + result + "\n", access);
    }

    private void refuse(final Path request, final String why)
    {
        delete(request);
        write(directory, RESULT, "refused: " + why + "\n", access);
    }

    private static void delete(final Path request)
    {
        try
        {
            Files.deleteIfExists(request); // a link is removed itself, not its target
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot remove " + request, ex);
        }
    }

    /** Write a file atomically: a temporary file created anew, renamed over it. */
    static void write(final Path directory, final String name, final String text, final FileAccess access)
    {
        try
        {
            OwnedFiles.writeAtomically(directory.resolve(name), text, access);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + directory.resolve(name), ex);
        }
    }
}
