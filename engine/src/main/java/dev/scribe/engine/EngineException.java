package dev.scribe.engine;

/**
 * The engine could not launch, or was used wrongly (closed, misconfigured).
 */
public final class EngineException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * An engine failure.
     *
     * @param message what went wrong.
     */
    public EngineException(final String message)
    {
        super(message);
    }

    /**
     * An engine failure with a cause.
     *
     * @param message what went wrong.
     * @param cause   the underlying failure.
     */
    public EngineException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
