package dev.scribe.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The directory a demo writes into, emptied before each run so every run starts from a fresh journal.
 */
public final class DemoDirectory
{
    private DemoDirectory()
    {
    }

    /**
     * Delete a directory and everything in it, if it exists.
     *
     * @param dir the directory.
     * @throws IOException if something in it cannot be deleted.
     */
    public static void delete(final Path dir) throws IOException
    {
        if (!Files.exists(dir))
        {
            return;
        }
        try (Stream<Path> files = Files.walk(dir))
        {
            for (final Path path : files.sorted(Comparator.reverseOrder()).toList())
            {
                Files.delete(path);
            }
        }
    }
}
