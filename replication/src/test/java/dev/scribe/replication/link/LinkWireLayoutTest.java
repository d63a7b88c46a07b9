package dev.scribe.replication.link;

import dev.scribe.replication.node.PeerMessage;
import dev.scribe.replication.node.RecordId;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import static dev.scribe.replication.link.TestAgent.CLUSTER;
import static dev.scribe.replication.link.TestAgent.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The bytes a link puts on the wire are where the package documentation says they are, so another implementation
 * can be written from it: frames captured from a real link by a peer played by hand. Offsets are from the start of
 * the frame's N bytes, after the length prefix.
 */
class LinkWireLayoutTest
{
    private static final InetSocketAddress NOWHERE = new InetSocketAddress("127.0.0.1", 9);

    @Test
    void authHelloAndChallengeLayouts() throws Exception
    {
        try (ServerSocket server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
            TestAgent one = new TestAgent("one", settings(1, 2, address(server))))
        {
            final CompletableFuture<byte[]> first = CompletableFuture.supplyAsync(() -> firstFrame(server));
            one.dial(TestAgent.hello(1, PeerMessage.Role.STANDBY));
            final ByteBuffer hello = frame(TestAgent.result(first, "the first frame the agent sent"),
                8 + 22 + 2 + CLUSTER.length(), 22, 10);
            assertEquals(2, hello.getShort(8));
            assertEquals(1, hello.getInt(10));
            assertEquals(CLUSTER.length(), hello.getShort(30));
            assertEquals(CLUSTER, new String(hello.array(), 4 + 32, CLUSTER.length(), StandardCharsets.UTF_8));
        }
        try (TestAgent two = new TestAgent("two", settings(2, 1, NOWHERE));
            RawPeer peer = RawPeer.dial(two.address()))
        {
            peer.write(RawPeer.authHello(Wire.VERSION, 1, AuthProofs.nonce(), CLUSTER));
            frame(peer.readFrame(), 24, 16, 11);
            peer.write(RawPeer.authProof(new byte[32]));
            final ByteBuffer denied = frame(peer.readFrame(), 9, 1, 14);
            assertEquals(1, denied.get(8));
        }
    }

    @Test
    void peerMessageLayouts() throws Exception
    {
        try (ServerSocket server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
            TestAgent one = new TestAgent("one", settings(1, 2, address(server))))
        {
            final CompletableFuture<RawPeer> accepted = CompletableFuture.supplyAsync(() -> accept(server));
            final PeerMessage.Hello said = new PeerMessage.Hello(1, PeerMessage.Role.RESUMING, 0x0102030405L,
                new RecordId(0x11, 0x22, 0x33), 0x44);
            final long dialled = one.dial(said);
            try (RawPeer peer = TestAgent.result(accepted, "the agent's connection"))
            {
                ByteBuffer frame = frame(peer.readFrame(), 49, 41, 15);
                assertEquals(1, frame.getInt(8));
                assertEquals(3, frame.get(12));
                assertEquals(0x0102030405L, frame.getLong(13));
                assertEquals(0x11L, frame.getLong(21));
                assertEquals(0x22L, frame.getLong(29));
                assertEquals(0x33, frame.getInt(37));
                assertEquals(0x44L, frame.getLong(41));

                peer.write(RawPeer.peerWelcome(2));
                one.message(PeerMessage.Welcome.class);
                one.send(dialled, new PeerMessage.Welcome(5, 6, 7, 8, 9, new RecordId(10, 11, 12)));
                frame = frame(peer.readFrame(), 64, 56, 16);
                assertEquals(5, frame.getInt(8));
                assertEquals(6L, frame.getLong(12));
                assertEquals(7L, frame.getLong(20));
                assertEquals(8L, frame.getLong(28));
                assertEquals(9L, frame.getLong(36));
                assertEquals(10L, frame.getLong(44));
                assertEquals(11L, frame.getLong(52));
                assertEquals(12, frame.getInt(60));

                one.send(dialled, new PeerMessage.Refuse(PeerMessage.Code.PROCEED, 10, "ok"));
                frame = frame(peer.readFrame(), 8 + 9 + 2 + 2, 9, 17);
                assertEquals(9, frame.get(8));
                assertEquals(10L, frame.getLong(9));
                assertEquals(2, frame.getShort(17));
                assertEquals('o', frame.get(19));

                final UnsafeBuffer data = new UnsafeBuffer(new byte[] {1, 2, 3});
                one.run(() -> one.link.sendRecord(dialled, new RecordId(12, 13, 14), new RecordId(15, 16, 17), data,
                    0, 3));
                frame = frame(peer.readFrame(), 52 + 3, 40, 18);
                assertEquals(12L, frame.getLong(8));
                assertEquals(13L, frame.getLong(16));
                assertEquals(14, frame.getInt(24));
                assertEquals(15L, frame.getLong(28));
                assertEquals(16L, frame.getLong(36));
                assertEquals(17, frame.getInt(44));
                assertEquals(3, frame.getInt(48));
                assertEquals(3, frame.get(54));

                one.send(dialled, new PeerMessage.Ack(18, 19));
                frame = frame(peer.readFrame(), 24, 16, 19);
                assertEquals(18L, frame.getLong(8));
                assertEquals(19L, frame.getLong(16));

                one.send(dialled, new PeerMessage.Heartbeat(20, 21));
                frame = frame(peer.readFrame(), 24, 16, 20);
                assertEquals(20L, frame.getLong(8));
                assertEquals(21L, frame.getLong(16));

                one.hashes.outgoing.add(new long[] {22, 23});
                frame = frame(peer.readFrame(), 24, 16, 21);
                assertEquals(22L, frame.getLong(8));
                assertEquals(23L, frame.getLong(16));
            }
        }
    }

    private static byte[] firstFrame(final ServerSocket server)
    {
        try (RawPeer peer = new RawPeer(server.accept()))
        {
            return peer.readFrame();
        }
        catch (final IOException ex)
        {
            throw new AssertionError(ex);
        }
    }

    private static RawPeer accept(final ServerSocket server)
    {
        try
        {
            final RawPeer peer = new RawPeer(server.accept());
            peer.authenticateAsListener(settings(2, 1, NOWHERE).log(line -> { }));
            return peer;
        }
        catch (final IOException ex)
        {
            throw new AssertionError(ex);
        }
    }

    /** Checks the length prefix and the SBE header, and returns the frame with its prefix, little-endian. */
    private static ByteBuffer frame(final byte[] bytes, final int length, final int blockLength, final int templateId)
    {
        final ByteBuffer all = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(length, all.getInt(0));
        assertEquals(4 + length, bytes.length);
        final ByteBuffer frame = ByteBuffer.wrap(bytes, 4, length).slice().order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(blockLength, frame.getShort(0));
        assertEquals(templateId, frame.getShort(2));
        assertEquals(7302, frame.getShort(4));
        assertEquals(2, frame.getShort(6));
        return frame;
    }

    private static InetSocketAddress address(final ServerSocket server)
    {
        return new InetSocketAddress("127.0.0.1", server.getLocalPort());
    }
}
