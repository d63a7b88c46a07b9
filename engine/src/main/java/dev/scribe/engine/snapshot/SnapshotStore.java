package dev.scribe.engine.snapshot;

import dev.scribe.journal.FileAccess;
import dev.scribe.journal.PositionFormat;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.SystemEpochClock;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A directory of snapshot files, one per journal position, named {@code snapshot-<16 hex digits>.snap} so that they
 * sort by position. The store has one writer at a time.
 *
 * <p>Writing is crash-safe: the snapshot is streamed into {@code snapshot-<hex>.snap.tmp} in the same directory, its
 * header (lengths and checksums) written last, the file forced to storage, renamed in one step to its final name and
 * the directory forced. A crash at any moment leaves the previous snapshots as they were and either the new one
 * complete or only a temporary file, which readers ignore and {@link #prune} or the next store removes.
 *
 * <p>Choosing a snapshot to recover from ({@link #newestValid()}) validates each from the newest down and skips, with
 * the reason reported to the store's log, every one that is damaged, partial or whose header does not hold the
 * position its name says.
 */
public final class SnapshotStore
{
    private final Path directory;
    private final Consumer<String> log;
    private final EpochClock clock;
    private final boolean readOnly;
    private final FileAccess access;

    /**
     * A store in a directory, created if missing; why a snapshot is skipped or deleted is not reported.
     *
     * @param directory where the snapshot files are.
     */
    public SnapshotStore(final Path directory)
    {
        this(directory, reason ->
        {
        });
    }

    /**
     * A store in a directory, created if missing, reporting each skipped or deleted file with the reason.
     *
     * @param directory where the snapshot files are.
     * @param log       told, in a sentence naming the file, why a snapshot was skipped or a file deleted.
     */
    public SnapshotStore(final Path directory, final Consumer<String> log)
    {
        this(directory, log, SystemEpochClock.INSTANCE);
    }

    /**
     * A store in a directory, created if missing, whose snapshots carry the time of a given clock. Temporary files
     * left by a writer that died are removed.
     *
     * @param directory where the snapshot files are.
     * @param log       told, in a sentence naming the file, why a snapshot was skipped or a file deleted.
     * @param clock     for the informational timestamp in each snapshot's header.
     */
    public SnapshotStore(final Path directory, final Consumer<String> log, final EpochClock clock)
    {
        this(directory, log, clock, FileAccess.OWNER_ONLY);
    }

    /**
     * A store in a directory, created if missing, whose snapshots carry the time of a given clock, and whose
     * directories and files have the given access (the directory's is set even if it was there). Temporary files
     * left by a writer that died are removed.
     *
     * @param directory where the snapshot files are.
     * @param log       told, in a sentence naming the file, why a snapshot was skipped or a file deleted.
     * @param clock     for the informational timestamp in each snapshot's header.
     * @param access    who may read the snapshots.
     */
    public SnapshotStore(
        final Path directory, final Consumer<String> log, final EpochClock clock, final FileAccess access)
    {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.access = Objects.requireNonNull(access, "access");
        this.readOnly = false;
        try
        {
            access.createDirectories(directory);
        }
        catch (final IOException ex)
        {
            throw new SnapshotException("cannot create snapshot directory " + directory + ": " + ex, ex);
        }
        deleteTempFiles();
    }

    private SnapshotStore(final Path directory, final Consumer<String> log, final boolean readOnly)
    {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.log = Objects.requireNonNull(log, "log");
        this.clock = SystemEpochClock.INSTANCE;
        this.access = FileAccess.OWNER_ONLY;
        this.readOnly = readOnly;
    }

    /**
     * A store to read from only, beside a writer that may be running in another process: the directory is not
     * created, temporary files are left alone, and {@link #write} and {@link #prune} are refused.
     *
     * @param directory where the snapshot files are; a missing directory is a store with no snapshots.
     * @param log       told, in a sentence naming the file, why a snapshot was skipped.
     * @return the store.
     */
    public static SnapshotStore readOnly(final Path directory, final Consumer<String> log)
    {
        return new SnapshotStore(directory, log, true);
    }

    /**
     * The directory of this store.
     *
     * @return the directory.
     */
    public Path directory()
    {
        return directory;
    }

    /**
     * Write a snapshot, crash-safe: when this returns the snapshot is complete and on storage under its final name.
     * A snapshot already at the same position is replaced.
     *
     * @param position  journal position the state is at; not negative.
     * @param epoch     epoch the snapshot is taken in.
     * @param stateHash hash of the state the sections hold.
     * @param sections  writes the sections.
     * @return the snapshot file.
     * @throws SnapshotException naming the file if it cannot be written; the temporary file is then removed.
     */
    public Path write(final long position, final long epoch, final long stateHash, final SectionsWriter sections)
    {
        checkWritable();
        if (position < 0)
        {
            throw new IllegalArgumentException("snapshot position must not be negative: " + position);
        }
        final Path temp = directory.resolve(SnapshotFormat.tempFileName(position));
        final Path file = directory.resolve(SnapshotFormat.fileName(position));
        boolean written = false;
        try
        {
            // created anew: whatever was at the temporary name (a leftover, or a planted link) is removed, not followed
            Files.deleteIfExists(temp);
            try (FileChannel channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, StandardOpenOption.READ), access.fileAttributes(directory)))
            {
                access.restrictFile(temp);
                final SnapshotWriter writer = new SnapshotWriter(channel, temp);
                sections.writeSections(writer);
                final long bodyLength = writer.finish();
                final ByteBuffer header = SnapshotFormat.header(position, epoch, stateHash, clock.time(),
                    bodyLength, writer.bodyCrc(bodyLength), writer.sectionCount());
                while (header.hasRemaining())
                {
                    channel.write(header, header.position());
                }
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            written = true;
            forceDirectory();
            return file;
        }
        catch (final IOException ex)
        {
            throw new SnapshotException("cannot write snapshot " + file + ": " + ex, ex);
        }
        finally
        {
            if (!written)
            {
                deleteQuietly(temp);
            }
        }
    }

    /**
     * Every file named as a snapshot, oldest position first, whether valid or not; temporary files are not listed.
     *
     * @return the snapshot files.
     */
    public List<Path> list()
    {
        final List<Path> files = new ArrayList<>();
        if (readOnly && !Files.isDirectory(directory))
        {
            return files;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory))
        {
            for (final Path file : stream)
            {
                if (SnapshotFormat.positionOf(file) >= 0 && Files.isRegularFile(file))
                {
                    files.add(file);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new SnapshotException("cannot list snapshot directory " + directory + ": " + ex, ex);
        }
        files.sort(Comparator.comparingLong(SnapshotFormat::positionOf));
        return files;
    }

    /**
     * The newest snapshot that is valid, to recover from; each newer one that is not is skipped and reported.
     *
     * @return the open snapshot, to be closed, or empty if there is no valid one.
     */
    public Optional<SnapshotReader> newestValid()
    {
        final List<Path> files = list();
        for (int i = files.size() - 1; i >= 0; i--)
        {
            final SnapshotReader reader = openValid(files.get(i), "skipped");
            if (null != reader)
            {
                return Optional.of(reader);
            }
        }
        return Optional.empty();
    }

    /**
     * Open and validate one snapshot file of this store, including that its header holds the position its name
     * says.
     *
     * @param file a file {@link #list()} gave.
     * @return the open snapshot, to be closed.
     * @throws SnapshotException naming the file and what is wrong with it.
     */
    public SnapshotReader open(final Path file)
    {
        final SnapshotReader reader = SnapshotReader.open(file);
        final long named = SnapshotFormat.positionOf(file);
        if (reader.position() != named)
        {
            reader.close();
            throw new SnapshotException("snapshot " + file + " is damaged: its header holds position " +
                PositionFormat.position(reader.position()) + ", its name says " + PositionFormat.position(named));
        }
        return reader;
    }

    /**
     * Whether this store was opened with {@link #readOnly}.
     *
     * @return true if it only reads.
     */
    public boolean isReadOnly()
    {
        return readOnly;
    }

    /**
     * Move a snapshot that can never be used with this journal (it is of another history: the journal was truncated
     * and rewritten after it) into the {@code diverged} subdirectory, out of the way of recovery and pruning; it is
     * kept there for inspection, not deleted.
     *
     * @param file   a snapshot file of this store.
     * @param reason why, for the log line.
     * @return where the file went.
     * @throws SnapshotException naming the file if it cannot be moved, or if the store is read-only.
     */
    public Path setAside(final Path file, final String reason)
    {
        checkWritable();
        final Path aside = directory.resolve("diverged");
        try
        {
            access.createDirectories(aside);
            final Path target = aside.resolve(file.getFileName());
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            // the rename changes both directories: the file leaves this one and enters diverged
            forceDirectory(aside);
            forceDirectory(directory);
            log.accept("snapshot " + file + " set aside in " + aside + ": " + reason);
            return target;
        }
        catch (final IOException ex)
        {
            throw new SnapshotException("cannot set snapshot " + file + " aside: " + ex, ex);
        }
    }

    /**
     * The name of the snapshot file at a position.
     *
     * @param position the journal position.
     * @return the file name, {@code snapshot-<16 hex digits>.snap}.
     */
    public static String fileName(final long position)
    {
        return SnapshotFormat.fileName(position);
    }

    /**
     * The position a snapshot file's name says it holds.
     *
     * @param file a snapshot file.
     * @return the position, or -1 if the name is not that of a snapshot file.
     */
    public static long positionOf(final Path file)
    {
        return SnapshotFormat.positionOf(file);
    }

    /**
     * Delete every snapshot file but the newest {@code keep} valid ones, damaged ones included, and every temporary
     * file. The newest valid snapshot is never deleted.
     *
     * @param keep how many valid snapshots to keep; at least 1.
     * @return the files deleted, temporary files included.
     */
    public List<Path> prune(final int keep)
    {
        return prune(keep, -1);
    }

    /**
     * Delete every snapshot file but the newest {@code keep} valid ones and the newest valid one at or before a
     * position, damaged ones included, and every temporary file. The newest valid snapshot is never deleted.
     *
     * @param keep            how many valid snapshots to keep; at least 1.
     * @param keepAtOrBefore  a position: the newest valid snapshot at or before it is kept too (journal retention
     *                        keeps the journal from there); -1 for none.
     * @return the files deleted, temporary files included.
     */
    public List<Path> prune(final int keep, final long keepAtOrBefore)
    {
        checkWritable();
        if (keep < 1)
        {
            throw new IllegalArgumentException("prune must keep at least the newest valid snapshot: keep=" + keep);
        }
        final List<Path> deleted = deleteTempFiles();
        final List<Path> files = list();
        int kept = 0;
        boolean keptAtOrBefore = keepAtOrBefore < 0;
        final List<Path> toDelete = new ArrayList<>();
        for (int i = files.size() - 1; i >= 0; i--)
        {
            final Path file = files.get(i);
            final boolean atOrBefore = !keptAtOrBefore && positionOf(file) <= keepAtOrBefore;
            if (kept < keep || atOrBefore)
            {
                final SnapshotReader reader = openValid(file, "to be deleted");
                if (null != reader)
                {
                    reader.close();
                    kept++;
                    keptAtOrBefore |= atOrBefore;
                    continue;
                }
            }
            toDelete.add(file);
        }
        for (final Path file : toDelete)
        {
            delete(file);
            deleted.add(file);
        }
        if (!deleted.isEmpty())
        {
            forceDirectory();
        }
        return deleted;
    }

    private void checkWritable()
    {
        if (readOnly)
        {
            throw new SnapshotException("snapshot store " + directory + " is open read-only");
        }
    }

    @Override
    public String toString()
    {
        return "SnapshotStore{" + directory + "}";
    }

    private SnapshotReader openValid(final Path file, final String action)
    {
        try
        {
            return open(file);
        }
        catch (final SnapshotException ex)
        {
            log.accept(ex.getMessage() + "; " + action);
            return null;
        }
    }

    private List<Path> deleteTempFiles()
    {
        final List<Path> temps = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory))
        {
            for (final Path file : stream)
            {
                if (SnapshotFormat.isTempFile(file))
                {
                    temps.add(file);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new SnapshotException("cannot list snapshot directory " + directory + ": " + ex, ex);
        }
        for (final Path temp : temps)
        {
            log.accept("snapshot temporary file " + temp + " was left by a writer that did not finish; deleted");
            delete(temp);
        }
        return temps;
    }

    private static void delete(final Path file)
    {
        try
        {
            Files.deleteIfExists(file);
        }
        catch (final IOException ex)
        {
            throw new SnapshotException("cannot delete snapshot file " + file + ": " + ex, ex);
        }
    }

    private static void deleteQuietly(final Path file)
    {
        try
        {
            Files.deleteIfExists(file);
        }
        catch (final IOException ignore)
        {
            // the write already failed with its own exception; a temporary file left behind is removed later
        }
    }

    private void forceDirectory()
    {
        forceDirectory(directory);
    }

    private static void forceDirectory(final Path dir)
    {
        // fsync through a read-only descriptor: Linux forces a directory whatever the descriptor's mode
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ))
        {
            channel.force(true);
        }
        catch (final IOException ex)
        {
            throw new SnapshotException("cannot force snapshot directory " + dir + " to storage: " + ex, ex);
        }
    }
}
