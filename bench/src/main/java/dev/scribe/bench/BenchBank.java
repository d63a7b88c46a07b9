package dev.scribe.bench;

import dev.scribe.codecs.journal.RecordWriter;
import dev.scribe.codecs.payload.PayloadCodec;
import dev.scribe.codecs.payload.RecordCodec;
import dev.scribe.engine.Aggregate;
import dev.scribe.engine.Decision;
import dev.scribe.engine.Engine;
import dev.scribe.engine.EngineContext;
import dev.scribe.engine.Outcome;
import dev.scribe.engine.Projection;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32C;

/**
 * The bank every engine benchmark runs: accounts that are opened, deposited into and withdrawn from (never below
 * zero), the same rules as the engine tests' bank. The workload is {@link #ACCOUNTS} accounts, each opened and
 * funded with {@link #OPENING_BALANCE} before measuring, then a cycle of {@link #AMOUNT} deposits into every account
 * followed by {@link #AMOUNT} withdrawals from every account: every command is accepted and emits one event, so every
 * command journals one record of the same size ({@link #recordLength()}).
 */
final class BenchBank
{
    /** Accounts the workload spreads its commands over. */
    static final int ACCOUNTS = 1024;
    /** Balance each account is funded with before measuring, so no withdrawal is refused. */
    static final long OPENING_BALANCE = 1_000_000_000L;
    /** Amount of every measured deposit and withdrawal. */
    static final long AMOUNT = 100;
    /** Epoch the engine records by default, for records built by hand. */
    static final long EPOCH = 1;

    record Open(String account)
    {
    }

    record Deposit(String account, long amount)
    {
    }

    record Withdraw(String account, long amount)
    {
    }

    record Opened(String account)
    {
    }

    record Deposited(long amount)
    {
    }

    record Withdrawn(long amount)
    {
    }

    /**
     * An account of the engine's bank.
     */
    static final class Account implements Aggregate
    {
        private boolean open;
        private long balance;

        void apply(final Opened event)
        {
            open = true;
        }

        void apply(final Deposited event)
        {
            balance += event.amount();
        }

        void apply(final Withdrawn event)
        {
            balance -= event.amount();
        }
    }

    private BenchBank()
    {
    }

    /**
     * The engine's settings for the bank, with a projection.
     *
     * @param directory  the engine directory.
     * @param projection registered behind the business logic, or null for none.
     */
    static EngineContext context(final Path directory, final Projection projection)
    {
        final EngineContext context = bank(directory);
        return null == projection ? context : context.projection(projection);
    }

    private static EngineContext bank(final Path directory)
    {
        return new EngineContext()
            .directory(directory)
            .aggregate(Account.class, Account::new)
            // pinned at the ids RecoveryFixture writes its journals with
            .event(Opened.class, codec(Opened.class).typeId())
            .event(Deposited.class, codec(Deposited.class).typeId())
            .event(Withdrawn.class, codec(Withdrawn.class).typeId())
            .command(Open.class, Open::account, (final Open cmd, final Account account, final Decision out) ->
            {
                if (account.open)
                {
                    out.reject(cmd.account() + " is already open");
                    return;
                }
                out.emit(new Opened(cmd.account()));
            })
            .command(Deposit.class, Deposit::account, (final Deposit cmd, final Account account, final Decision out) ->
            {
                if (!account.open)
                {
                    out.reject("no account " + cmd.account());
                }
                else if (cmd.amount() <= 0)
                {
                    out.reject("amount must be positive");
                }
                else
                {
                    out.emit(new Deposited(cmd.amount()));
                }
            })
            .command(Withdraw.class, Withdraw::account,
                (final Withdraw cmd, final Account account, final Decision out) ->
                {
                    if (account.balance < cmd.amount())
                    {
                        out.reject("insufficient funds: balance " + account.balance);
                        return;
                    }
                    out.emit(new Withdrawn(cmd.amount()));
                });
    }

    /**
     * The id of account {@code index}; every id has the same length.
     */
    static String accountId(final int index)
    {
        return String.format(Locale.ROOT, "acc-%04d", index);
    }

    /**
     * The measured commands, built once: a deposit into every account, then a withdrawal from every account.
     * Producers cycle through it, each from its own starting point.
     */
    static Object[] commandCycle()
    {
        final Object[] commands = new Object[2 * ACCOUNTS];
        for (int i = 0; i < ACCOUNTS; i++)
        {
            commands[i] = new Deposit(accountId(i), AMOUNT);
            commands[ACCOUNTS + i] = new Withdraw(accountId(i), AMOUNT);
        }
        return commands;
    }

    /**
     * The commands that open and fund every account, in order.
     */
    static List<Object> openingCommands()
    {
        final List<Object> commands = new ArrayList<>(2 * ACCOUNTS);
        for (int i = 0; i < ACCOUNTS; i++)
        {
            commands.add(new Open(accountId(i)));
            commands.add(new Deposit(accountId(i), OPENING_BALANCE));
        }
        return commands;
    }

    /**
     * Open and fund every account of a freshly launched engine, and wait until all of it is done.
     *
     * @throws IllegalStateException if a command is not accepted.
     */
    static void open(final Engine engine)
    {
        final List<CompletableFuture<Outcome>> futures = new ArrayList<>(2 * ACCOUNTS);
        for (final Object command : openingCommands())
        {
            futures.add(engine.send(command));
        }
        for (final CompletableFuture<Outcome> future : futures)
        {
            checkAccepted(future.join());
        }
    }

    /**
     * Fail the run on a command the workload expects to be accepted.
     */
    static void checkAccepted(final Outcome outcome)
    {
        if (!outcome.accepted())
        {
            throw new IllegalStateException("a benchmark command was not accepted: " + outcome);
        }
    }

    /**
     * Fail the run on a command the workload expects to be accepted, or that a primary completed without a
     * standby's acknowledgement ({@link Outcome#degraded()}) when it asked for one.
     */
    static void checkReplicated(final Outcome outcome)
    {
        checkAccepted(outcome);
        if (outcome.degraded())
        {
            throw new IllegalStateException("a benchmark command completed without the standby: " + outcome);
        }
    }

    /**
     * The codec the engine registers for {@link Deposited}: a record codec under its default type id (CRC32C of the
     * simple name), version 1.
     */
    static PayloadCodec<Deposited> depositedCodec()
    {
        return codec(Deposited.class);
    }

    /**
     * The codec the engine registers for a bank event: a record codec under its default type id (CRC32C of the
     * simple name), version 1.
     */
    static <T extends Record> PayloadCodec<T> codec(final Class<T> type)
    {
        final CRC32C crc = new CRC32C();
        crc.update(type.getSimpleName().getBytes(StandardCharsets.UTF_8));
        return RecordCodec.of(type, (int)(crc.getValue() & 0x7FFF_FFFF), 1);
    }

    /**
     * Build the record the engine journals for a measured deposit: one aggregate at its new version, one
     * {@link Deposited} event, no idempotency key, sealed with its CRC32C.
     *
     * @return the record's length.
     */
    static int writeDepositRecord(
        final RecordWriter writer,
        final PayloadCodec<Deposited> codec,
        final Deposited event,
        final String accountId,
        final long sequence)
    {
        return writer
            .begin(EPOCH, sequence, sequence, 0)
            .aggregate(accountId, sequence)
            .event(0, codec, event)
            .finish();
    }

    /**
     * Length of the record the engine journals for each measured command.
     */
    static int recordLength()
    {
        return writeDepositRecord(new RecordWriter(), depositedCodec(), new Deposited(AMOUNT), accountId(0), 1);
    }
}
