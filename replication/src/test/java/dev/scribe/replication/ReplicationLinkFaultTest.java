package dev.scribe.replication;

import dev.scribe.engine.Bank;
import dev.scribe.engine.monitor.CountersSnapshot;
import dev.scribe.engine.Durability;
import dev.scribe.engine.Engine;
import dev.scribe.engine.EngineRole;
import dev.scribe.engine.Outcome;
import dev.scribe.engine.Projection;
import dev.scribe.engine.SendOptions;
import dev.scribe.journal.Journal;
import dev.scribe.test.TcpProxy;
import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Link faults between a primary and its standby, injected by a {@link TcpProxy} on the standby's way to the primary
 * while a sender thread keeps REPLICATED deposits in flight. After each fault heals the standby has caught up
 * exactly: the same last position, state hash, balances and journal (every position, every byte) as the primary,
 * and every deposit completed ACCEPTED at REPLICATED, none degraded and none in doubt, since the primary never
 * changed.
 */
class ReplicationLinkFaultTest
{
    private static final SendOptions REPLICATED = SendOptions.defaults().durability(Durability.REPLICATED);
    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofMillis(500);
    private static final int WINDOW = 64;
    private static final int ACCOUNTS = 5;

    @TempDir
    Path dir;

    /** Balances from the events, and how many deposits were applied. */
    static final class Balances implements Projection
    {
        private final Map<String, Long> balances = new TreeMap<>();
        private long deposits;

        @Override
        public void onEvent(final long position, final String aggregateId, final long version, final Object event)
        {
            if (event instanceof Bank.Deposited deposited)
            {
                balances.merge(aggregateId, deposited.amount(), Long::sum);
                deposits++;
            }
        }

        Map<String, Long> copy()
        {
            return new TreeMap<>(balances);
        }

        long deposits()
        {
            return deposits;
        }
    }

    /** One deposit sent. */
    private record Sent(String account, long amount, CompletableFuture<Outcome> future)
    {
    }

    /** Keeps up to {@link #WINDOW} REPLICATED deposits in flight, a few thousand a second at most. */
    private static final class Traffic implements Runnable
    {
        private final Engine engine;
        private final Semaphore window = new Semaphore(WINDOW);
        private final List<Sent> sent = new CopyOnWriteArrayList<>();
        private final AtomicLong completed = new AtomicLong();
        private final Thread thread = new Thread(this, "traffic");
        private volatile boolean stop;

        Traffic(final Engine engine)
        {
            this.engine = engine;
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void run()
        {
            int i = 0;
            while (!stop)
            {
                try
                {
                    if (!window.tryAcquire(10, TimeUnit.MILLISECONDS))
                    {
                        continue;
                    }
                }
                catch (final InterruptedException ex)
                {
                    return;
                }
                i++;
                final String account = "acc-" + (i % ACCOUNTS);
                final long amount = 1 + i % 7;
                final CompletableFuture<Outcome> future = engine.send(new Bank.Deposit(account, amount), REPLICATED);
                sent.add(new Sent(account, amount, future));
                future.whenComplete((outcome, failure) ->
                {
                    completed.incrementAndGet();
                    window.release();
                });
                LockSupport.parkNanos(300_000); // pacing, so the journals stay small
            }
        }

        long sent()
        {
            return sent.size();
        }

        long completed()
        {
            return completed.get();
        }

        boolean windowFull()
        {
            return window.availablePermits() == 0;
        }

        /** Stop sending; every deposit must complete ACCEPTED at REPLICATED. Returns the expected balances. */
        Map<String, Long> finish() throws InterruptedException
        {
            stop = true;
            Deadlines.await(() -> !thread.isAlive(), "the sender to stop");
            final Map<String, Long> expected = new TreeMap<>();
            for (final Sent deposit : sent)
            {
                final Outcome outcome = Nodes.result(deposit.future(), "the outcome of " + deposit);
                assertEquals(Outcome.Status.ACCEPTED, outcome.status(), outcome.toString());
                assertFalse(outcome.degraded(), "acknowledged by the standby, not degraded: " + outcome);
                expected.merge(deposit.account(), deposit.amount(), Long::sum);
            }
            return expected;
        }
    }

    /** The primary, a proxy in front of it, the standby dialling the proxy, and traffic. */
    private final class Pair implements AutoCloseable
    {
        final Nodes.Log oneLog = new Nodes.Log("one");
        final Nodes.Log twoLog = new Nodes.Log("two");
        final AtomicReference<Balances> oneBalances = new AtomicReference<>();
        final AtomicReference<Balances> twoBalances = new AtomicReference<>();
        final TcpProxy proxy;
        final ReplicationNode one;
        final ReplicationNode two;
        final Traffic traffic;
        private boolean closed;

