package dev.scribe.replication;

import dev.scribe.engine.Bank;
import dev.scribe.engine.Durability;
import dev.scribe.engine.EngineRole;
import dev.scribe.engine.SendOptions;
import dev.scribe.replication.link.SocketPeerLink;
import dev.scribe.replication.node.PeerLink;
import dev.scribe.replication.node.PeerMessage;
import dev.scribe.replication.node.RecordId;
import dev.scribe.test.Deadlines;
import dev.scribe.test.TcpProxy;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A primary computes the state hash after a record as soon as it applies it, before the record's document is written
 * and streamed, so its hash for a position can reach the standby ahead of the record there. If the primary dies (or
 * the standby is promoted) in between, the standby never gets that record: the position is filled by the new
 * epoch's records, and the old primary's hash for it describes a record that no longer exists anywhere that counts.
 * The new primary must not compare its own hash there with it.
 */
final class ReplicationPromotionHashTest
{
    /** The hash-check interval of {@link Nodes#node}. */
    private static final int HASH_INTERVAL = 64;
    private static final SendOptions REPLICATED = SendOptions.defaults().durability(Durability.REPLICATED);

    @TempDir
    Path dir;

    /**
     * The old primary's last words, spoken by a real peer link as node 1 driven by hand: it welcomes the standby
     * after the standby's last record, sends one state hash for a position beyond it and closes the connection,
     * as a primary killed between sending a hash and streaming the record it describes does.
     */
    private final class LastWords implements PeerLink.Handler, AutoCloseable
    {
        final SocketPeerLink link;
        final AtomicReference<PeerMessage.Hello> hello = new AtomicReference<>();
        final AtomicBoolean hashSent = new AtomicBoolean();
        volatile long connection;

        LastWords(final long position, final long hash)
        {
            final ReplicationContext settings = Nodes.node(1, dir.resolve("last-words"), EngineRole.PRIMARY,
                NodePair.UNKNOWN_PEER).heartbeatTimeout(Deadlines.scaled(Duration.ofSeconds(2)));
            link = new SocketPeerLink(settings.linkSettings(2, line -> { }), new SocketPeerLink.StateHashes()
            {
                @Override
                public long[] nextToSend()
                {
                    return hashSent.getAndSet(true) ? null : new long[] {position, hash};
                }

                @Override
                public void remote(final long position, final long hash)
                {
                }
            }, () -> { });
        }

        /** Poll the link until the standby's Hello arrives, welcome it, send the hash and close the connection. */
        void welcomeSendAndDie(final long epoch)
        {
            Deadlines.await(() ->
            {
                link.poll(this, 16);
                return null != hello.get();
            }, "the standby to dial the old primary's address");
            final RecordId last = hello.get().last();
            link.send(connection, new PeerMessage.Welcome(1, epoch, last.position(), last.position(),
                RecordId.NO_POSITION, RecordId.NONE));
            Deadlines.await(() ->
            {
                link.poll(this, 16);
                return hashSent.get();
            }, "the state hash to be sent on the stream");
            link.flush();
            link.close(connection); // what was sent drains first
        }

        @Override
        public void onMessage(final long connection, final PeerMessage message)
        {
            if (message instanceof PeerMessage.Hello dialled && null == hello.get())
            {
                this.connection = connection;
                hello.set(dialled);
            }
        }

        @Override
        public void onRecord(final long connection, final RecordId previous, final RecordId record,
            final DirectBuffer buffer, final int offset, final int length)
        {
        }

        @Override
        public void onClosed(final long connection)
        {
        }

        @Override
        public void close()
        {
            link.close();
        }
    }

    @Test
    void aHashThePrimarySentAheadOfARecordTheStandbyNeverGotIsNotComparedWithTheNewEpochsRecordThere()
        throws Exception
    {
        final Nodes.Log twoLog = new Nodes.Log("two");
        final ReplicationNode one = NodePair.startAlone(
            Nodes.node(1, dir.resolve("one"), EngineRole.PRIMARY, NodePair.UNKNOWN_PEER), new Nodes.Log("one"));
        try (TcpProxy toOne = TcpProxy.start(one.listenAddress());
            ReplicationNode two = ReplicationNode.start(
                Nodes.node(2, dir.resolve("two"), EngineRole.STANDBY, toOne.address()), twoLog))
        {
            final long epoch;
            final long last;
            try (one)
            {
                Nodes.open(one.engine(), Nodes.accounts(3));
                for (int i = 0; i < 10; i++)
                {
                    assertTrue(Nodes.result(one.engine().send(new Bank.Deposit("acc-" + (i % 3), 10), REPLICATED),
                        "a deposit").accepted());
                }
                epoch = one.engine().epoch();
                last = one.engine().lastPosition();
                Deadlines.await(() -> two.engine().lastPosition() == last, "the standby to catch up");
            }
            // the next hash-check position: the old primary journaled and applied a record there and sent its hash
            final long hashed = (last | (HASH_INTERVAL - 1)) + 1;
            try (LastWords lastWords = new LastWords(hashed, 0x0BADL))
            {
                toOne.target(lastWords.link.listenAddress());
                lastWords.welcomeSendAndDie(epoch);
                final String streaming = "streaming from primary 1 at epoch " + epoch + " after " + last;
                Deadlines.await(() -> closedAfter(twoLog.lines, streaming),
                    () -> "the standby to stream from the old primary once more and see it close: " + twoLog.lines,
                    Deadlines.standard());
            }

            assertEquals(epoch + 1, two.promote("the primary is gone"));
            final long start = two.port().epochHistory().startOf(epoch + 1);
            assertTrue(start <= hashed, "the new epoch begins at " + start + ", at or before " + hashed);
            while (two.engine().lastPosition() < hashed)
            {
                assertTrue(Nodes.result(two.engine().send(new Bank.Deposit("acc-1", 1)), "a deposit").accepted());
            }
            assertEquals(0, two.status().divergences(), () -> "the new primary compared its state after its own " +
                "record at " + hashed + " with the old primary's after a record the standby never had: " +
                twoLog.lines);
        }
    }

    /** Whether a line saying the connection to the primary closed follows the first line containing a text. */
    private static boolean closedAfter(final List<String> lines, final String text)
    {
        boolean seen = false;
        for (final String line : lines)
        {
            seen |= line.contains(text);
            if (seen && line.contains("the connection to the primary closed"))
            {
                return true;
            }
        }
        return false;
    }
}
