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
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

/**
 * What an engine shows of itself to other processes: its {@link EngineCounters} in {@code counters.dat} and its
 * error log in {@code errors.dat}, with the {@link EngineErrorHandler} that feeds the log, and the
 * {@link HandlerFailures} agent that reports command handlers that threw, on a thread of its own started at the first
 * failure. Created at launch, once
 * the journal's writer lock is held (so a second engine on the directory fails before it touches the files of the
 * first), and closed after the engine's threads have stopped; the files stay readable afterwards.
 *
 * <p>Counters are read in this process through {@link #value(int)}, which takes this object's lock, as
 * {@link #close()} does before it unmaps the file: a reader never touches unmapped memory, and after the close it
 * reads the last values. The threads that write the counters never take the lock.
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
    private final CountersReader reader;
    /** Counter id by type id, of the counters read so far; then, once closed, their last values. */
    private final Long2LongHashMap byType = new Long2LongHashMap(Long.MIN_VALUE);
    private boolean closed;

    private EngineMonitor(
        final CountersFile countersFile, final ErrorLogFile errorLogFile, final EngineContext context,
        final EpochClock clock, final CounterTotals totals)
    {
        this.countersFile = countersFile;
        this.errorLogFile = errorLogFile;
        final CountersManager manager = new CountersManager(countersFile.metaDataBuffer(),
            countersFile.valuesBuffer());
        reader = manager;
        counters = new EngineCounters(manager, context.ringSize(), totals);
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
        final CountersFile countersFile = CountersFile.create(context.directory(), pid, startTimeMs, access);
        ErrorLogFile errorLogFile = null;
        try
        {
            errorLogFile = ErrorLogFile.create(context.directory(), pid, startTimeMs, context.errorLogLength(),
                access);
            final EngineMonitor monitor = new EngineMonitor(countersFile, errorLogFile, context, clock, totals);
            if (null != totals.problem())
            {
                monitor.errorHandler.onError(new EngineException(totals.problem()));
            }
            return monitor;
        }
        catch (final RuntimeException ex)
        {
            countersFile.close();
            if (null != errorLogFile)
            {
                errorLogFile.close();
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
     * The value of the first counter of a type, from any thread, while the engine runs or after it has closed.
     *
     * @param typeId  the counter's type id.
     * @param missing what to answer if there is no counter of that type (yet).
     * @return its value, or {@code missing}.
     */
    synchronized long value(final int typeId, final long missing)
    {
        long id = byType.get(typeId);
        if (closed)
        {
            return id == byType.missingValue() ? missing : id; // the last value, kept at close
        }
        if (id == byType.missingValue())
        {
            id = find(typeId);
            if (id < 0)
            {
                return missing;
            }
            byType.put(typeId, id);
        }
        return reader.getCounterValue((int)id);
    }

    private int find(final int typeId)
    {
        for (int id = 0, max = reader.maxCounterId(); id <= max; id++)
        {
            if (reader.getCounterState(id) == CountersReader.RECORD_ALLOCATED && reader.getCounterTypeId(id) == typeId)
            {
                return id;
            }
        }
        return -1;
    }

    /**
     * Stop the handler failures' thread, once it has logged what is left, and unmap both files. Only once no other
     * thread can count or report an error any more. The counters' last values stay readable through
     * {@link #value(int, long)}.
     */
    @Override
    public void close()
    {
        synchronized (this)
        {
            byType.clear();
            for (int id = reader.maxCounterId(); id >= 0; id--)
            {
                // from the last id down, so the first counter of a type is the one kept
                if (reader.getCounterState(id) == CountersReader.RECORD_ALLOCATED)
                {
                    byType.put(reader.getCounterTypeId(id), reader.getCounterValue(id));
                }
            }
            closed = true;
        }
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
