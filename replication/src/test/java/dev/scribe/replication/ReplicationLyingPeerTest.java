package dev.scribe.replication;

import dev.scribe.engine.Bank;
import dev.scribe.engine.Durability;
import dev.scribe.engine.EngineRole;
import dev.scribe.engine.Outcome;
import dev.scribe.engine.SendOptions;
import dev.scribe.journal.PositionFormat;
import dev.scribe.replication.link.SocketPeerLink;
import dev.scribe.replication.node.PeerLink;
import dev.scribe.replication.node.PeerMessage;
import dev.scribe.replication.node.RecordId;
import dev.scribe.test.Deadlines;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A peer that holds the secret is still checked: it cannot acknowledge what it was never sent, its claim of a newer
 * epoch does not make the primary step down, and it cannot take the place of a live standby. The liar is a real
 * peer link, driven by hand.
 */
final class ReplicationLyingPeerTest
{
    private static final int PEER = 2;
    private static final SendOptions REPLICATED =
        SendOptions.defaults().durability(Durability.REPLICATED);

    @TempDir
    Path dir;

    /**
     * A node of these tests: the authentication handshake must finish within one heartbeat timeout, which on a
     * loaded machine the default (250 ms) does not always allow; nothing here is about timing.
     */
    private static ReplicationContext node(final int id, final Path directory, final EngineRole role,
        final InetSocketAddress peer)
    {
        return Nodes.node(id, directory, role, peer).heartbeatTimeout(Deadlines.scaled(Duration.ofSeconds(2)));
    }

    /** A peer link as node 2 whose every message the test sees and whose every word the test chooses. */
    private final class Liar implements PeerLink.Handler, AutoCloseable
    {
        final List<PeerMessage> received = new CopyOnWriteArrayList<>();
        final SocketPeerLink link;
        volatile boolean closed;
        volatile int records;

        Liar(final InetSocketAddress primary)
        {
            link = new SocketPeerLink(node(PEER, dir.resolve("liar"), EngineRole.STANDBY, primary)
                .linkSettings(1, line -> { }), new SocketPeerLink.StateHashes()
                {
                    @Override
                    public long[] nextToSend()
                    {
                        return null;
                    }

                    @Override
                    public void remote(final long position, final long hash)
                    {
                    }
                }, () -> { });
        }

        long dial(final long epoch, final RecordId last)
        {
            return link.dial(new PeerMessage.Hello(PEER, PeerMessage.Role.STANDBY, epoch, last,
                last.none() ? RecordId.NO_POSITION : last.position()));
        }

        PeerMessage awaitAnswer() throws InterruptedException
        {
            // not a bare wait: each pass polls the link, which is what reads the answer
            final Duration deadline = Deadlines.standard();
            final long deadlineNs = System.nanoTime() + deadline.toNanos();
            while (received.isEmpty() && !closed)
            {
                link.poll(this, 16);
                if (System.nanoTime() - deadlineNs > 0)
                {
                    throw new AssertionError("no answer to the liar's Hello within " + Deadlines.describe(deadline));
                }
                Thread.onSpinWait();
            }
            assertFalse(received.isEmpty(), "the primary closed the connection without an answer");
            return received.get(0);
        }

        @Override
        public void onMessage(final long connection, final PeerMessage message)
        {
            received.add(message);
        }

        @Override
        public void onRecord(final long connection, final RecordId previous, final RecordId record,
            final DirectBuffer buffer, final int offset, final int length)
        {
            records++;
        }

        @Override
        public void onClosed(final long connection)
        {
            closed = true;
        }

        @Override
        public void close()
        {
            link.close();
        }
    }