        Pair() throws IOException
        {
            // two dials one through the proxy; one dials two directly once it is told where two listens
            one = NodePair.startAlone(node(1, EngineRole.PRIMARY, NodePair.UNKNOWN_PEER, oneBalances), oneLog);
            proxy = TcpProxy.start(one.listenAddress());
            two = ReplicationNode.start(node(2, EngineRole.STANDBY, proxy.address(), twoBalances), twoLog);
            one.peer(two.listenAddress());
            Nodes.open(one.engine(), Nodes.accounts(ACCOUNTS));
            traffic = new Traffic(one.engine());
        }

        private ReplicationContext node(final int id, final EngineRole role, final InetSocketAddress peer,
            final AtomicReference<Balances> balances)
        {
            final Path engineDir = dir.resolve("node-" + id);
            return Nodes.node(id, engineDir, role, peer).heartbeatTimeout(HEARTBEAT_TIMEOUT).engine(() ->
            {
                final Balances fresh = new Balances();
                balances.set(fresh);
                return Nodes.bank(engineDir).projection(fresh);
            });
        }

        private static void awaitView(final ReplicationNode node, final Balances view,
            final Map<String, Long> expected) throws InterruptedException
        {
            Deadlines.await(() -> expected.equals(node.engine().query(view, Balances::copy)),
                "the balances view to show " + expected);
        }

        /** Wait until this many more deposits have completed: the link carries traffic. */
        void awaitFlowing(final long more) throws InterruptedException
        {
            final long target = traffic.completed() + more;
            Deadlines.await(() -> traffic.completed() >= target, more + " more deposits to complete");
        }

        /** Wait until the standby has dialled the proxy again. */
        void awaitRedialled(final long acceptedBefore) throws InterruptedException
        {
            Deadlines.await(() -> proxy.connectionsAccepted() > acceptedBefore, "the standby to dial again");
        }

        /**
         * Stop the traffic and check that the standby caught up exactly, then close the nodes and compare the
         * journals record by record.
         */
        void verify() throws InterruptedException
        {
            final Map<String, Long> expected = traffic.finish();
            final long deposits = traffic.sent();
            assertTrue(deposits > 0);
            final long last = one.engine().lastPosition();
            Deadlines.await(() -> two.engine().lastPosition() == last, "the standby to catch up to " + last);
            assertEquals(one.engine().stateHash(), two.engine().stateHash(), "state hashes");
            final Balances primaryView = oneBalances.get();
            final Balances standbyView = twoBalances.get();
            // the projections run behind the business logic on their own threads: let them catch up first
            awaitView(one, primaryView, expected);
            awaitView(two, standbyView, expected);
            assertEquals(expected, one.engine().query(primaryView, Balances::copy), "the primary's balances");
            assertEquals(expected, two.engine().query(standbyView, Balances::copy), "no gap, no double apply");
            assertEquals(deposits, two.engine().query(standbyView, Balances::deposits), "each deposit applied once");
            assertEquals(sum(expected), sum(two.engine().query(standbyView, Balances::copy)));
            assertEquals(0, one.status().divergences());
            assertEquals(0, two.status().divergences());
            assertEquals(0, two.status().truncations());
            assertEquals(0, errors("node-1"), "errors on the primary");
            assertEquals(0, errors("node-2"), "errors on the standby (a refused record would be one)");
            final Path oneJournal = one.engine().context().journalContext().directory();
            final Path twoJournal = two.engine().context().journalContext().directory();
            close();
            assertSameJournals(oneJournal, twoJournal);
        }

        private long errors(final String node)
        {
            return CountersSnapshot.read(dir.resolve(node)).value(CountersSnapshot.ERRORS_TYPE_ID).orElseThrow();
        }

        @Override
        public void close()
        {
            if (closed)
            {
                return;
            }
            closed = true;
            traffic.stop = true;
            try (TcpProxy closeProxy = proxy; ReplicationNode closeOne = one; ReplicationNode closeTwo = two)
            {
                assertEquals(EngineRole.PRIMARY, closeOne.engine().role(), "the primary never changed");
                assertEquals(EngineRole.STANDBY, closeTwo.engine().role());
                assertTrue(closeProxy.connectionsAccepted() > 0);
            }
        }
    }

    private static long sum(final Map<String, Long> balances)
    {
        return balances.values().stream().mapToLong(Long::longValue).sum();
    }

