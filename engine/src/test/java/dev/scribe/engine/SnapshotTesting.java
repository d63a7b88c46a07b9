package dev.scribe.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Helpers for engine snapshot tests: an engine directory's snapshot files listed without the store (which would
 * remove temporary files), its snapshots moved aside for a launch that replays the whole journal, and a byte flipped
 * in a file.
 */
final class SnapshotTesting
{
    private static final String FINAL_NAME = "snapshot-[0-9a-f]{16}\\.snap";
    private static final String TEMP_NAME = FINAL_NAME + "\\.tmp";

    private SnapshotTesting()
    {
    }

    static Path snapshotDir(final Path engineDir)
    {
        return engineDir.resolve("snapshots");
    }

    /** The snapshot files of an engine directory under their final names, oldest position first. */
    static List<Path> snapshotFiles(final Path engineDir)
    {
        return list(snapshotDir(engineDir), FINAL_NAME);
    }

    /** The temporary files of snapshots being written, or left by a writer that died. */
    static List<Path> tempFiles(final Path engineDir)
    {
        return list(snapshotDir(engineDir), TEMP_NAME);
    }

    /** The file a snapshot at a position has in an engine directory. */
    static Path fileAt(final Path engineDir, final long position)
    {
        final String hex = Long.toHexString(position);
        return snapshotDir(engineDir).resolve("snapshot-" + "0".repeat(16 - hex.length()) + hex + ".snap");
    }

    /**
     * Run something (a launch) while the engine directory has no snapshots: they are moved aside and moved back
     * after, so that the launch replays the whole journal.
     */
    static <T> T withoutSnapshots(final Path engineDir, final Supplier<T> action)
    {
        final Path snapshots = snapshotDir(engineDir);
        final Path aside = engineDir.resolve("snapshots-aside");
        try
        {
            Files.move(snapshots, aside);
            try
            {
                return action.get();
            }
            finally
            {
                deleteTree(snapshots);
                Files.move(aside, snapshots);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** Invert every bit of one byte of a file. */
    static void flip(final Path file, final long offset)
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final ByteBuffer one = ByteBuffer.allocate(1);
            if (channel.read(one, offset) != 1)
            {
                throw new IllegalArgumentException(file + " has no byte at " + offset);
            }
            channel.write(one.clear().put(0, (byte)~one.get(0)), offset);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** The outcome of a command, which must be accepted. */
    static Outcome accepted(final CompletableFuture<Outcome> result)
    {
        final Outcome outcome = EngineBank.await(result);
        if (!outcome.accepted())
        {
            throw new AssertionError("not accepted: " + outcome);
        }
        return outcome;
    }

    static void deleteTree(final Path root)
    {
        if (!Files.exists(root))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(root))
        {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.delete(path);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static List<Path> list(final Path directory, final String pattern)
    {
        if (!Files.isDirectory(directory))
        {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory))
        {
            return files.filter(file -> file.getFileName().toString().matches(pattern)).sorted().toList();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
