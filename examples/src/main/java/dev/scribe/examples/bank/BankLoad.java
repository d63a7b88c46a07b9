package dev.scribe.examples.bank;

import dev.scribe.engine.Engine;
import dev.scribe.engine.Outcome;
import dev.scribe.examples.bank.BankCommand.Deposit;
import dev.scribe.examples.bank.BankCommand.OpenAccount;
import dev.scribe.examples.bank.BankCommand.Transfer;
import dev.scribe.examples.bank.BankCommand.Withdraw;
import dev.scribe.journal.PositionFormat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives a running bank from several producer threads: a random mix of deposits, withdrawals (some over the
 * balance, so rejected) and transfers between the accounts {@link #openAccounts()} opened. Each producer keeps a
 * bounded window of commands in flight and waits for the oldest before sending more, so memory stays flat however
 * many commands are sent; it tallies every outcome, which is how the money that went in and out is known.
 */
public final class BankLoad
{
    /** Commands each producer keeps in flight by default. */
    public static final int WINDOW_DEFAULT = 2_048;
    /** How often {@link #run(int, LongConsumer)} tells its progress. */
    public static final long PROGRESS_INTERVAL_MS = 200;

    /**
     * What a run did.
     *
     * @param commands     commands sent.
     * @param accepted     commands accepted.
     * @param rejected     commands rejected.
     * @param overdrafts   of the rejected, withdrawals and transfers over the balance.
     * @param deposited    money deposited by accepted deposits.
     * @param withdrawn    money taken out by accepted withdrawals.
     * @param lastPosition the highest journal position of an accepted command.
     * @param elapsedNs    from the first command sent to the last outcome.
     */
    public record Result(long commands, long accepted, long rejected, long overdrafts, long deposited,
        long withdrawn, long lastPosition, long elapsedNs)
    {
        /**
         * The rate the commands were decided at.
         *
         * @return commands per second.
         */
        public double commandsPerSecond()
        {
            return commands * 1e9 / Math.max(1, elapsedNs);
        }
    }

    private final Engine engine;
    private final String[] accounts;
    private final int producers;
    private final int window;
    private final long seed;
    private final LongAdder settled = new LongAdder();

    /**
     * A load over a running bank.
     *
     * @param engine    an engine launched with {@link Bank#context}.
     * @param accounts  how many accounts to open and use.
     * @param producers how many threads send commands.
     * @param window    how many commands each thread keeps in flight.
     * @param seed      seeds each thread's random choices.
     */
    public BankLoad(final Engine engine, final int accounts, final int producers, final int window, final long seed)
    {
        if (accounts < 2 || producers < 1 || window < 1)
        {
            throw new IllegalArgumentException("need at least 2 accounts, 1 producer and a window of 1: accounts " +
                accounts + ", producers " + producers + ", window " + window);
        }
        this.engine = engine;
        this.accounts = new String[accounts];
        for (int i = 0; i < accounts; i++)
        {
            this.accounts[i] = accountId(i);
        }
        this.producers = producers;
        this.window = window;
        this.seed = seed;
    }

    /**
     * The id of the account with an index.
     *
     * @param index from 0.
     * @return the id, as {@code acc-0042}.
     */
    public static String accountId(final int index)
    {
        return String.format(Locale.ROOT, "acc-%04d", index);
    }

    /**
     * Open every account, from this thread.
     *
     * @return the journal position of the last opening.
     * @throws IllegalStateException if an account cannot be opened.
     */
    public long openAccounts()
    {
        final List<CompletableFuture<Outcome>> outcomes = new ArrayList<>(accounts.length);
        for (final String account : accounts)
        {
            outcomes.add(engine.send(new OpenAccount(account)));
        }
        long lastPosition = -1;
        for (int i = 0; i < accounts.length; i++)
        {
            final Outcome outcome = outcomes.get(i).join();
            if (!outcome.accepted())
            {
                throw new IllegalStateException("cannot open " + accounts[i] + ": " + outcome.reason());
            }
            lastPosition = Math.max(lastPosition, outcome.position());
        }
        return lastPosition;
    }

    /**
     * Send commands from the producer threads and wait for every outcome.
     *
     * @param commands how many, split between the threads.
     * @return what happened.
     * @throws InterruptedException if interrupted while waiting for the threads.
     * @throws IllegalStateException if a command was refused (engine closed) or a producer failed.
     */
    public Result run(final int commands) throws InterruptedException
    {
        return run(commands, settledSoFar -> { });
    }

    /**
     * Send commands from the producer threads and wait for every outcome, telling how many are settled as it goes.
     *
     * @param commands how many, split between the threads.
     * @param progress told the commands settled so far (decided and tallied), every
     *                 {@value #PROGRESS_INTERVAL_MS} ms, on this thread.
     * @return what happened.
     * @throws InterruptedException if interrupted while waiting for the threads.
     * @throws IllegalStateException if a command was refused (engine closed) or a producer failed.
     */
    public Result run(final int commands, final LongConsumer progress) throws InterruptedException
    {
        settled.reset();
        final AtomicInteger threadCount = new AtomicInteger();
        final ExecutorService threads = Executors.newFixedThreadPool(producers,
            runnable -> new Thread(runnable, "bank-producer-" + threadCount.getAndIncrement()));
        try
        {
            final long startNs = System.nanoTime();
            final List<Future<Producer>> running = new ArrayList<>(producers);
            for (int i = 0; i < producers; i++)
            {
                final int share = commands / producers + (i < commands % producers ? 1 : 0);
                final Producer producer = new Producer(new SplittableRandom(seed * 1_000_003L + i), share);
                running.add(threads.submit(producer::call));
            }
            final Producer total = new Producer(null, 0);
            for (final Future<Producer> producer : running)
            {
                total.add(result(producer, progress));
            }
            return total.result(System.nanoTime() - startNs);
        }
        finally
        {
            threads.shutdownNow();
            threads.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private Producer result(final Future<Producer> producer, final LongConsumer progress)
        throws InterruptedException
    {
        while (true)
        {
            try
            {
                return producer.get(PROGRESS_INTERVAL_MS, TimeUnit.MILLISECONDS);
            }
            catch (final TimeoutException ex)
            {
                progress.accept(settled.sum());
            }
            catch (final ExecutionException ex)
            {
                throw new IllegalStateException("a producer failed: " + ex.getCause(), ex.getCause());
            }
        }
    }

    /**
     * Wait until a view has the events of every record up to a position: it trails the outcomes a little.
     *
     * @param engine    the engine the view belongs to.
     * @param view      the view.
     * @param position  a journal position from an accepted outcome.
     * @param timeoutMs how long to wait.
     * @throws IllegalStateException if the view is not there in time.
     */
    public static void awaitView(final Engine engine, final BalancesView view, final long position,
        final long timeoutMs)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        long seen;
        while ((seen = engine.query(view, BalancesView::position)) < position)
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new IllegalStateException("the balances view did not reach position " +
                    PositionFormat.position(position) + " within " + timeoutMs + " ms; it is at " +
                    PositionFormat.position(seen));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /** One producer thread: sends its share of commands through a bounded window and tallies the outcomes. */
    private final class Producer
    {
        private final ArrayDeque<Pending> inFlight = new ArrayDeque<>(window);
        private final SplittableRandom random;
        private final int commands;
        private long accepted;
        private long rejected;
        private long overdrafts;
        private long deposited;
        private long withdrawn;
        private long lastPosition = -1;

        Producer(final SplittableRandom random, final int commands)
        {
            this.random = random;
            this.commands = commands;
        }

        Producer call()
        {
            for (int i = 0; i < commands; i++)
            {
                if (inFlight.size() == window)
                {
                    settle(inFlight.poll());
                }
                inFlight.add(sendOne());
            }
            while (!inFlight.isEmpty())
            {
                settle(inFlight.poll());
            }
            return this;
        }

        /**
         * Half deposits, a quarter withdrawals, a quarter transfers; amounts up to 1,000, or 2,000 for withdrawals,
         * so money goes out about as fast as it comes in and balances stay low enough for overdrafts.
         */
        private Pending sendOne()
        {
            final int choice = random.nextInt(4);
            final String account = accounts[random.nextInt(accounts.length)];
            if (choice < 2)
            {
                final long amount = 1 + random.nextInt(1_000);
                return new Pending(engine.send(new Deposit(account, amount)), Kind.DEPOSIT, amount);
            }
            if (choice == 2)
            {
                final long amount = 1 + random.nextInt(2_000);
                return new Pending(engine.send(new Withdraw(account, amount)), Kind.WITHDRAWAL, amount);
            }
            final long amount = 1 + random.nextInt(1_000);
            String to = account;
            while (to.equals(account))
            {
                to = accounts[random.nextInt(accounts.length)];
            }
            return new Pending(engine.send(new Transfer(account, to, amount)), Kind.TRANSFER, amount);
        }

        private void settle(final Pending pending)
        {
            final Outcome outcome = pending.outcome().join();
            settled.increment();
            if (outcome.accepted())
            {
                accepted++;
                lastPosition = Math.max(lastPosition, outcome.position());
                deposited += pending.kind() == Kind.DEPOSIT ? pending.amount() : 0;
                withdrawn += pending.kind() == Kind.WITHDRAWAL ? pending.amount() : 0;
            }
            else if (outcome.status() == Outcome.Status.REJECTED)
            {
                rejected++;
                overdrafts += outcome.reason().startsWith("insufficient funds") ? 1 : 0;
            }
            else
            {
                throw new IllegalStateException("a command was refused: " + outcome);
            }
        }

        void add(final Producer other)
        {
            accepted += other.accepted;
            rejected += other.rejected;
            overdrafts += other.overdrafts;
            deposited += other.deposited;
            withdrawn += other.withdrawn;
            lastPosition = Math.max(lastPosition, other.lastPosition);
        }

        Result result(final long elapsedNs)
        {
            return new Result(accepted + rejected, accepted, rejected, overdrafts, deposited, withdrawn,
                lastPosition, elapsedNs);
        }
    }

    /** The kinds of command a producer sends. */
    private enum Kind
    {
        DEPOSIT,
        WITHDRAWAL,
        TRANSFER
    }

    /** A command sent and not yet settled, with what it would move if accepted. */
    private record Pending(CompletableFuture<Outcome> outcome, Kind kind, long amount)
    {
    }
}
