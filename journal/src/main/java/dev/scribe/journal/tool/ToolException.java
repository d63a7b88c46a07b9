package dev.scribe.journal.tool;

/**
 * A tool could not do what it was asked, or found the answer is no: the message says why, for the user to read, and
 * the exit code is one of {@link ToolExit}'s ({@link ToolExit#USAGE} for a directory that is not what the tool
 * needs, {@link ToolExit#FAILED} for a damaged journal or a node that did not answer).
 */
public final class ToolException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    /**
     * An exception with a message for the user.
     *
     * @param exitCode the tool's exit code, one of {@link ToolExit}'s.
     * @param message  what is wrong, naming the file or directory.
     */
    public ToolException(final int exitCode, final String message)
    {
        super(message);
        this.exitCode = exitCode;
    }

    /**
     * The exit code the tool ends with.
     *
     * @return one of {@link ToolExit}'s.
     */
    public int exitCode()
    {
        return exitCode;
    }
}
