package dev.scribe.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * File operations of a truncation and of a release, each forced to storage where the protocol needs it and failing
 * with a {@link JournalException} that names the file.
 */
final class JournalFiles
{
    private JournalFiles()
    {
    }

    /**
     * Close a channel the journal is done with, if there is one; a failure to close it leaves nothing to be done
     * (a read-only or lock channel, or one whose writes were forced already), so it is dropped.
     *
     * @param channel the channel, or null.
     */
    static void closeQuietly(final FileChannel channel)
    {
        if (null != channel)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignore)
            {
                // the OS releases the descriptor and any lock with the process
            }
        }
    }

    /**
     * The last element of a path, as a string.
     *
     * @throws JournalException if the path has no elements (a file system root).
     */
    static String nameOf(final Path path)
    {
        final Path name = path.getFileName();
        if (null == name)
        {
            throw new JournalException("path " + path + " names no file");
        }
        return name.toString();
    }

    /**
     * The directory holding a file or directory, made absolute.
     *
     * @throws JournalException if the path is a file system root.
     */
    static Path parentOf(final Path path)
    {
        final Path parent = path.toAbsolutePath().getParent();
        if (null == parent)
        {
            throw new JournalException("path " + path + " has no parent directory");
        }
        return parent;
    }

    /**
     * Force every regular file of a directory (queues are flat), then the directory itself.
     */
    static void forceTree(final Path directory)
    {
        for (final Path file : list(directory))
        {
            if (Files.isRegularFile(file))
            {
                force(file);
            }
        }
        forceDirectory(directory);
    }

    /**
     * Force every regular file of a journal directory but its writer lock, then the directory; links and
     * directories are left alone. See {@link Journal#forceAll}.
     */
    static List<Path> forceAll(final Path directory)
    {
        final List<Path> forced = new ArrayList<>();
        for (final Path file : list(directory).stream().sorted().toList())
        {
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) &&
                !WriterLock.FILE_NAME.equals(nameOf(file)))
            {
                force(file);
                forced.add(file);
            }
        }
        forceDirectory(directory);
        return forced;
    }

    static void forceDirectory(final Path directory)
    {
        force(directory);
    }

    /**
     * Write a small file and force it to storage.
     */
    static void writeForced(final Path file, final String text, final FileAccess access)
    {
        try (FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE), access.fileAttributes(parentOf(file))))
        {
            access.restrictFile(file);
            final ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining())
            {
                channel.write(bytes);
            }
            channel.force(true);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot write " + file + ": " + ex, ex);
        }
    }

    /**
     * Rename a directory in one step (rename(2)), then force the parent directory so the rename survives a crash.
     */
    static void move(final Path from, final Path to)
    {
        try
        {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot rename " + from + " to " + to + ": " + ex, ex);
        }
        forceDirectory(parentOf(to));
    }

    /**
     * Move a file into another directory under the same name, never replacing a file there: renamed in one step when
     * both directories are on one file system, else copied. Neither directory is forced here.
     *
     * @return false if the file was not there to move (something else removed it meanwhile).
     */
    static boolean moveFile(final Path source, final Path target)
    {
        requireAbsent(source, target);
        try
        {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
            return true;
        }
        catch (final AtomicMoveNotSupportedException ex)
        {
            return copyThenDelete(source, target);
        }
        catch (final IOException ex)
        {
            if (Files.notExists(source))
            {
                return false;
            }
            throw new JournalException("cannot move " + source + " to " + target + ": " + ex, ex);
        }
    }

    /**
     * Move a file to another file system: copy it to a temporary name beside the target ({@code <target>.copying},
     * replaced if an interrupted copy left it), force the copy, rename it to the target, force the target's
     * directory, and only then delete the source, so that a crash never loses the file: at worst it is in both
     * places.
     *
     * @return false if the file was not there to copy (something else removed it meanwhile).
     */
    static boolean copyThenDelete(final Path source, final Path target)
    {
        requireAbsent(source, target);
        final Path copying = target.resolveSibling(nameOf(target) + ".copying");
        try
        {
            Files.copy(source, copying, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final IOException ex)
        {
            if (Files.notExists(source))
            {
                return false;
            }
            throw new JournalException("cannot copy " + source + " to " + copying + ": " + ex, ex);
        }
        force(copying);
        try
        {
            // without REPLACE_EXISTING: a target that appeared meanwhile is refused, not overwritten
            Files.move(copying, target);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot rename " + copying + " to " + target + ": " + ex, ex);
        }
        forceDirectory(parentOf(target));
        delete(source);
        return true;
    }

    /**
     * Refuse to move a file onto one that exists.
     */
    static void requireAbsent(final Path source, final Path target)
    {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS))
        {
            throw new JournalException("cannot move " + source + " to " + target + ": " + target +
                " already exists");
        }
    }

    static void createDirectories(final Path directory, final FileAccess access)
    {
        try
        {
            access.createDirectories(directory);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot create directory " + directory + ": " + ex, ex);
        }
    }

    /**
     * Delete a file if it is there.
     *
     * @return true if it was deleted.
     */
    static boolean delete(final Path file)
    {
        try
        {
            return Files.deleteIfExists(file);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot delete " + file + ": " + ex, ex);
        }
    }

    /**
     * Delete a directory and everything in it; files already gone are passed over, so an interrupted delete can be
     * run again.
     */
    static void deleteTree(final Path directory)
    {
        final List<Path> paths;
        try (Stream<Path> walk = Files.walk(directory))
        {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        catch (final NoSuchFileException ex)
        {
            return;
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot list " + directory + " to delete it: " + ex, ex);
        }
        for (final Path path : paths)
        {
            delete(path);
        }
    }

    static boolean isEmptyDirectory(final Path directory)
    {
        try (Stream<Path> entries = Files.list(directory))
        {
            return entries.findAny().isEmpty();
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot list " + directory + ": " + ex, ex);
        }
    }

    static List<Path> list(final Path directory)
    {
        try (Stream<Path> entries = Files.list(directory))
        {
            return entries.toList();
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot list " + directory + ": " + ex, ex);
        }
    }

    private static void force(final Path path)
    {
        // fsync through a read-only descriptor: Linux forces the file or directory whatever the descriptor's mode
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ))
        {
            channel.force(true);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot force " + path + " to storage: " + ex, ex);
        }
    }
}
