package dev.scribe.journal.tool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What a tool is pointed at: a journal directory (its Chronicle metadata, cycle ledger or cycle files) or an engine
 * directory (which holds its journal in {@value #JOURNAL}). A journal tool given an engine directory reads the journal
 * inside it; a tool given a directory that is neither says what it expected.
 */
public final class ToolDirectories
{
    /** The journal directory's name inside an engine directory. */
    public static final String JOURNAL = "journal";

    private static final String METADATA = "metadata.cq4t";
    private static final String LEDGER = "scribe-cycles";
    private static final String CYCLE_SUFFIX = ".cq4";

    private ToolDirectories()
    {
    }

    /**
     * The journal a journal tool reads.
     *
     * @param dir a journal directory, or an engine directory.
     * @return {@code dir} if it is a journal directory; its {@value #JOURNAL} directory if it is an engine directory.
     * @throws ToolException with {@link ToolExit#USAGE} if {@code dir} does not exist or is neither.
     */
    public static Path journal(final Path dir)
    {
        exists(dir, "journal directory");
        if (isJournal(dir))
        {
            return dir;
        }
        final Path inside = dir.resolve(JOURNAL);
        if (Files.isDirectory(inside))
        {
            return inside;
        }
        throw new ToolException(ToolExit.USAGE, dir + " is neither a journal directory (it has no " + METADATA +
            ", " + LEDGER + " or *" + CYCLE_SUFFIX + " file) nor an engine directory (it has no " + JOURNAL +
            " directory)");
    }

    /**
     * The engine directory an engine tool reads.
     *
     * @param dir an engine directory.
     * @return {@code dir}.
     * @throws ToolException with {@link ToolExit#USAGE} if {@code dir} does not exist or holds no journal directory.
     */
    public static Path engine(final Path dir)
    {
        exists(dir, "engine directory");
        if (Files.isDirectory(dir.resolve(JOURNAL)))
        {
            return dir;
        }
        if (isJournal(dir))
        {
            final Path parent = dir.toAbsolutePath().normalize().getParent();
            throw new ToolException(ToolExit.USAGE, dir + " is not an engine directory but a journal directory; " +
                "give the engine directory" + (null == parent ? "" : " that holds it (" + parent + ")"));
        }
        throw new ToolException(ToolExit.USAGE, dir + " is not an engine directory: it has no " + JOURNAL +
            " directory");
    }

    /**
     * Whether a directory holds a journal's files.
     *
     * @param dir a directory.
     * @return true if it holds Chronicle's metadata, the journal's cycle ledger or a cycle file.
     */
    public static boolean isJournal(final Path dir)
    {
        if (Files.isRegularFile(dir.resolve(METADATA)) || Files.isRegularFile(dir.resolve(LEDGER)))
        {
            return true;
        }
        try (Stream<Path> files = Files.list(dir))
        {
            return files.anyMatch(file -> String.valueOf(file.getFileName()).endsWith(CYCLE_SUFFIX));
        }
        catch (final IOException ex)
        {
            throw new ToolException(ToolExit.USAGE, "cannot list " + dir + ": " + ex);
        }
    }

    private static void exists(final Path dir, final String what)
    {
        if (!Files.isDirectory(dir))
        {
            throw new ToolException(ToolExit.USAGE, what + " " + dir + (Files.exists(dir) ? " is not a directory" :
                " does not exist"));
        }
    }
}
