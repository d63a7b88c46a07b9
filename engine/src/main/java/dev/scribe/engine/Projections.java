package dev.scribe.engine;

import dev.scribe.journal.PositionFormat;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Queries over the engine's projections ({@link Engine#projections()}): now, once a projection has reached a
 * position (read your writes), or live, as a stream of results.
 *
 * <pre>{@code
 * Outcome outcome = engine.send(new Deposit("acc-1", 100)).join();
 * long balance = engine.projections().query(balances, outcome.position(), Duration.ofSeconds(1),
 *     b -> b.balance("acc-1"));
 * LiveQuery<List<String>> top = engine.projections().live(balances, b -> b.largest(10));
 * top.subscribe(subscriber);
 * }</pre>
 */
public final class Projections implements AutoCloseable
{
    /** Results a live query's subscriber may fall behind by, when not given. */
    public static final int LIVE_BUFFER_DEFAULT = 1024;

    private final List<ProjectionHandler> handlers;
    private final Supplier<JournalEvents> events;
    private final Supplier<EngineContext> context;
    private final LiveQueries live;
    private final Map<Thread, ProjectionRebuild> rebuilds = new HashMap<>();
    private boolean closed;

    /** The read models of an engine still being built: what it gives is asked for once it runs. */
    Projections(final List<ProjectionHandler> handlers, final Engine engine)
    {
        this.handlers = handlers;
        this.events = engine::events;
        this.context = engine::context;
        this.live = new LiveQueries(engine::errorHandler);
    }

    /**
     * Run a query against a projection's state, from any thread: it never sees half a batch of updates.
     *
     * @param projection a projection registered with the engine.
     * @param query      reads the projection.
     * @param <P>        the projection type.
     * @param <R>        the result type.
     * @return the query's result.
     * @throws IllegalArgumentException if the projection is not one of the engine's.
     */
    @SuppressWarnings("unchecked")
    public <P extends Projection, R> R query(final P projection, final Function<P, R> query)
    {
        return handler(projection).query(p -> query.apply((P)p));
    }

    /**
     * Run a query once the projection has applied every record up to a position: pass an {@link Outcome}'s
     * position to read your own writes.
     *
     * @param projection a projection registered with the engine.
     * @param position   the journal position to wait for.
     * @param timeout    the longest wait.
     * @param query      reads the projection.
     * @param <P>        the projection type.
     * @param <R>        the result type.
     * @return the query's result over a state that includes the position.
     * @throws EngineException          naming the position reached if the time ran out (or the wait was
     *                                  interrupted, with the interrupt kept).
     * @throws IllegalArgumentException if the projection is not one of the engine's.
     */
    @SuppressWarnings("unchecked")
    public <P extends Projection, R> R query(final P projection, final long position, final Duration timeout,
        final Function<P, R> query)
    {
        final ProjectionHandler handler = handler(projection);
        try
        {
            if (!handler.progress().await(position, timeout.toNanos()))
            {
                throw new EngineException("projection " + projection.getClass().getName() + " had applied the " +
                    "journal up to position " + PositionFormat.position(handler.progress().applied()) + ", not " +
                    PositionFormat.position(position) + ", after " +
                    timeout);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted while waiting for projection " + projection.getClass().getName() +
                " to reach position " + PositionFormat.position(position), ex);
        }
        return handler.query(p -> query.apply((P)p));
    }

    /**
     * How far a projection has applied the journal.
     *
     * @param projection a projection registered with the engine.
     * @return the position of the last record it applied, or -1.
     */
    public long position(final Projection projection)
    {
        return handler(projection).progress().applied();
    }

    /**
     * A live query over a projection, each subscriber with a buffer of {@value #LIVE_BUFFER_DEFAULT} results.
     *
     * @param projection a projection registered with the engine.
     * @param query      reads the projection; its result should implement {@code equals}.
     * @param <P>        the projection type.
     * @param <R>        the result type.
     * @return the live query; close it when done.
     */
    public <P extends Projection, R> LiveQuery<R> live(final P projection, final Function<P, R> query)
    {
        return live(projection, query, LIVE_BUFFER_DEFAULT);
    }

    /**
     * A live query over a projection.
     *
     * @param projection a projection registered with the engine.
     * @param query      reads the projection; its result should implement {@code equals}.
     * @param buffer     results a subscriber may fall behind by before it is dropped, 1 to 65,536.
     * @param <P>        the projection type.
     * @param <R>        the result type.
     * @return the live query; close it when done.
     */
    @SuppressWarnings("unchecked")
    public <P extends Projection, R> LiveQuery<R> live(final P projection, final Function<P, R> query,
        final int buffer)
    {
        if (buffer < 1 || buffer > 65_536)
        {
            throw new IllegalArgumentException("a live query's buffer must be 1 to 65536 results: " + buffer);
        }
        final ProjectionHandler handler = handler(projection);
        final LiveQuery<R> liveQuery = new LiveQuery<>(handler, p -> query.apply((P)p), buffer, live);
        handler.progress().listener(live::wake);
        live.add(liveQuery);
        return liveQuery;
    }

