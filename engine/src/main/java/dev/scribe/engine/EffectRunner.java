package dev.scribe.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs the outbox: every {@link EffectRequested} the sagas journal, outside the ring, on a subscription's thread
 * ({@code effects-<name>}, with its durable checkpoint, retries and parked events). Each effect's handler is called
 * with the request and its idempotency key; its {@link EffectResult} goes back to the saga as a {@link SagaSignal}
 * sent with the key {@code <effect key>:result}, and the effect counts as done once that is journaled. A handler that
 * throws is tried again with backoff; after the last attempt the effect is parked (list, retry or skip it with
 * {@code scribe parked} or {@link RunningSubscription}), and its saga waits, or times out.
 *
 * <p><b>Delivery.</b> After a crash or a fail-over the runner starts again from its checkpoint: no effect is lost,
 * and an effect whose result was journaled is not run again (the runner reads the journal's results once, when it is
 * handed its first effect: a read of the whole journal). An effect that ran but whose result was not journaled runs
 * again, with the same key: effects are delivered at least once, and exactly once only to a receiver that honours the
 * key.
 *
 * <pre>{@code
 * EffectRunner payments = EffectRunner.on(engine, "payments")
 *     .handle(Charge.class, (charge, key) -> provider.charge(key, charge))
 *     .start();
 * }</pre>
 */
public final class EffectRunner implements AutoCloseable
{
    /** The default tries: five, from 100 ms apart to 5 s. */
    public static final RetryPolicy DEFAULT_RETRY = RetryPolicy.backoff(5, Duration.ofMillis(100),
        Duration.ofSeconds(5));
    /** Effects handed over at a time: their results are sent without waiting, then waited for together. */
    static final int CHUNK = 64;

    /**
     * Runs one kind of effect.
     *
     * @param <R> the request type.
     */
    @FunctionalInterface
    public interface Handler<R extends Record>
    {
        /**
         * Run an effect.
         *
         * @param request what to do.
         * @param key     the same every time this effect is run: pass it to the receiver to have it done once.
         * @return the result.
         * @throws Exception if it is not known whether it happened; the runner tries again.
         */
        EffectResult run(R request, String key) throws Exception;
    }

    /** An effect runner being set up. */
    public static final class Builder
    {
        private final Engine engine;
        private final String name;
        private final Map<String, Kind<?>> kinds = new HashMap<>();
        private RetryPolicy retry = DEFAULT_RETRY;
        private int partitions = 1;

        private Builder(final Engine engine, final String name)
        {
            this.engine = engine;
            this.name = name;
        }

        /**
         * Run requests of a type with a handler.
         *
         * @param type    the request's record class.
         * @param handler runs it.
         * @param <R>     the request type.
         * @return this builder.
         */
        public <R extends Record> Builder handle(final Class<R> type, final Handler<R> handler)
        {
            if (null != kinds.put(type.getName(), new Kind<>(type, Objects.requireNonNull(handler, "handler"))))
            {
                throw new IllegalArgumentException("effect runner " + name + " has two handlers of " + type.getName());
            }
            return this;
        }

        /**
         * How a handler that throws is tried again. Default: {@link #DEFAULT_RETRY}.
         *
         * @param policy the policy.
         * @return this builder.
         */
        public Builder retry(final RetryPolicy policy)
        {
            retry = Objects.requireNonNull(policy, "retry");
            return this;
        }

        /**
         * Run effects of different saga runs at once, on this many threads; the effects of one run stay in order.
         * Default: 1.
         *
         * @param count 1 to {@link Subscription#MAX_PARTITIONS}.
         * @return this builder.
         */
        public Builder partitions(final int count)
        {
            partitions = count;
            return this;
        }

        /**
         * Start running effects.
         *
         * @return the runner; close it to stop.
         */
        public EffectRunner start()
        {
            if (kinds.isEmpty())
            {
                throw new IllegalArgumentException("effect runner " + name + " has no handlers");
            }
            if (engine.role() != EngineRole.PRIMARY)
            {
                throw new IllegalStateException("effect runner " + name + " runs on the primary; this engine is the " +
                    engine.role() + " (start the runner once it is promoted)");
            }
            return new EffectRunner(this);
        }
    }

    private record Kind<R extends Record>(Class<R> type, Handler<R> handler)
    {
        EffectResult run(final byte[] request, final String key) throws Exception
        {
            return handler.run(type.cast(Effects.decode(type, request)), key);
        }
    }

