package dev.scribe.replication;

import dev.scribe.engine.Decision;
import dev.scribe.engine.EngineContext;
import dev.scribe.engine.EngineRole;
import dev.scribe.engine.Aggregate;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * A small replicated bank for tests: accounts with deposits and transfers, and helpers to build node contexts.
 */
final class Nodes
{
    static final Duration DEADLINE = Duration.ofSeconds(30);
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
    static final class Log implements java.util.function.Consumer<String>
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

    /** A free port on 127.0.0.1, for nodes that must know each other's address before they start. */
    static InetSocketAddress freeAddress() throws java.io.IOException
    {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
            java.net.InetAddress.getLoopbackAddress()))
        {
            return new InetSocketAddress("127.0.0.1", socket.getLocalPort());
        }
    }

    static void await(final BooleanSupplier condition, final String what) throws InterruptedException
    {
        final long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(2);
        }
    }
}
