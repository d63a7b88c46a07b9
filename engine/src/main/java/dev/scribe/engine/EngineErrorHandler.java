package dev.scribe.engine;

import org.agrona.ErrorHandler;
import org.agrona.concurrent.errors.DistinctErrorLog;

/**
 * Where every error the engine reports goes, from any thread: counted, written to the {@link DistinctErrorLog} in
 * {@code errors.dat}, then passed to the user's handler from the {@link EngineContext}. If the user's handler
 * throws, that is counted and logged too and goes no further, so it never stops the thread that reported the
 * error. An error the log has no room for (a new distinct error once the log is full) is also printed to standard
 * error, so none is lost.
 */
final class EngineErrorHandler implements ErrorHandler
{
    private final DistinctErrorLog log;
    private final EngineCounters counters;
    private final ErrorHandler userHandler;

    EngineErrorHandler(final DistinctErrorLog log, final EngineCounters counters, final ErrorHandler userHandler)
    {
        this.log = log;
        this.counters = counters;
        this.userHandler = userHandler;
    }

    @Override
    public void onError(final Throwable error)
    {
        record(error);
        try
        {
            userHandler.onError(error);
        }
        catch (final Throwable handlerFailure)
        {
            record(new EngineException("the error handler threw while handling " + error.getClass().getName(),
                handlerFailure));
        }
    }

    private void record(final Throwable error)
    {
        counters.error();
        if (!log.record(error))
        {
            // the log is full: standard error is the last place left
            error.printStackTrace();
        }
    }
}