    private final Engine engine;
    private final Map<String, Kind<?>> kinds;
    private final Set<String> done = ConcurrentHashMap.newKeySet();
    private final RunningSubscription subscription;
    private volatile boolean scanned;

    private EffectRunner(final Builder builder)
    {
        this.engine = builder.engine;
        this.kinds = Map.copyOf(builder.kinds);
        this.subscription = engine.subscriptions().start(Subscription.named("effects-" + builder.name)
            .eventTypes(EffectRequested.class).chunkSize(CHUNK).retry(builder.retry)
            .partitions(builder.partitions, event -> ((EffectRequested)event.event()).saga()).handler(this::run));
    }

    /**
     * Effects run by a name: the subscription {@code effects-<name>} keeps where they are.
     *
     * @param engine the engine whose sagas journal the effects; a primary.
     * @param name   names the runner's subscription.
     * @return a builder, to add handlers to.
     */
    public static Builder on(final Engine engine, final String name)
    {
        return new Builder(Objects.requireNonNull(engine, "engine"), name);
    }

    /**
     * The subscription the runner reads with: its position, its parked effects.
     *
     * @return the subscription.
     */
    public RunningSubscription subscription()
    {
        return subscription;
    }

    /** Stop running effects; one in progress finishes first (up to the engine's handler stop timeout). */
    @Override
    public void close()
    {
        subscription.close();
    }

    /**
     * Run a chunk of effects in order, sending each result without waiting for it, then wait for them all: the chunk
     * counts as handled (and the checkpoint moves past it) only once every result is journaled. If an effect throws,
     * the results already sent are waited for and kept, and the chunk is handed over again by the retry policy, its
     * done effects passed over; after the last attempt each effect is tried alone and the one that still fails is
     * parked.
     */
    private void run(final List<JournalEvent> chunk)
    {
        if (!scanned)
        {
            collectResults();
        }
        final List<String> keys = new ArrayList<>();
        final List<CompletableFuture<Outcome>> results = new ArrayList<>();
        RuntimeException failure = null;
        for (final JournalEvent journaled : chunk)
        {
            final EffectRequested effect = (EffectRequested)journaled.event();
            if (done.contains(effect.key()))
            {
                continue;
            }
            try
            {
                final EffectResult result = runOne(effect);
                results.add(engine.send(new SagaSignal(effect.saga(), effect.step(), effect.compensation(),
                    result.ok(), result.detail()), SendOptions.defaults().idempotencyKey(effect.key() + ":result")));
                keys.add(effect.key());
            }
            catch (final RuntimeException ex)
            {
                failure = ex;
                break;
            }
        }
        for (int i = 0; i < results.size(); i++)
        {
            final Outcome outcome = results.get(i).join();
            if (outcome.accepted() || outcome.status() == Outcome.Status.REJECTED ||
                outcome.status() == Outcome.Status.HANDLER_FAILED)
            {
                done.add(keys.get(i)); // a rejection: the saga no longer waits for it
            }
            else if (null == failure)
            {
                failure = new EngineException("the result of effect " + keys.get(i) + " was not journaled: " +
                    outcome);
            }
        }
        if (null != failure)
        {
            throw failure;
        }
    }

    private EffectResult runOne(final EffectRequested effect)
    {
        final Kind<?> kind = kinds.get(effect.requestType());
        if (null == kind)
        {
            throw new IllegalStateException("effect runner has no handler of " + effect.requestType() + " for " +
                effect.saga() + " step " + effect.step());
        }
        try
        {
            return Objects.requireNonNull(kind.run(effect.request(), effect.key()), "the handler's result");
        }
        catch (final RuntimeException ex)
        {
            throw ex;
        }
        catch (final Exception ex)
        {
            throw new EngineException("effect " + effect.key() + " failed: " + ex.getMessage(), ex);
        }
    }

    /**
     * The effects whose results are journaled: read from the whole journal once, by the first partition handed an
     * effect (the others wait for it); from then on the runner learns of results as it journals them.
     */
    private synchronized void collectResults()
    {
        if (scanned)
        {
            return;
        }
        String cursor = null;
        EventPage page;
        do
        {
            page = engine.events().forward(cursor, JournalEvents.MAX_PAGE);
            for (final JournalEvent event : page.events())
            {
                if (event.event() instanceof SagaStepEnded ended)
                {
                    done.add(event.aggregateId() + ":" + ended.name() + (ended.compensation() ? ":undo" : ""));
                }
            }
            cursor = page.cursor();
        }
        while (!page.end());
        scanned = true;
    }
}