    /**
     * Build a new instance of a projection (a new version of its code, say) from the whole journal beside the one in
     * use, while commands keep flowing, and swap it in atomically once it has caught up: queries never see a
     * half-built one, and the one in use is dropped (queries by either instance then read the new one). For
     * in-memory projections, without a checkpoint or a snapshot name.
     *
     * @param inUse   a projection registered with the engine.
     * @param rebuilt a new, empty instance.
     * @param <P>     the projection type.
     * @return completes with the rebuilt projection once it is in place; exceptionally (the one in use stays) if its
     *         {@code onEvent} threw, the journal could not be read, or the engine closed first (closing the engine
     *         stops the rebuild at its next event, interrupting the one in hand, and waits for it up to
     *         {@link EngineContext#handlerStopTimeout}).
     * @throws IllegalArgumentException if the projection is not one of the engine's, keeps a checkpoint or a
     *                                  snapshot, or the new instance is one the engine uses or used.
     * @throws IllegalStateException    if the engine is closed, or the projection is being rebuilt already.
     * @throws IllegalStateException    if the engine is closed.
     */
    public <P extends Projection> CompletableFuture<P> rebuild(final P inUse, final P rebuilt)
    {
        final ProjectionHandler handler = handler(inUse);
        if (!handler.rebuiltFromStart())
        {
            throw new IllegalArgumentException("projection " + inUse.getClass().getName() + " keeps a checkpoint or " +
                "a snapshot: only in-memory projections are rebuilt beside the one in use");
        }
        if (null == rebuilt || handlers.stream().anyMatch(h -> h.answersTo(rebuilt)))
        {
            throw new IllegalArgumentException("the rebuild of " + inUse.getClass().getName() + " needs a new, empty " +
                "instance, not " + (null == rebuilt ? "null" : "one the engine used"));
        }
        final CompletableFuture<Projection> done = new CompletableFuture<>();
        final ProjectionRebuild rebuild = new ProjectionRebuild(handler, rebuilt, events, done);
        final Thread thread = new Thread(() ->
        {
            try
            {
                rebuild.run();
            }
            finally
            {
                ended(Thread.currentThread());
            }
        }, "scribe-rebuild-" + inUse.getClass().getSimpleName());
        thread.setDaemon(true);
        synchronized (this)
        {
            if (closed)
            {
                throw new IllegalStateException("the engine is closed: projection " + inUse.getClass().getName() +
                    " cannot be rebuilt");
            }
            if (rebuilds.values().stream().anyMatch(r -> r.handler() == handler && !r.finished()))
            {
                throw new IllegalStateException("projection " + inUse.getClass().getName() + " is being rebuilt " +
                    "already: wait for that rebuild's future");
            }
            rebuilds.put(thread, rebuild);
            thread.start();
        }
        @SuppressWarnings("unchecked")
        final CompletableFuture<P> typed = done.thenApply(p -> (P)p);
        return typed;
    }

    /**
     * Complete every live query's subscribers, stop the live-query thread and the rebuilds in progress. The user's
     * code they run (a subscriber's {@code onNext}, a rebuilt projection's {@code onEvent}) is interrupted, and waited
     * for up to {@link EngineContext#handlerStopTimeout} in all; past it, closing goes on without it, with a warning.
     */
    @Override
    public void close()
    {
        final Map<Thread, ProjectionRebuild> running;
        synchronized (this)
        {
            closed = true;
            running = new HashMap<>(rebuilds);
        }
        running.values().forEach(ProjectionRebuild::stop);
        final long waitNs = context.get().handlerStopTimeout().toNanos();
        final long deadlineNs = System.nanoTime() + waitNs;
        live.close(deadlineNs);
        running.forEach((thread, rebuild) ->
        {
            if (!ThreadJoin.awaitOrLeave(thread, deadlineNs, rebuild::inOnEvent, rebuild::stop))
            {
                rebuild.abandon(thread, TimeUnit.NANOSECONDS.toMillis(waitNs));
            }
        });
    }

    private synchronized void ended(final Thread rebuild)
    {
        rebuilds.remove(rebuild);
    }

    /** The engine's projections, in registration order. */
    List<ProjectionHandler> handlers()
    {
        return handlers;
    }

    private ProjectionHandler handler(final Projection projection)
    {
        for (final ProjectionHandler handler : handlers)
        {
            if (handler.answersTo(projection))
            {
                return handler;
            }
        }
        throw new IllegalArgumentException((null == projection ? "null" : projection.getClass().getName()) +
            " is not a projection of this engine");
    }
}
