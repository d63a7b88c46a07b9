package dev.scribe.replication;

import dev.scribe.engine.Aggregate;
import dev.scribe.engine.Decision;
import dev.scribe.engine.EngineContext;
import dev.scribe.engine.EngineRole;
import dev.scribe.test.Deadlines;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A small replicated bank for tests: accounts with deposits and transfers, and helpers to build node contexts.
 */
final class Nodes
{
    static final byte[] SECRET = "a shared secret of enough bytes".getBytes(StandardCharsets.UTF_8);

    record Deposit(String account, long amount) {}
    record Transfer(String from, String to, long amount) {}
    record Deposited(long amount) {}
    record Withdrawn(long amount) {}

    /** An account. */
    static final class Account implements Aggregate
    {
        long balance;

        void apply(final Deposited event)
        {
            balance += event.amount();
        }

        void apply(final Withdrawn event)
        {
            balance -= event.amount();
        }
    }

    private Nodes()
    {
    }

    static EngineContext bank(final Path dir)
    {
        return new EngineContext()
            .directory(dir)
            .hashCheckInterval(64)
            .aggregate(Account.class, Account::new)
            .command(Deposit.class, Deposit::account, (Deposit cmd, Account account, Decision out) ->
                out.emit(new Deposited(cmd.amount())))
            .command(Transfer.class, Transfer::from, (Transfer cmd, Account from, Decision out) ->
            {
                if (from.balance < cmd.amount())
                {
                    out.reject("insufficient funds");
                    return;
                }
                out.emit(new Withdrawn(cmd.amount()));
                out.aggregate(Account.class, cmd.to()).emit(new Deposited(cmd.amount()));
            });
    }

    static ReplicationContext node(final int id, final Path dir, final EngineRole role, final InetSocketAddress peer)
    {
        return new ReplicationContext()
            .clusterId("test-cluster")
            .nodeId(id)
            .listen(new InetSocketAddress("127.0.0.1", 0))
            .peer(peer)
            .secret(SECRET)
            .initialRole(role)
            .newCluster(true)
            .engine(() -> bank(dir));
    }

    /** Collects a node's log lines. */
    static final class Log implements Consumer<String>
    {
        final List<String> lines = new CopyOnWriteArrayList<>();
        private final String name;

        Log(final String name)
        {
            this.name = name;
        }

        @Override
        public void accept(final String line)
        {
            lines.add(line);
            System.err.println(name + ": " + line);
        }
    }

    /**
     * The result of a future, once it is done (within the standard deadline): its value, or the
     * {@link java.util.concurrent.CompletionException} it completed with.
     */
    static <T> T result(final CompletableFuture<T> future, final String what)
    {
        Deadlines.await(future::isDone, what);
        return future.join();
    }

    /** A wait for the replication tool's {@code --wait}, in seconds: a quiet machine's, scaled. */
    static String waitSeconds(final Duration quiet)
    {
        return String.format(Locale.ROOT, "%.3f", Deadlines.scaled(quiet).toMillis() / 1000.0);
    }
}