    private static void assertSameJournals(final Path primary, final Path standby)
    {
        final List<Long> primaryPositions = new ArrayList<>();
        final List<byte[]> primaryRecords = new ArrayList<>();
        final List<Long> standbyPositions = new ArrayList<>();
        final List<byte[]> standbyRecords = new ArrayList<>();
        read(primary, primaryPositions, primaryRecords);
        read(standby, standbyPositions, standbyRecords);
        assertEquals(primaryPositions, standbyPositions, "the same positions");
        for (int i = 0; i < primaryRecords.size(); i++)
        {
            assertArrayEquals(primaryRecords.get(i), standbyRecords.get(i), "the bytes at " + primaryPositions.get(i));
        }
    }

    private static void read(final Path journalDir, final List<Long> positions, final List<byte[]> records)
    {
        try (Journal journal = Journal.openReadOnly(journalDir))
        {
            journal.replay(Journal.NULL_POSITION, (position, record) ->
            {
                final byte[] bytes = new byte[record.length()];
                record.buffer().getBytes(record.offset(), bytes);
                positions.add(position);
                records.add(bytes);
            });
        }
    }

    @Test
    void cutMidFrame() throws Exception
    {
        try (Pair pair = new Pair())
        {
            pair.awaitFlowing(200);
            // cut the stream to the standby at a byte count; again if it happened to fall between two frames
            for (int attempt = 0; attempt < 8 && pair.twoLog.lines.stream().noneMatch(l -> l.contains("mid-frame"));
                attempt++)
            {
                final long accepted = pair.proxy.connectionsAccepted();
                pair.proxy.cutAfter(2_000 + 37 * attempt, TcpProxy.Direction.SERVER_TO_CLIENT);
                pair.awaitRedialled(accepted);
                pair.proxy.pass();
                pair.awaitFlowing(50);
            }
            assertTrue(pair.twoLog.lines.stream().anyMatch(l -> l.contains("mid-frame")), pair.twoLog.lines.toString());
            // and the acknowledgements to the primary
            final long accepted = pair.proxy.connectionsAccepted();
            pair.proxy.cutAfter(101, TcpProxy.Direction.CLIENT_TO_SERVER);
            pair.awaitRedialled(accepted);
            pair.proxy.pass();
            pair.awaitFlowing(200);
            pair.verify();
        }
    }

    @Test
    void reset() throws Exception
    {
        try (Pair pair = new Pair())
        {
            pair.awaitFlowing(200);
            for (int i = 0; i < 3; i++)
            {
                final long accepted = pair.proxy.connectionsAccepted();
                pair.proxy.reset();
                pair.awaitRedialled(accepted);
                pair.awaitFlowing(100);
            }
            pair.verify();
        }
    }

    @Test
    void delay() throws Exception
    {
        try (Pair pair = new Pair())
        {
            pair.awaitFlowing(200);
            pair.proxy.delay(Duration.ofMillis(30));
            pair.awaitFlowing(200);
            pair.proxy.delay(Duration.ofMillis(5), TcpProxy.Direction.CLIENT_TO_SERVER);
            pair.awaitFlowing(200);
            pair.proxy.pass();
            pair.awaitFlowing(200);
            pair.verify();
        }
    }

    @Test
    void stallThenPass() throws Exception
    {
        try (Pair pair = new Pair())
        {
            pair.awaitFlowing(200);
            // a short stall: commands pile up behind it and nothing is lost
            final long sent = pair.traffic.sent();
            pair.proxy.stall();
            Deadlines.await(() -> pair.traffic.sent() >= sent + WINDOW / 4 || pair.traffic.windowFull(),
                "deposits sent into the stall");
            pair.proxy.pass();
            pair.awaitFlowing(200);
            // a long one: both ends time out and the standby dials again
            final long accepted = pair.proxy.connectionsAccepted();
            pair.proxy.stall();
            Deadlines.await(() -> !pair.one.status().peerConnected(), "the primary to give up on the stalled standby");
            pair.proxy.pass();
            pair.awaitRedialled(accepted);
            pair.awaitFlowing(200);
            pair.verify();
        }
    }

    @Test
    void blackholeThenPass() throws Exception
    {
        try (Pair pair = new Pair())
        {
            pair.awaitFlowing(200);
            final long accepted = pair.proxy.connectionsAccepted();
            pair.proxy.blackhole();
            Deadlines.await(() -> !pair.one.status().peerConnected(), "the primary to give up on the silent standby");
            Deadlines.await(() -> pair.proxy.bytesDropped(TcpProxy.Direction.BOTH) > 0, "the blackhole to swallow");
            pair.proxy.pass();
            pair.awaitRedialled(accepted);
            pair.awaitFlowing(200);
            pair.verify();
        }
    }
}
