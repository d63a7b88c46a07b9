package dev.scribe.replication;

import dev.scribe.engine.Bank;
import dev.scribe.engine.Engine;
import dev.scribe.engine.EngineContext;
import dev.scribe.engine.EngineRole;
import dev.scribe.engine.Outcome;
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
 * The engine tests' bank on replicated nodes, and helpers to build node contexts.
 */
final class Nodes
{
    static final byte[] SECRET = "a shared secret of enough bytes".getBytes(StandardCharsets.UTF_8);

    private Nodes()
    {
    }

    /** The engine tests' bank (a node built with {@link #node} checks its state hash every 64 records). */
    static EngineContext bank(final Path dir)
    {
        return Bank.context(dir);
    }

    /**
     * Open accounts on a primary, at the default durability: a standby that follows gets them with the rest.
     *
     * @param engine   the primary's engine.
     * @param accounts the accounts' names.
     */
    static void open(final Engine engine, final String... accounts)
    {
        for (final String account : accounts)
        {
            final Outcome outcome = result(engine.send(new Bank.Open(account)), "the opening of " + account);
            if (!outcome.accepted())
            {
                throw new AssertionError("could not open " + account + ": " + outcome);
            }
        }
    }

    /**
     * The names {@code acc-0} to {@code acc-<count - 1>}.
     *
     * @param count how many.
     * @return the names.
     */
    static String[] accounts(final int count)
    {
        final String[] names = new String[count];
        for (int i = 0; i < count; i++)
        {
            names[i] = "acc-" + i;
        }
        return names;
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
            .hashCheckInterval(64)
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
