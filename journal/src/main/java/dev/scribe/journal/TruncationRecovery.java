package dev.scribe.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finishes or undoes a truncation that died, before a journal directory is used, so that whoever opens it next finds
 * either the journal as it was or the truncated journal, complete, never a mix.
 *
 * <p>A truncation of directory {@code J} builds the truncated journal in the sibling {@code J.truncating}, forces it
 * to storage and then writes the marker file {@code scribe-truncation.complete} into it: that is the commit. It then
 * renames {@code J} to {@code J.truncated-old} and {@code J.truncating} to {@code J}, deletes
 * {@code J.truncated-old}, and last deletes the marker; the parent directory is forced after each step. Whatever of
 * this was left by a crash is resolved by {@link #recoverAndLock}, holding the writer lock of {@code J}:
 * <ol>
 *     <li>{@code J.truncating} without the marker: the truncation had not committed; it is deleted and {@code J} is
 *     the journal as it was.</li>
 *     <li>{@code J.truncating} with the marker: the truncation had committed; the renames are done (or the second
 *     one, if {@code J} is already set aside).</li>
 *     <li>{@code J.truncated-old} (then {@code J} has the marker): it is deleted.</li>
 *     <li>the marker in {@code J}: it is deleted.</li>
 * </ol>
 * Any other leftover ({@code J} missing without a committed {@code J.truncating}; {@code J.truncated-old} while
 * {@code J} has no marker) is not a state a truncation leaves, and opening fails naming the directories so that a
 * person decides.
 */
final class TruncationRecovery
{
    static final String COMPLETE_FILE = "scribe-truncation.complete";

    private TruncationRecovery()
    {
    }

    /**
     * Where the truncated copy of a journal directory is built.
     */
    static Path building(final Path directory)
    {
        return directory.resolveSibling(JournalFiles.nameOf(directory) + ".truncating");
    }

    /**
     * Where a journal directory is set aside while its truncated copy takes its place.
     */
    static Path setAside(final Path directory)
    {
        return directory.resolveSibling(JournalFiles.nameOf(directory) + ".truncated-old");
    }

    /**
     * The directory whose files will be the journal once leftovers of a truncation are resolved: a committed copy if
     * there is one, else the journal directory itself. The health check looks at it before anything is resolved.
     */
    static Path journalAfterRecovery(final Path directory)
    {
        final Path building = building(directory);
        return Files.isDirectory(building) && isComplete(building) ? building : directory;
    }

    static boolean isComplete(final Path building)
    {
        return Files.exists(building.resolve(COMPLETE_FILE));
    }

    /**
     * Before a read-only open: resolve leftovers of a truncation, if there are any, holding the writer lock just for
     * that; refused while a writer or a truncation holds it.
     */
    static void recoverForReading(final Path directory)
    {
        if (Files.exists(building(directory)) || Files.exists(setAside(directory)) ||
            Files.exists(directory.resolve(COMPLETE_FILE)))
        {
            final WriterLock lock;
            try
            {
                lock = recoverAndLock(directory, null);
            }
            catch (final JournalException ex)
            {
                throw new JournalException("cannot open journal " + directory + " read-only: it has what a " +
                    "truncation left behind, which needs the writer lock to resolve: " + ex.getMessage(), ex);
            }
            lock.close();
        }
    }

    /**
     * Take the writer lock of a journal directory, first resolving what a truncation that died left behind.
     *
     * @param create with what access to create the directory (and any missing parent) if it does not exist; null not
     *               to create it.
     * @return the writer lock of the directory, for the caller to close.
     */
    static WriterLock recoverAndLock(final Path directory, final FileAccess create)
    {
        final Path building = building(directory);
        final WriterLock lock;
        // J is checked before J.truncating: a running truncation renames J.truncating to J, so when both are missing
        // J never existed, and creating it cannot race with that rename
        if (!Files.isDirectory(directory) && Files.isDirectory(building))
        {
            lock = lockLeftover(directory, building);
            boolean moved = false;
            try
            {
                if (!isComplete(building))
                {
                    throw unexpected(directory, "it is missing and " + building + " is not a complete truncation");
                }
                JournalFiles.move(building, directory);
                moved = true;
            }
            finally
            {
                if (!moved)
                {
                    lock.close();
                }
            }
        }
        else
        {
            if (!Files.isDirectory(directory))
            {
                if (Files.exists(setAside(directory)))
                {
                    throw unexpected(directory, "it is missing and " + setAside(directory) + " is there");
                }
                if (null == create)
                {
                    throw new JournalException("journal directory " + directory + " does not exist");
                }
                createDirectory(directory, create);
            }
            lock = WriterLock.acquire(directory);
        }
        return recoverLocked(directory, lock, JournalTruncation.NO_STEPS);
    }

    /**
     * Resolve leftovers while holding the directory's lock: no truncation of it runs, so anything found is from one
     * that died.
     *
     * @param lock the directory's writer lock; owned by this method from here on.
     * @return the directory's writer lock afterwards, which is another one if the directory was swapped.
     */
    static WriterLock recoverLocked(
        final Path directory, final WriterLock lock, final JournalTruncation.StepListener steps)
    {
        final Path building = building(directory);
        WriterLock held = lock;
        boolean recovered = false;
        try
        {
            if (Files.isDirectory(building))
            {
                if (isComplete(building))
                {
                    if (Files.exists(setAside(directory)))
                    {
                        throw unexpected(directory, "both " + building + " and " + setAside(directory) + " are there");
                    }
                    held = swap(directory, held, lockLeftover(directory, building), steps);
                }
                else
                {
                    JournalFiles.deleteTree(building);
                    JournalFiles.forceDirectory(JournalFiles.parentOf(directory));
                }
            }
            finish(directory, steps);
            recovered = true;
            return held;
        }
        finally
        {
            if (!recovered)
            {
                held.close();
            }
        }
    }

    /**
     * Put a committed truncated copy in the journal's place: set the journal aside, rename the copy to it.
     *
     * @param directoryLock the journal's lock; closed once the copy has taken its place.
     * @param buildingLock  the copy's lock, which becomes the journal's; closed if this fails.
     * @return the journal directory's lock.
     */
    static WriterLock swap(
        final Path directory,
        final WriterLock directoryLock,
        final WriterLock buildingLock,
        final JournalTruncation.StepListener steps)
    {
        boolean swapped = false;
        try
        {
            JournalFiles.move(directory, setAside(directory));
            steps.onStep(JournalTruncation.Step.SET_ASIDE);
            JournalFiles.move(building(directory), directory);
            steps.onStep(JournalTruncation.Step.SWAPPED);
            swapped = true;
        }
        finally
        {
            if (!swapped)
            {
                buildingLock.close();
            }
        }
        directoryLock.close();
        return buildingLock;
    }

    /**
     * Delete the set-aside journal, then the marker.
     */
    static void finish(final Path directory, final JournalTruncation.StepListener steps)
    {
        final Path old = setAside(directory);
        final Path marker = directory.resolve(COMPLETE_FILE);
        if (Files.exists(old))
        {
            if (!Files.exists(marker))
            {
                throw unexpected(directory, old + " is there but the journal has no " + COMPLETE_FILE);
            }
            JournalFiles.deleteTree(old);
            JournalFiles.forceDirectory(JournalFiles.parentOf(directory));
            steps.onStep(JournalTruncation.Step.OLD_DELETED);
        }
        if (JournalFiles.delete(marker))
        {
            JournalFiles.forceDirectory(directory);
        }
    }

    private static WriterLock lockLeftover(final Path directory, final Path building)
    {
        try
        {
            return WriterLock.acquire(building);
        }
        catch (final JournalException ex)
        {
            throw new JournalException("journal " + directory + " is being truncated (" + building + " is locked); " +
                "try again when that has finished: " + ex.getMessage(), ex);
        }
    }

    private static void createDirectory(final Path directory, final FileAccess access)
    {
        try
        {
            access.createDirectories(directory);
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot create journal directory " + directory + ": " + ex.getMessage(), ex);
        }
    }

    private static JournalException unexpected(final Path directory, final String what)
    {
        return new JournalException("journal " + directory + " cannot be opened: " + what + ", which no truncation " +
            "leaves behind; move the directories back by hand");
    }
}
