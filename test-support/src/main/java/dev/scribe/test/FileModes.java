package dev.scribe.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks on the permissions of what a test's engine, journal or node left on disk.
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
}
