package dev.scribe.engine;

import com.lmax.disruptor.ExceptionHandler;
import org.agrona.ErrorHandler;

/**
 * Reports what escapes a ring consumer to the engine's error handler, so it is counted and logged. The consumers
 * catch the errors of user code themselves, so an exception here is a fault of the engine: the consumer's thread
 * stops, as with the Disruptor's default handler, rather than go on from a state nobody checked.
 */
final class RingExceptionHandler implements ExceptionHandler<CommandSlot>
{
    private final ErrorHandler errorHandler;

    RingExceptionHandler(final ErrorHandler errorHandler)
    {
        this.errorHandler = errorHandler;
    }

    @Override
    public void handleEventException(final Throwable ex, final long sequence, final CommandSlot slot)
    {
        final EngineException fault = new EngineException("a ring consumer threw at sequence " + sequence +
            "; its thread stops", ex);
        errorHandler.onError(fault);
        throw fault;
    }

    @Override
    public void handleOnStartException(final Throwable ex)
    {
        errorHandler.onError(new EngineException("a ring consumer failed to start", ex));
    }

    @Override
    public void handleOnShutdownException(final Throwable ex)
    {
        errorHandler.onError(new EngineException("a ring consumer failed to shut down", ex));
    }
}
