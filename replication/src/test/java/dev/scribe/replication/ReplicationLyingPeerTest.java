package dev.scribe.replication;

import dev.scribe.engine.EngineRole;
import dev.scribe.engine.Outcome;
import dev.scribe.engine.SendOptions;
import dev.scribe.replication.protocol.ClientHandshake;
import dev.scribe.replication.protocol.FrameWriter;
import dev.scribe.replication.protocol.Protocol;
import dev.scribe.replication.protocol.RejectedException;
import dev.scribe.replication.protocol.Secret;
import dev.scribe.replication.sbe.NodeRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A peer that holds the secret is still checked: it cannot acknowledge what it was never sent, and its claim of a
 * newer epoch does not make the primary step down.
 */
final class ReplicationLyingPeerTest
{
    private static final int PEER = 2;
    private static final SendOptions REPLICATED =
        SendOptions.defaults().durability(dev.scribe.engine.Durability.REPLICATED);

    @TempDir
    Path dir;

    @Test
    void anAcknowledgementBeyondWhatTheSessionSentCompletesNothing() throws Exception
    {
        final Nodes.Log log = new Nodes.Log("primary");
        try (ReplicationNode primary = ReplicationNode.start(Nodes.node(1, dir.resolve("one"), EngineRole.PRIMARY,
            Nodes.freeAddress()), log))
        {
            final long epoch = primary.engine().epoch();
            final long last = primary.engine().lastPosition();
            final CompletableFuture<Outcome> waiting =
                primary.engine().send(new Nodes.Deposit("acc-1", 5), REPLICATED);
            try (Socket socket = connect(primary.listenAddress()))
            {
                client().run(socket, NodeRole.STANDBY, epoch, last);
                final FrameWriter writer = new FrameWriter(socket.getOutputStream(), 4096);
                writer.writeAck(epoch, Long.MAX_VALUE);
                writer.flush();
                Nodes.await(() -> log.lines.stream().anyMatch(line -> line.contains("standby " + PEER + " lost")),
                    "the primary to end the lying standby's session");
            }
            assertFalse(waiting.isDone(), "a REPLICATED result completed on an acknowledgement of a position never " +
                "sent: " + (waiting.isDone() ? waiting.join() : null));
            final CompletableFuture<Outcome> next =
                primary.engine().send(new Nodes.Deposit("acc-1", 6), REPLICATED);
            primary.engine().barrier();
            assertFalse(next.isDone(), "the lying acknowledgement stuck: a later REPLICATED result completed " +
                "with no standby");
            assertFalse(primary.engine().acknowledgedPosition() > primary.engine().lastPosition(),
                "acknowledged beyond the journal: " + primary.engine().acknowledgedPosition());
        }
    }

    @Test
    void aStandbyClaimingANewerEpochDoesNotMakeThePrimaryStepDown() throws Exception
    {
        final Nodes.Log log = new Nodes.Log("primary");
        try (ReplicationNode primary = ReplicationNode.start(Nodes.node(1, dir.resolve("one"), EngineRole.PRIMARY,
            Nodes.freeAddress()), log))
        {
            final long epoch = primary.engine().epoch();
            try (Socket socket = connect(primary.listenAddress()))
            {
                assertThrows(RejectedException.class, () ->
                    client().run(socket, NodeRole.STANDBY, epoch + 1, Protocol.NO_POSITION));
            }
            // a promotion of a primary runs after every role change already asked for, and changes nothing
            assertEquals(epoch, primary.promote("checking the role after the claim"));
            assertEquals(EngineRole.PRIMARY, primary.engine().role());
            assertEquals(epoch, primary.engine().epoch(), "the primary stepped down on an unchecked claim: " +
                log.lines);
        }
    }

    @Test
    void aSecondStandbyDoesNotReplaceALiveOne() throws Exception
    {
        final InetSocketAddress oneAddress = Nodes.freeAddress();
        final InetSocketAddress twoAddress = Nodes.freeAddress();
        final Nodes.Log log = new Nodes.Log("primary");
        try (ReplicationNode primary = ReplicationNode.start(Nodes.node(1, dir.resolve("one"), EngineRole.PRIMARY,
            twoAddress).listen(oneAddress), log);
            ReplicationNode standby = ReplicationNode.start(Nodes.node(PEER, dir.resolve("two"), EngineRole.STANDBY,
                oneAddress).listen(twoAddress), new Nodes.Log("standby")))
        {
            Nodes.await(() -> primary.status().peerConnected() && standby.status().peerConnected(),
                "the standby to connect");
            final long epoch = primary.engine().epoch();
            try (Socket socket = connect(primary.listenAddress()))
            {
                assertThrows(RejectedException.class, () ->
                    client().run(socket, NodeRole.STANDBY, epoch, Protocol.NO_POSITION));
            }
            final Outcome outcome = primary.engine().send(new Nodes.Deposit("acc-1", 7), REPLICATED)
                .orTimeout(Nodes.DEADLINE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS).join();
            assertEquals(Outcome.Status.ACCEPTED, outcome.status(), outcome.toString());
            assertEquals(1, log.lines.stream().filter(line -> line.contains("connected")).count(),
                "one standby session only: " + log.lines);
        }
    }

    private static ClientHandshake client()
    {
        return new ClientHandshake("test-cluster", PEER, Secret.of(Nodes.SECRET), Nodes.DEADLINE);
    }

    private static Socket connect(final InetSocketAddress address) throws Exception
    {
        final Socket socket = new Socket();
        socket.connect(address, (int)Nodes.DEADLINE.toMillis());
        return socket;
    }
}