    @Test
    void anAcknowledgementBeyondWhatTheSessionSentCompletesNothing() throws Exception
    {
        final Nodes.Log log = new Nodes.Log("primary");
        try (ReplicationNode primary = ReplicationNode.start(node(1, dir.resolve("one"), EngineRole.PRIMARY,
            NodePair.UNKNOWN_PEER), log);
            Liar liar = new Liar(primary.listenAddress()))
        {
            Nodes.open(primary.engine(), "acc-1");
            final CompletableFuture<Outcome> waiting =
                primary.engine().send(new Bank.Deposit("acc-1", 5), REPLICATED);
            final long connection = liar.dial(primary.engine().epoch(), RecordId.NONE);
            final PeerMessage answer = liar.awaitAnswer();
            assertTrue(answer instanceof PeerMessage.Welcome, answer.toString());
            liar.link.send(connection, new PeerMessage.Ack(((PeerMessage.Welcome)answer).epoch(), Long.MAX_VALUE));
            liar.link.flush();
            Deadlines.await(() -> log.lines.stream().anyMatch(line -> line.contains("acknowledged " +
                PositionFormat.position(Long.MAX_VALUE))),
                "the primary to end the lying standby's session");
            assertFalse(waiting.isDone(), "a REPLICATED result completed on an acknowledgement of a position never " +
                "sent: " + (waiting.isDone() ? waiting.join() : null));
            final CompletableFuture<Outcome> next =
                primary.engine().send(new Bank.Deposit("acc-1", 6), REPLICATED);
            primary.port().barrier();
            assertFalse(next.isDone(), "the lying acknowledgement stuck: a later REPLICATED result completed " +
                "with no standby");
            assertFalse(primary.port().acknowledgedPosition() > primary.engine().lastPosition(),
                "acknowledged beyond the journal: " + primary.port().acknowledgedPosition());
        }
    }

    @Test
    void aStandbyClaimingANewerEpochDoesNotMakeThePrimaryStepDown() throws Exception
    {
        final Nodes.Log log = new Nodes.Log("primary");
        try (ReplicationNode primary = ReplicationNode.start(node(1, dir.resolve("one"), EngineRole.PRIMARY,
            NodePair.UNKNOWN_PEER), log);
            Liar liar = new Liar(primary.listenAddress()))
        {
            Nodes.open(primary.engine(), "acc-1");
            final long epoch = primary.engine().epoch();
            liar.dial(epoch + 1, RecordId.NONE);
            liar.awaitAnswer();
            // a promotion of a primary runs after every role change already asked for, and changes nothing
            assertEquals(epoch, primary.promote("checking the role after the claim"));
            assertEquals(EngineRole.PRIMARY, primary.engine().role());
            assertEquals(epoch, primary.engine().epoch(), "the primary changed epoch on an unchecked claim: " +
                log.lines);
            assertTrue(primary.engine().send(new Bank.Deposit("acc-1", 1)).join().accepted());
        }
    }

    @Test
    void aSecondStandbyDoesNotReplaceALiveOne() throws Exception
    {
        final Nodes.Log log = new Nodes.Log("primary");
        try (NodePair pair = NodePair.start(node(1, dir.resolve("one"), EngineRole.PRIMARY, NodePair.UNKNOWN_PEER),
            log, node(PEER, dir.resolve("two"), EngineRole.STANDBY, NodePair.UNKNOWN_PEER), new Nodes.Log("standby"));
            Liar liar = new Liar(pair.one.listenAddress()))
        {
            final ReplicationNode primary = pair.one;
            final ReplicationNode standby = pair.two;
            Nodes.open(primary.engine(), "acc-1");
            Deadlines.await(() -> primary.status().peerConnected() && standby.status().peerConnected(),
                "the standby to connect");
            liar.dial(primary.engine().epoch(), RecordId.NONE);
            final PeerMessage answer = liar.awaitAnswer();
            assertTrue(answer instanceof PeerMessage.Refuse refuse && refuse.code() == PeerMessage.Code.BUSY,
                answer.toString());
            final Outcome outcome = Nodes.result(primary.engine().send(new Bank.Deposit("acc-1", 7), REPLICATED),
                "the outcome of a deposit with the liar refused");
            assertEquals(Outcome.Status.ACCEPTED, outcome.status(), outcome.toString());
            assertEquals(1, log.lines.stream().filter(line -> line.contains("standby 2 connected")).count(),
                "one standby session only: " + log.lines);
        }
    }
}
