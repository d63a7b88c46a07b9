package dev.scribe.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.FileAttribute;
import java.util.Objects;
import java.util.Set;

/**
 * Small files one process leaves for another of the same user: requests to a running engine or node, and their
 * results. Anyone who can write into the directory could plant a symbolic link where such a file is read or
 * written, or leave a file of their own; so these files are never opened through a link, a request is taken only
 * from a regular file owned by the process's own user, and a file is written under a temporary name created anew
 * (never opened if something is there) with the configured permissions, then renamed into place.
 */
public final class OwnedFiles
{
    /** Appended to a file's name for the temporary file {@link #writeAtomically} writes it through. */
    public static final String TEMPORARY_SUFFIX = ".tmp";

    private OwnedFiles()
    {
    }

    /**
     * A file was not taken: it is a link, not a regular file, another user's, or too large. The message names the
     * file and what is wrong with it, never its content.
     */
    public static final class RefusedException extends IOException
    {
        private static final long serialVersionUID = 1L;

        private final String problem;

        RefusedException(final Path file, final String problem)
        {
            super("refused " + file + ": " + problem);
            this.problem = problem;
        }

        /**
         * What is wrong with the file, without its name: "it is a symbolic link", for example.
         *
         * @return the problem.
         */
        public String problem()
        {
            return problem;
        }
    }

    /**
     * The user this process runs as: the owner of a file it creates in a directory.
     *
     * @param directory a directory this process may write into.
     * @return the user, or null on a file system without file owners.
     * @throws IOException if no file can be created there.
     */
    public static UserPrincipal processUser(final Path directory) throws IOException
    {
        final Path probe = Files.createTempFile(directory, ".owner-", ".probe");
        try
        {
            return Files.getOwner(probe, LinkOption.NOFOLLOW_LINKS);
        }
        catch (final UnsupportedOperationException ex)
        {
            return null;
        }
        finally
        {
            Files.deleteIfExists(probe);
        }
    }

    /**
     * Read a request file, at most {@code maxBytes} of it, as UTF-8, if it is a regular file (not a link, a
     * directory, a pipe or a device) with one name, owned by {@code owner}. The file is opened without following a
     * link, and checked again afterwards to be the file that was checked before.
     *
     * @param file     the request.
     * @param owner    the user it must belong to, or null where files have no owners.
     * @param maxBytes most bytes a request may have.
     * @return the text, or null if there is no such file.
     * @throws RefusedException if the file is not taken, saying why.
     * @throws IOException      if it cannot be read.
     */
    public static String readRequest(final Path file, final UserPrincipal owner, final int maxBytes)
        throws IOException
    {
        final BasicFileAttributes before;
        try
        {
            before = attributes(file);
        }
        catch (final NoSuchFileException ex)
        {
            return null;
        }
        check(file, before, owner, maxBytes);
        final ByteBuffer bytes = ByteBuffer.allocate(maxBytes + 1);
        try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.READ,
            LinkOption.NOFOLLOW_LINKS))
        {
            while (bytes.hasRemaining() && channel.read(bytes) >= 0)
            {
                // read to the end or one byte past the limit
            }
        }
        final BasicFileAttributes after = attributes(file);
        if (!Objects.equals(before.fileKey(), after.fileKey()))
        {
            throw new RefusedException(file, "it was replaced while it was read");
        }
        if (bytes.position() > maxBytes)
        {
            throw new RefusedException(file, "it is longer than " + maxBytes + " bytes");
        }
        return new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8);
    }

    private static BasicFileAttributes attributes(final Path file) throws IOException
    {
        return FileAccess.isPosix(file) ?
            Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS) :
            Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }

    private static void check(
        final Path file, final BasicFileAttributes attributes, final UserPrincipal owner, final int maxBytes)
        throws IOException
    {
        if (attributes.isSymbolicLink())
        {
            throw new RefusedException(file, "it is a symbolic link");
        }
        if (!attributes.isRegularFile())
        {
            throw new RefusedException(file, "it is not a regular file");
        }
        if (attributes instanceof PosixFileAttributes posix && null != owner && !owner.equals(posix.owner()))
        {
            throw new RefusedException(file, "it is owned by " + posix.owner().getName() + ", not by " +
                owner.getName() + ", the user this process runs as");
        }
        if (links(file) > 1)
        {
            throw new RefusedException(file, "it has other names (hard links)");
        }
        if (attributes.size() > maxBytes)
        {
            throw new RefusedException(file, "it is longer than " + maxBytes + " bytes");
        }
    }

    private static int links(final Path file) throws IOException
    {
        try
        {
            return ((Number)Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).intValue();
        }
        catch (final UnsupportedOperationException | IllegalArgumentException ex)
        {
            return 1;
        }
    }

    /**
     * Write a small file atomically: a temporary file beside it ({@code name.tmp}) is created anew with the given
     * access, written and forced, then renamed over the file. Whatever was at the temporary name (a crash's leftover,
     * or a planted link) is removed first, never written through; if something appears there again before the
     * file is created, the write fails.
     *
     * @param file   the file to write.
     * @param text   its new content, as UTF-8.
     * @param access permissions of the file.
     * @throws IOException if it cannot be written.
     */
    public static void writeAtomically(final Path file, final String text, final FileAccess access)
        throws IOException
    {
        replace(file, text.getBytes(StandardCharsets.UTF_8), access);
    }

    /**
     * Write a small file so that a crash or power cut at any moment leaves either the old file or the new one, whole:
     * as {@link #writeAtomically}, and the directory is forced after the rename, so the new file is there after a
     * power cut too.
     *
     * @param file    the file to write.
     * @param content its new content.
     * @param access  permissions of the file.
     * @throws IOException if it cannot be written.
     */
    public static void writeDurably(final Path file, final byte[] content, final FileAccess access)
        throws IOException
    {
        replace(file, content, access);
        try (FileChannel directory = FileChannel.open(JournalFiles.parentOf(file), StandardOpenOption.READ))
        {
            directory.force(true);
        }
    }

    private static void replace(final Path file, final byte[] content, final FileAccess access) throws IOException
    {
        final Path temporary = file.resolveSibling(JournalFiles.nameOf(file) + TEMPORARY_SUFFIX);
        Files.deleteIfExists(temporary); // a link is removed itself, not its target
        final FileAttribute<?>[] attributes = access.fileAttributes(JournalFiles.parentOf(temporary));
        try (FileChannel channel = FileChannel.open(temporary, Set.of(StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), attributes))
        {
            access.restrictFile(temporary);
            final ByteBuffer bytes = ByteBuffer.wrap(content);
            while (bytes.hasRemaining())
            {
                channel.write(bytes);
            }
            channel.force(true);
        }
        try
        {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final AtomicMoveNotSupportedException ex)
        {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
