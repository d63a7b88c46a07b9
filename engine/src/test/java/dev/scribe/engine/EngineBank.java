package dev.scribe.engine;

import dev.scribe.journal.Journal;
import dev.scribe.test.Deadlines;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link Bank} on a real engine in a directory. Balances are read from a projection, once it has caught up with the
 * last accepted command; errors reported to the engine's error handler fail {@link #close()}, but for the failure of
 * a {@link Bank.Fail} command's handler.
 */
final class EngineBank implements BankUnderTest
{
    /** Balances of open accounts, kept from the events, and the position of the last event seen. */
    static class Balances implements Projection
    {
        private final Map<String, Long> balances = new TreeMap<>();
        private long position = Journal.NULL_POSITION;

        @Override
        public void onEvent(final long position, final String aggregateId, final long version, final Object event)
        {
            this.position = position;
            if (event instanceof Bank.Opened)
            {
                balances.put(aggregateId, 0L);
            }
            else if (event instanceof Bank.Deposited deposited)
            {
                balances.merge(aggregateId, deposited.amount(), Long::sum);
            }
            else if (event instanceof Bank.Withdrawn withdrawn)
            {
                balances.merge(aggregateId, -withdrawn.amount(), Long::sum);
            }
        }

        long position()
        {
            return position;
        }

        Map<String, Long> copy()
        {
            return new TreeMap<>(balances);
        }
    }

    private final Path dir;
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private Engine engine;
    private Balances balances;
    private long lastPosition = Journal.NULL_POSITION;

    EngineBank(final Path dir)
    {
        this.dir = dir;
        launch();
    }

    private void launch()
    {
        balances = new Balances();
        engine = Engine.launch(Bank.context(dir).errorHandler(errors::add).projection(balances));
    }

    @Override
    public Outcome send(final Object command, final SendOptions options)
    {
        final Outcome outcome = await(engine.send(command, options));
        if (outcome.accepted() && !outcome.duplicate())
        {
            lastPosition = outcome.position();
        }
        return outcome;
    }

    @Override
    public Map<String, Long> balances()
    {
        final long target = lastPosition;
        Deadlines.await(() -> engine.query(balances, Balances::position) >= target,
            () -> "the balances projection to reach position " + target + " (at " +
                engine.query(balances, Balances::position) + ")", Deadlines.standard());
        return engine.query(balances, Balances::copy);
    }

    @Override
    public void restart()
    {
        engine.close();
        launch();
    }

    Engine engine()
    {
        return engine;
    }

    long stateHash()
    {
        return engine.stateHash();
    }

    @Override
    public void close()
    {
        engine.close();
        final List<Throwable> unexpected = errors.stream().filter(error -> !Bank.failError(error)).toList();
        if (!unexpected.isEmpty())
        {
            final AssertionError failure = new AssertionError("the engine reported " + unexpected.size() + " errors");
            unexpected.forEach(failure::addSuppressed);
            throw failure;
        }
    }

    /** The value of a future, which must complete normally within the standard deadline. */
    static <T> T await(final CompletableFuture<T> future)
    {
        final Duration deadline = Deadlines.standard();
        try
        {
            return future.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (final TimeoutException ex)
        {
            throw new AssertionError("timed out after " + Deadlines.describe(deadline) + " waiting for an outcome",
                ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", ex);
        }
        catch (final ExecutionException ex)
        {
            throw new AssertionError("the outcome completed exceptionally", ex.getCause());
        }
    }
}
