package dev.scribe.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks on the permissions of what a test's engine, journal or node left on disk, and the other user a test as root
 * can give a file to.
 */
public final class FileModes
{
    private FileModes()
    {
    }

    /**
     * Whether the file system of a path has POSIX permissions to check.
     *
     * @param path any path on it.
     * @return true on Linux and macOS file systems.
     */
    public static boolean posix(final Path path)
    {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /**
     * Assert that every file and directory under a root (the root included) has exactly the given permissions, and
     * that there are some files to check; symbolic links are not followed.
     *
     * @param root        the tree.
     * @param files       permissions of regular files, as {@code rw-------}.
     * @param directories permissions of directories, as {@code rwx------}.
     * @return the number of files checked.
     */
    public static int assertTree(final Path root, final String files, final String directories)
    {
        final Set<PosixFilePermission> fileModes = PosixFilePermissions.fromString(files);
        final Set<PosixFilePermission> directoryModes = PosixFilePermissions.fromString(directories);
        final List<String> wrong = new ArrayList<>();
        int checked = 0;
        try (Stream<Path> paths = Files.walk(root))
        {
            for (final Path path : (Iterable<Path>)paths::iterator)
            {
                final PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
                final Set<PosixFilePermission> expected = attributes.isDirectory() ? directoryModes : fileModes;
                if (!attributes.isSymbolicLink() && !expected.equals(attributes.permissions()))
                {
                    wrong.add(root.relativize(path) + " " + PosixFilePermissions.toString(attributes.permissions()));
                }
                checked += attributes.isRegularFile() ? 1 : 0;
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot walk " + root, ex);
        }
        assertEquals(List.of(), wrong, "not " + files + " (files) and " + directories + " (directories) under " +
            root);
        assertTrue(checked > 0, "no files under " + root);
        return checked;
    }

    /**
     * The user nobody, if this process runs as root and so may give a file to another user; else null, and a test of
     * what a file owned by another user does cannot run.
     *
     * @param dir a directory on the file system to ask, where a file is created and deleted again.
     * @return the user, or null.
     * @throws IOException if the file cannot be created, read or deleted.
     */
    public static UserPrincipal nobodyIfRoot(final Path dir) throws IOException
    {
        final Path probe = Files.createTempFile(dir, "owner-probe", null);
        final String owner = Files.getOwner(probe).getName();
        Files.delete(probe);
        if (!"root".equals(owner))
        {
            return null;
        }
        try
        {
            return dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        }
        catch (final IOException ex)
        {
            return null;
        }
    }
}
