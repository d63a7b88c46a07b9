package dev.scribe.journal;

/**
 * The journal could not do what was asked: it is locked by another writer, closed, full, or its files are damaged.
 */
public class JournalException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * A journal failure.
     *
     * @param message what went wrong, naming the journal directory or position.
     */
    public JournalException(final String message)
    {
        super(message);
    }

    /**
     * A journal failure with a cause.
     *
     * @param message what went wrong, naming the journal directory or position.
     * @param cause   the underlying failure.
     */
    public JournalException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
