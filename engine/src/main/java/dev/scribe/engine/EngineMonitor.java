package dev.scribe.engine;

import dev.scribe.engine.monitor.CountersFile;
import dev.scribe.engine.monitor.ErrorLogFile;
import dev.scribe.journal.FileAccess;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.errors.DistinctErrorLog;
import org.agrona.concurrent.status.CountersManager;

/**
 * What an engine shows of itself to other processes: its {@link EngineCounters} in {@code counters.dat} and its
 * error log in {@code errors.dat}, with the {@link EngineErrorHandler} that feeds the log, and the
 * {@link HandlerFailures} agent that reports command handlers that threw, on a thread of its own started at the first
 * failure. Created at launch, once
 * the journal's writer lock is held (so a second engine on the directory fails before it touches the files of the
 * first), and closed after the engine's threads have stopped; the files stay readable afterwards.
 */
final class EngineMonitor implements AutoCloseable
{
    private static final long NANOS_PER_MILLI = 1_000_000L;
    /** How long the handler failures' thread sleeps when it finds none: it logs, so it need not be quick. */
    private static final long HANDLER_FAILURES_IDLE_MS = 100;

    private final CountersFile countersFile;
    private final ErrorLogFile errorLogFile;
    private final EngineCounters counters;
    private final EngineErrorHandler errorHandler;
    private final HandlerFailures handlerFailures;
    private final AgentRunner handlerFailuresRunner;

    private EngineMonitor(
        final CountersFile countersFile, final ErrorLogFile errorLogFile, final EngineContext context,
        final EpochClock clock, final CounterTotals totals)
    {
        this.countersFile = countersFile;
        this.errorLogFile = errorLogFile;
        counters = new EngineCounters(new CountersManager(countersFile.metaDataBuffer(), countersFile.valuesBuffer()),
            context.ringSize(), totals);
        errorHandler = new EngineErrorHandler(
            new DistinctErrorLog(errorLogFile.buffer(), clock), counters, context.errorHandler());
        handlerFailures = new HandlerFailures(counters, errorHandler);
        handlerFailuresRunner = new AgentRunner(new SleepingMillisIdleStrategy(HANDLER_FAILURES_IDLE_MS),
            errorHandler, null, handlerFailures);
        handlerFailures.onFirstFailure(() -> AgentRunner.startOnThread(handlerFailuresRunner, runnable ->
        {
            final Thread thread = new Thread(runnable, handlerFailures.roleName());
            thread.setDaemon(true);
            return thread;
        }));
    }

    /**
     * Create the counters and error log files of an engine, replacing those of an earlier run; the counters that are
     * totals carry on from the earlier run's ({@link CounterTotals}).
     *
     * @param context the concluded engine context.
     * @return the monitor.
     * @throws EngineException if a file cannot be created.
     */
    static EngineMonitor create(final EngineContext context)
    {
        final EpochNanoClock nanoClock = context.epochNanoClock();
        final EpochClock clock = () -> nanoClock.nanoTime() / NANOS_PER_MILLI;
        final long pid = ProcessHandle.current().pid();
        final long startTimeMs = clock.time();
        final FileAccess access = context.journalContext().fileAccess();
        final CounterTotals totals = CounterTotals.read(context.directory());
        // the error log first (the previous one is kept aside), so that once the counters file has replaced the
        // previous run's, which held the totals, nothing that can fail comes before the totals are in the new one
        final ErrorLogFile errorLogFile = ErrorLogFile.create(context.directory(), pid, startTimeMs,
            context.errorLogLength(), access);
        CountersFile countersFile = null;
        try
        {
            countersFile = CountersFile.create(context.directory(), pid, startTimeMs, access);
            final EngineMonitor monitor = new EngineMonitor(countersFile, errorLogFile, context, clock, totals);
            if (null != totals.problem())
            {
                monitor.errorHandler.onError(new EngineException(totals.problem()));
            }
            return monitor;
        }
        catch (final RuntimeException ex)
        {
            errorLogFile.close();
            if (null != countersFile)
            {
                countersFile.close();
            }
            throw ex;
        }
    }

    EngineCounters counters()
    {
        return counters;
    }

    /**
     * The handler every error of the engine goes to: counts, logs, then calls the user's handler.
     */
    ErrorHandler errorHandler()
    {
        return errorHandler;
    }

    /**
     * Where the business logic reports a command handler that threw.
     */
    HandlerFailures handlerFailures()
    {
        return handlerFailures;
    }

    /**
     * Stop the handler failures' thread, once it has logged what is left, and unmap both files. Only once no other
     * thread can count or report an error any more; the counters' last values stay readable in this process
     * ({@link CounterReads}).
     */
    @Override
    public void close()
    {
        counters.reads().close();
        try
        {
            handlerFailuresRunner.close();
            errorLogFile.close();
        }
        finally
        {
            countersFile.close();
        }
    }
}
