package dev.scribe.engine.snapshot;

/**
 * A snapshot could not be written, or a snapshot file is damaged, partial or not a snapshot at all. The message names
 * the file and what is wrong with it.
 */
public final class SnapshotException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * A snapshot failure.
     *
     * @param message what went wrong, naming the file.
     */
    public SnapshotException(final String message)
    {
        super(message);
    }

    /**
     * A snapshot failure with a cause.
     *
     * @param message what went wrong, naming the file.
     * @param cause   the underlying failure.
     */
    public SnapshotException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
