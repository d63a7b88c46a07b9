package dev.scribe.journal.tool;

/**
 * A tool's arguments are wrong; the message names the argument and what is wrong with it, for the user to read.
 */
public final class UsageException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * An exception with a message for the user.
     *
     * @param message what is wrong, naming the argument.
     */
    public UsageException(final String message)
    {
        super(message);
    }

    /**
     * An exception with a message for the user and the failure that showed it.
     *
     * @param message what is wrong, naming the argument.
     * @param cause   the failure, such as a {@link NumberFormatException}.
     */
    public UsageException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
