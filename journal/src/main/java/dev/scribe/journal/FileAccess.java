package dev.scribe.journal;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Set;

/**
 * Who may read the files Scribe creates: the journal, snapshots, counters, error logs, checkpoints, control files,
 * archived and dropped records. Set with {@link JournalContext#fileAccess}, which the engine uses for everything in
 * its directory. The default, {@link #OWNER_ONLY}, gives other local users nothing: files {@code rw-------} (0600)
 * and directories {@code rwx------} (0700), whatever the process's umask.
 *
 * <p>Files are created with these permissions where Scribe creates them itself, and set right after creation where a
 * library creates them (Chronicle's cycle and metadata files, Agrona's mapped files); the directories are set too,
 * so that even a file a library made readable for a moment cannot be reached through them. Each directory Scribe
 * owns (the engine, journal, snapshot and replication directories) has its permissions set at every launch, so an
 * older installation is closed up; files inside it that are already there keep theirs, but are out of reach.
 *
 * <p>On a file system without POSIX permissions (Windows) nothing is changed; protect the directory by its ACL.
 */
public enum FileAccess
{
    /** Files 0600, directories 0700: only the user the engine runs as. The default. */
    OWNER_ONLY("rw-------", "rwx------"),
    /** Files 0640, directories 0750: the owner, and the group may read (for backup or monitoring accounts). */
    GROUP_READ("rw-r-----", "rwxr-x---");

    /** System property that sets the access when a context sets none: {@code owner-only} or {@code group-read}. */
    public static final String PROP_NAME = "scribe.file.access";

    private final Set<PosixFilePermission> files;
    private final Set<PosixFilePermission> directories;

    FileAccess(final String files, final String directories)
    {
        this.files = Set.copyOf(PosixFilePermissions.fromString(files));
        this.directories = Set.copyOf(PosixFilePermissions.fromString(directories));
    }

    /**
     * The access named by {@link #PROP_NAME}, or {@link #OWNER_ONLY}.
     *
     * @return the access.
     * @throws IllegalArgumentException naming the property if its value is neither name.
     */
    public static FileAccess fromSystemProperty()
    {
        final String value = System.getProperty(PROP_NAME);
        if (null == value)
        {
            return OWNER_ONLY;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT))
        {
            case "owner-only" -> OWNER_ONLY;
            case "group-read" -> GROUP_READ;
            default -> throw new IllegalArgumentException(PROP_NAME + " must be owner-only or group-read: " + value);
        };
    }

    /**
     * Permissions of the files created.
     *
     * @return the permissions.
     */
    public Set<PosixFilePermission> filePermissions()
    {
        return files;
    }

    /**
     * Permissions of the directories created.
     *
     * @return the permissions.
     */
    public Set<PosixFilePermission> directoryPermissions()
    {
        return directories;
    }

    /**
     * Attributes to create a file with, in a directory: the file permissions where the file system has them, so the
     * file never exists with more (the umask may only take away; {@link #restrictFile} sets them exactly).
     *
     * @param directory where the file goes.
     * @return the attributes; none on a file system without POSIX permissions.
     */
    public FileAttribute<?>[] fileAttributes(final Path directory)
    {
        return isPosix(directory) ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(files)} :
            new FileAttribute<?>[0];
    }

    /**
     * Set a file's permissions to these, without following a link: a link there is refused.
     *
     * @param file a regular file.
     * @throws IOException if they cannot be set, or the path is a symbolic link.
     */
    public void restrictFile(final Path file) throws IOException
    {
        restrict(file, files);
    }

    /**
     * Set a directory's permissions to these, without following a link.
     *
     * @param directory a directory.
     * @throws IOException if they cannot be set, or the path is a symbolic link.
     */
    public void restrictDirectory(final Path directory) throws IOException
    {
        restrict(directory, directories);
    }

    /**
     * Create a directory and any missing parents with the directory permissions, then set the directory's own
     * permissions even if it was there already; parents that were there are left as they are.
     *
     * @param directory to create.
     * @return the directory.
     * @throws IOException if it cannot be created or its permissions set.
     */
    public Path createDirectories(final Path directory) throws IOException
    {
        final Path absolute = directory.toAbsolutePath();
        final Path parent = absolute.getParent();
        if (!Files.isDirectory(absolute) && null != parent && !Files.isDirectory(parent))
        {
            createDirectories(parent);
        }
        try
        {
            Files.createDirectory(absolute);
        }
        catch (final FileAlreadyExistsException ex)
        {
            if (!Files.isDirectory(absolute, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(absolute))
            {
                throw ex;
            }
        }
        if (!Files.isSymbolicLink(absolute))
        {
            restrictDirectory(absolute);
        }
        return directory;
    }

    /**
     * chmod(2) by path after lstat(2) says it is no link: the JDK's no-follow variant opens the file and closes it
     * again, and closing any descriptor of a file drops the process's fcntl locks on it (the journal's writer lock).
     * A link swapped in between the two calls could only happen in a directory others may write to, which the
     * directories Scribe creates are not.
     */
    private static void restrict(final Path path, final Set<PosixFilePermission> permissions) throws IOException
    {
        if (!isPosix(path))
        {
            return;
        }
        if (Files.isSymbolicLink(path))
        {
            throw new IOException("refusing to set the permissions of " + path + ": it is a symbolic link");
        }
        Files.getFileAttributeView(path, PosixFileAttributeView.class).setPermissions(permissions);
    }

    static boolean isPosix(final Path path)
    {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
