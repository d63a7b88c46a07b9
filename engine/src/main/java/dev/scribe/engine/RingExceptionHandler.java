package dev.scribe.engine;

import com.lmax.disruptor.ExceptionHandler;
import org.agrona.ErrorHandler;

/**
 * The last line of defence on the ring's threads: user code is already isolated where it is called, so anything
 * that reaches here is an engine fault. It is reported, the slot's command is rejected if the business logic had
 * not finished it, and the thread goes on with the next slot instead of dying.
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
        if (null != slot && slot.carriesCommand() && null == slot.status)
        {
            slot.status = Outcome.Status.REJECTED;
            slot.reason = "internal error: " + Throwables.describe(ex);
        }
        report(new EngineException("ring slot " + sequence + " failed", ex));
    }

    @Override
    public void handleOnStartException(final Throwable ex)
    {
        report(new EngineException("a ring consumer failed to start", ex));
    }

    @Override
    public void handleOnShutdownException(final Throwable ex)
    {
        report(new EngineException("a ring consumer failed to stop", ex));
    }

    private void report(final Throwable ex)
    {
        try
        {
            errorHandler.onError(ex);
        }
        catch (final Throwable ignore)
        {
            // an error handler that fails has nowhere left to report to; the ring goes on
        }
    }
}
