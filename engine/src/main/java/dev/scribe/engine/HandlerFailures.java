package dev.scribe.engine;

import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.slf4j.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Command handlers that threw. The business-logic thread only counts each failure ({@link EngineCounters}) and hands
 * the throwable over through a bounded queue ({@link #failed}), dropping it if the queue is full; it never waits on
 * a log. This agent, on its own thread ({@code scribe-handler-failures}, which {@link EngineMonitor} starts at the
 * first failure), takes them off the queue: the first failure of each kind (exception class, where it was thrown,
 * which command) goes to the engine's error handler ({@code errors.dat}, the user's handler) and is logged at
 * {@code ERROR} with its stack trace on {@value #LOGGER_NAME}; later ones of a kind known already are only tallied,
 * and once a summary interval has passed one {@code WARN} line says how many there were and of which kinds. So a
 * handler that throws on every command costs a counter increment and a queue offer per command, and a few log lines
 * in all.
 *
 * <p>The engine's {@link CommandFixture} steps the agent by hand after each command, on the test's thread.
 */
final class HandlerFailures implements Agent
{
    /** The logger of handler failures. */
    static final String LOGGER_NAME = EngineLog.HANDLER_LOGGER_NAME;
    /** How often a summary of the failures not logged one by one is logged, at most. */
    static final long SUMMARY_INTERVAL_NS = TimeUnit.SECONDS.toNanos(10);
    /** Failures handed over and not yet taken; more are counted only. */
    static final int QUEUE_CAPACITY = 1024;
    /** Kinds remembered; failures of further kinds are counted only, and summarised. */
    static final int MAX_KINDS = 256;
    private static final int MOST_FREQUENT = 3;

    /** One failure handed over: the command's class and what its handler threw. */
    private record Failure(Class<?> command, Throwable error)
    {
    }

    private final ManyToOneConcurrentArrayQueue<Failure> queue = new ManyToOneConcurrentArrayQueue<>(QUEUE_CAPACITY);
    private final Consumer<Failure> taker = this::take;
    private final EngineCounters counters;
    private final ErrorHandler errorHandler;
    private final Logger log;
    private final NanoClock clock;
    private final long summaryIntervalNs;
    /** Each kind logged so far, with how many more of it were taken since the last summary. */
    private final Map<String, long[]> kinds = new HashMap<>();
    private Runnable firstFailure;
    private long windowStartNs;
    private long windowStartTotal;
    private long loggedInWindow;

    /**
     * Failures counted in these counters and reported to this handler and log.
     *
     * @param counters          where the business logic counts them.
     * @param errorHandler      told of the first failure of each kind (the engine's: error log, then the user's).
     * @param log               where they are logged.
     * @param clock             for the summary interval.
     * @param summaryIntervalNs how often, at most, a summary is logged.
     */
    HandlerFailures(final EngineCounters counters, final ErrorHandler errorHandler, final Logger log,
        final NanoClock clock, final long summaryIntervalNs)
    {
        this.counters = counters;
        this.errorHandler = errorHandler;
        this.log = log;
        this.clock = clock;
        this.summaryIntervalNs = summaryIntervalNs;
        this.windowStartNs = clock.nanoTime();
    }

    /**
     * Failures logged to {@value #LOGGER_NAME}, summarised every {@link #SUMMARY_INTERVAL_NS}; for a fixture, which
     * steps {@link #doWork()} itself.
     *
     * @param counters     where the business logic counts them.
     * @param errorHandler told of the first failure of each kind.
     */
    HandlerFailures(final EngineCounters counters, final ErrorHandler errorHandler)
    {
        this(counters, errorHandler, EngineLog.HANDLER, SystemNanoClock.INSTANCE, SUMMARY_INTERVAL_NS);
    }

    /**
     * A command's handler threw (business-logic thread): count it and hand it over, without waiting.
     *
     * @param command the command's class.
     * @param error   what the handler threw.
     */
    void failed(final Class<?> command, final Throwable error)
    {
        counters.handlerFailed();
        if (null != firstFailure)
        {
            final Runnable start = firstFailure;
            firstFailure = null;
            start.run();
        }
        if (queue.size() < QUEUE_CAPACITY)
        {
            queue.offer(new Failure(command, error));
        }
    }

    /**
     * Run something once, on the business-logic thread, at the first failure: start the thread that runs this agent,
     * so an engine whose handlers never throw has no such thread.
     *
     * @param action what to run.
     * @return this.
     */
    HandlerFailures onFirstFailure(final Runnable action)
    {
        firstFailure = action;
        return this;
    }

    @Override
    public int doWork()
    {
        final int taken = queue.drain(taker, QUEUE_CAPACITY);
        final long nowNs = clock.nanoTime();
        if (nowNs - windowStartNs >= summaryIntervalNs)
        {
            summarise(nowNs);
        }
        return taken;
    }

    /** Take what is left and log the last summary; once the business logic has stopped. */
    @Override
    public void onClose()
    {
        queue.drain(taker);
        summarise(clock.nanoTime());
    }

    @Override
    public String roleName()
    {
        return "scribe-handler-failures";
    }

    private void take(final Failure failure)
    {
        final Throwable error = failure.error();
        final StackTraceElement[] trace = error.getStackTrace();
        final String kind = error.getClass().getName() + (trace.length > 0 ? " at " + trace[0] : "") +
            " in the handler of " + failure.command().getName();
        final long[] repeats = kinds.get(kind);
        if (null != repeats)
        {
            repeats[0]++;
            return;
        }
        if (kinds.size() >= MAX_KINDS)
        {
            return; // counted, and summarised with the failures not logged one by one
        }
        kinds.put(kind, new long[1]);
        loggedInWindow++;
        final Throwable printable = Throwables.printable(error); // its getMessage() may throw
        log.error("the handler of {} threw, so the command was rejected with HANDLER_FAILED; later failures of " +
            "this kind are counted (scribe stat: commands whose handler threw) and summarised every {} s{}",
            failure.command().getName(), TimeUnit.NANOSECONDS.toSeconds(summaryIntervalNs), trace.length > 0 ? "" :
            " (the exception has no stack trace: the JVM leaves it out of an exception a compiled method throws " +
            "often; run with -XX:-OmitStackTraceInFastThrow to keep it)", printable);
        try
        {
            errorHandler.onError(new EngineException("the handler of " + failure.command().getName() +
                " threw; the command was rejected with HANDLER_FAILED", printable));
        }
        catch (final Throwable ignore)
        {
            // the engine's handler never throws (it reports its user's handler's failures itself)
        }
    }

    private void summarise(final long nowNs)
    {
        final long total = counters.handlerFailureCount();
        final long unlogged = total - windowStartTotal - loggedInWindow;
        if (unlogged > 0)
        {
            log.warn("command handlers threw {} more times in the last {} s ({} since launch), not logged one by " +
                "one; the most frequent: {}. The first of each kind was logged with its stack trace and is in the " +
                "error log (scribe errors DIR)", unlogged, TimeUnit.NANOSECONDS.toSeconds(nowNs - windowStartNs),
                total, mostFrequent());
        }
        windowStartNs = nowNs;
        windowStartTotal = total;
        loggedInWindow = 0;
        kinds.values().forEach(repeats -> repeats[0] = 0);
    }

    private String mostFrequent()
    {
        final List<Map.Entry<String, long[]>> frequent = new ArrayList<>();
        for (final Map.Entry<String, long[]> kind : kinds.entrySet())
        {
            if (kind.getValue()[0] > 0)
            {
                frequent.add(kind);
            }
        }
        if (frequent.isEmpty())
        {
            return "of kinds not examined (more failures than could be taken, or more kinds than " + MAX_KINDS + ")";
        }
        frequent.sort((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]));
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(MOST_FREQUENT, frequent.size()); i++)
        {
            text.append(i > 0 ? "; " : "").append(frequent.get(i).getValue()[0]).append(" x ")
                .append(frequent.get(i).getKey());
        }
        return text.toString();
    }
}
