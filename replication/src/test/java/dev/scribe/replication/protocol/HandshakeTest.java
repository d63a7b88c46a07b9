package dev.scribe.replication.protocol;

import dev.scribe.replication.sbe.ChallengeDecoder;
import dev.scribe.replication.sbe.NodeRole;
import dev.scribe.replication.sbe.RejectCode;
import dev.scribe.replication.sbe.RejectDecoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The handshake over real sockets on 127.0.0.1, against a server loop that goes on accepting after every failure.
 * The admission policy records every Hello it is shown, so each test can check it saw only authenticated clients.
 */
class HandshakeTest
{
    static final String CLUSTER = "scribe-test";
    static final Secret SECRET = Secret.fromHex("00112233445566778899aabbccddeeff0f1e2d3c4b5a69788796a5b4c3d2e1f0");
    static final Secret OTHER_SECRET =
        Secret.fromHex("ffeeddccbbaa99887766554433221100f0e1d2c3b4a5968778695a4b3c2d1e0f");
    static final long SERVER_EPOCH = 5;
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int BUSY_NODE = 13;

    private final List<Hello> decided = new CopyOnWriteArrayList<>();
    private final AdmissionPolicy policy = hello ->
    {
        decided.add(hello);
        if (hello.nodeId() == BUSY_NODE)
        {
            return Decision.reject(RejectCode.BUSY, "another standby is connected");
        }
        return Decision.accept(new Welcome(NodeRole.PRIMARY, 1, SERVER_EPOCH, 500L, hello.lastPosition(),
            hello.lastPosition() > 500L ? 501L : Protocol.NO_POSITION));
    };
    private HandshakeServer server;

    @BeforeEach
    void startServer() throws IOException
    {
        server = new HandshakeServer(serverHandshake(TIMEOUT), null);
    }

    @AfterEach
    void stopServer() throws Exception
    {
        server.close();
    }

    private ServerHandshake serverHandshake(final Duration timeout)
    {
        return new ServerHandshake(CLUSTER, 1, SECRET, timeout, () -> SERVER_EPOCH, policy);
    }

    private Socket connect() throws IOException
    {
        final Socket socket = ReplicationTransport.connect(server.address(), null, TIMEOUT);
        socket.setSoTimeout(20_000);
        return socket;
    }

    @Test
    void aClientWithTheSecretIsWelcomedAndBothSidesAgree() throws Exception
    {
        final ClientHandshake client = new ClientHandshake(CLUSTER, 2, SECRET, TIMEOUT);
        final Welcome welcome;
        try (Socket socket = connect())
        {
            socket.setSoTimeout(1234);
            welcome = client.run(socket, NodeRole.STANDBY, 4L, 99L);
            assertEquals(1234, socket.getSoTimeout(), "the caller's SO_TIMEOUT is restored");
        }
        assertEquals(new Welcome(NodeRole.PRIMARY, 1, SERVER_EPOCH, 500L, 99L, -1L), welcome);

        final AcceptedPeer accepted = server.nextAccepted();
        assertEquals(new Hello(CLUSTER, 2, NodeRole.STANDBY, 4L, 99L), accepted.hello());
        assertEquals(welcome, accepted.welcome());
        assertEquals(List.of(accepted.hello()), decided);
    }

    @Test
    void truncationAndAnEmptyJournalCrossTheWireIntact() throws Exception
    {
        final ClientHandshake client = new ClientHandshake(CLUSTER, 3, SECRET, TIMEOUT);
        try (Socket socket = connect())
        {
            assertEquals(new Welcome(NodeRole.PRIMARY, 1, SERVER_EPOCH, 500L, 700L, 501L),
                client.run(socket, NodeRole.PRIMARY, 4L, 700L));
        }
        assertEquals(NodeRole.PRIMARY, server.nextAccepted().hello().role());
        try (Socket socket = connect())
        {
            assertEquals(new Welcome(NodeRole.PRIMARY, 1, SERVER_EPOCH, 500L, -1L, -1L),
                client.run(socket, NodeRole.STANDBY, 0L, Protocol.NO_POSITION));
        }
        assertEquals(Protocol.NO_POSITION, server.nextAccepted().hello().lastPosition());
    }

    @Test
    void aWrongSecretIsRefusedAsBadAuthWithoutAskingThePolicy() throws Exception
    {
        final ClientHandshake client = new ClientHandshake(CLUSTER, 2, OTHER_SECRET, TIMEOUT);
        try (Socket socket = connect())
        {
            final RejectedException ex = assertThrows(RejectedException.class,
                () -> client.run(socket, NodeRole.STANDBY, 4L, 99L));
            assertEquals(RejectCode.BAD_AUTH, ex.code());
            assertEquals(ServerHandshake.UNAUTHENTICATED_EPOCH, ex.remoteEpoch(), "no epoch before authentication");
            assertEquals(ServerHandshake.AUTHENTICATION_FAILED, ex.reason());
        }
        final ProtocolException failure = server.nextFailure(ProtocolException.class);
        assertEquals(RejectCode.BAD_AUTH, failure.code());
        assertEquals("node 2 failed authentication: its proof does not match the shared secret",
            failure.getMessage());
        assertEquals(List.of(), decided);
    }

    @Test
    void aWrongClusterIsRefusedAfterTheChallengeLikeAWrongSecret() throws Exception
    {
        try (Socket socket = connect())
        {
            final FrameWriter writer = new FrameWriter(socket.getOutputStream(), Protocol.HANDSHAKE_MAX_FRAME_BYTES);
            writer.writeHello(Protocol.VERSION, NodeRole.STANDBY, 2, 4L, 99L, Proofs.nonce(), "other-cluster");
            writer.flush();
            final FrameReader reader = new FrameReader(socket.getInputStream(), Protocol.HANDSHAKE_MAX_FRAME_BYTES);
            assertEquals(ChallengeDecoder.TEMPLATE_ID, reader.read(), "a Challenge as for anyone");
            writer.writeAuthenticate(new byte[Protocol.MAC_BYTES]);
            writer.flush();
            assertEquals(RejectDecoder.TEMPLATE_ID, reader.read());
            assertEquals(RejectCode.BAD_AUTH, reader.reject().code());
            assertEquals(ServerHandshake.UNAUTHENTICATED_EPOCH, reader.reject().epoch());
            assertEquals(ServerHandshake.AUTHENTICATION_FAILED, reader.reject().reason());
        }
        final ProtocolException ex = server.nextFailure(ProtocolException.class);
        assertEquals(RejectCode.BAD_AUTH, ex.code());
        assertEquals("node 2 failed authentication: cluster id 'other-cluster' is not this cluster's",
            ex.getMessage());

        // the right secret does not make up for another cluster's id, which its proof covers
        final ClientHandshake client = new ClientHandshake("other-cluster", 2, SECRET, TIMEOUT);
        try (Socket socket = connect())
        {
            final RejectedException rejected = assertThrows(RejectedException.class,
                () -> client.run(socket, NodeRole.STANDBY, 4L, 99L));
            assertEquals(RejectCode.BAD_AUTH, rejected.code());
            assertEquals(ServerHandshake.AUTHENTICATION_FAILED, rejected.reason());
        }
        assertEquals(RejectCode.BAD_AUTH, server.nextFailure(ProtocolException.class).code());
        assertEquals(List.of(), decided);
    }

    @Test
    void aReplayedHelloAndAuthenticateAreRefused() throws Exception
    {
        final byte[] captured = captureSuccessfulHandshake();
        assertEquals(1, decided.size());

        try (Socket socket = connect())
        {
            socket.getOutputStream().write(captured);
            final FrameReader reader = new FrameReader(socket.getInputStream(), Protocol.HANDSHAKE_MAX_FRAME_BYTES);
            assertEquals(RejectDecoder.TEMPLATE_ID, reader.read());
            assertEquals(RejectCode.REPLAYED_NONCE, reader.reject().code());
        }
        final ProtocolException ex = server.nextFailure(ProtocolException.class);
        assertEquals(RejectCode.REPLAYED_NONCE, ex.code());
        assertEquals(1, decided.size(), "the replay never reached the policy");
    }

    @Test
    void aReplayToAServerThatForgotTheNonceFailsOnTheFreshChallenge() throws Exception
    {
        final byte[] captured = captureSuccessfulHandshake();
        try (HandshakeServer restarted = new HandshakeServer(serverHandshake(TIMEOUT), null);
             Socket socket = ReplicationTransport.connect(restarted.address(), null, TIMEOUT))
        {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(captured);
            final FrameReader reader = new FrameReader(socket.getInputStream(), Protocol.HANDSHAKE_MAX_FRAME_BYTES);
            assertEquals(ChallengeDecoder.TEMPLATE_ID, reader.read());
            assertEquals(RejectDecoder.TEMPLATE_ID, reader.read());
            assertEquals(RejectCode.BAD_AUTH, reader.reject().code());
            assertEquals(RejectCode.BAD_AUTH, restarted.nextFailure(ProtocolException.class).code());
        }
        assertEquals(1, decided.size(), "the replay never reached the policy");
    }

    /** A good handshake whose client-to-server bytes are recorded on the way out. */
    private byte[] captureSuccessfulHandshake() throws Exception
    {
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (Socket socket = connect())
        {
            final OutputStream out = socket.getOutputStream();
            final OutputStream tee = new OutputStream()
            {
                @Override
                public void write(final int b) throws IOException
                {
                    captured.write(b);
                    out.write(b);
                }

                @Override
                public void write(final byte[] b, final int off, final int len) throws IOException
                {
                    captured.write(b, off, len);
                    out.write(b, off, len);
                }
            };
            new ClientHandshake(CLUSTER, 2, SECRET, TIMEOUT).run(socket.getInputStream(), tee, NodeRole.STANDBY, 4L,
                99L);
        }
        server.nextAccepted();
        return captured.toByteArray();
    }

    @Test
    void garbageAndLyingLengthsAreRefusedAndTheServerGoesOnAccepting() throws Exception
    {
        final byte[] garbage = new byte[100];
        new Random(42).nextBytes(garbage);
        garbage[3] = 0x40;
        assertRefusedAndNextClientWelcomed(garbage, "frame length " + littleEndianInt(garbage) +
            " exceeds maxFrameBytes 512");
        assertRefusedAndNextClientWelcomed(Frames.frame(Integer.MAX_VALUE, new byte[20]),
            "frame length 2147483647 exceeds maxFrameBytes 512");
        assertRefusedAndNextClientWelcomed(Frames.frame(-5, new byte[20]),
            "frame length -5 is below the minimum 8 (the message header)");
        assertRefusedAndNextClientWelcomed(Frames.encode(w -> w.writeAck(1L, 2L)), "expected Hello, received Ack");
        assertRefusedAndNextClientWelcomed(Frames.encode(w -> w.writeAuthenticate(new byte[32])),
            "expected Hello, received Authenticate");
        assertRefusedAndNextClientWelcomed(
            Frames.withU16(Frames.encode(w -> w.writeAck(1L, 2L)), Frames.SCHEMA_ID_AT, 7301),
            "schema id 7301, expected 7302");
        assertEquals(6, decided.size(), "only the good clients reached the policy");
    }

    private void assertRefusedAndNextClientWelcomed(final byte[] bad, final String reason) throws Exception
    {
        try (Socket socket = connect())
        {
            socket.getOutputStream().write(bad);
            final FrameReader reader = new FrameReader(socket.getInputStream(), Protocol.HANDSHAKE_MAX_FRAME_BYTES);
            assertEquals(RejectDecoder.TEMPLATE_ID, reader.read());
            assertEquals(RejectCode.BAD_FRAME, reader.reject().code());
            assertEquals(ServerHandshake.unauthenticatedReason(RejectCode.BAD_FRAME), reader.reject().reason(),
                "the client is told nothing more");
        }
        final ProtocolException ex = server.nextFailure(ProtocolException.class);
        assertEquals(RejectCode.BAD_FRAME, ex.code());
        assertEquals(reason, ex.getMessage());

        try (Socket socket = connect())
        {
            new ClientHandshake(CLUSTER, 2, SECRET, TIMEOUT).run(socket, NodeRole.STANDBY, 4L, 99L);
        }
        server.nextAccepted();
    }

    @Test
    void helloChecksComeBeforeTheChallenge() throws Exception
    {
        assertHelloRefused(
            Frames.encode(w -> w.writeHello(2, NodeRole.STANDBY, 2, 4L, 99L, Proofs.nonce(), CLUSTER)),
            RejectCode.BAD_VERSION, "protocol version 2, this server speaks 1");
        assertHelloRefused(Frames.withU16(
            Frames.encode(w -> w.writeHello(1, NodeRole.STANDBY, 2, 4L, 99L, Proofs.nonce(), CLUSTER)),
            Frames.VERSION_AT, 3), RejectCode.BAD_VERSION, "schema version 3, expected 2");
        assertHelloRefused(
            Frames.encode(w -> w.writeHello(1, NodeRole.STANDBY, 2, -1L, 99L, Proofs.nonce(), CLUSTER)),
            RejectCode.BAD_FRAME, "Hello epoch -1 or lastPosition 99 is out of range");
        assertHelloRefused(
            Frames.encode(w -> w.writeHello(1, NodeRole.STANDBY, 2, 1L, -2L, Proofs.nonce(), CLUSTER)),
            RejectCode.BAD_FRAME, "Hello epoch 1 or lastPosition -2 is out of range");
        assertEquals(List.of(), decided);
    }

    private void assertHelloRefused(final byte[] hello, final RejectCode code, final String reason) throws Exception
    {
        try (Socket socket = connect())
        {
            socket.getOutputStream().write(hello);
            final FrameReader reader = new FrameReader(socket.getInputStream(), Protocol.HANDSHAKE_MAX_FRAME_BYTES);
            assertEquals(RejectDecoder.TEMPLATE_ID, reader.read());
            assertEquals(code, reader.reject().code());
            assertEquals(ServerHandshake.UNAUTHENTICATED_EPOCH, reader.reject().epoch(), "no epoch before " +
                "authentication");
            assertEquals(ServerHandshake.unauthenticatedReason(code), reader.reject().reason(), "a fixed reason");
        }
        final ProtocolException ex = server.nextFailure(ProtocolException.class);
        assertEquals(code, ex.code());
        assertEquals(reason, ex.getMessage());
    }

    @Test
    void thePolicyCanRefuseAnAuthenticatedClient() throws Exception
    {
        final ClientHandshake client = new ClientHandshake(CLUSTER, BUSY_NODE, SECRET, TIMEOUT);
        try (Socket socket = connect())
        {
            final RejectedException ex = assertThrows(RejectedException.class,
                () -> client.run(socket, NodeRole.STANDBY, 4L, 99L));
            assertEquals(RejectCode.BUSY, ex.code());
            assertEquals(SERVER_EPOCH, ex.remoteEpoch());
            assertEquals("another standby is connected", ex.reason());
        }
        final ProtocolException ex = server.nextFailure(ProtocolException.class);
        assertEquals(RejectCode.BUSY, ex.code());
        assertEquals("node 13 refused: another standby is connected", ex.getMessage());
        assertEquals(1, decided.size());
    }

    @Test
    void aClientThatSendsNothingOrStopsMidFrameTimesOut() throws Exception
    {
        try (HandshakeServer impatient = new HandshakeServer(serverHandshake(Duration.ofMillis(300)), null))
        {
            for (final byte[] sent : new byte[][]{new byte[0], new byte[]{60, 0, 0, 0, 39, 0, 1}})
            {
                try (Socket socket = ReplicationTransport.connect(impatient.address(), null, TIMEOUT))
                {
                    socket.setSoTimeout(20_000);
                    socket.getOutputStream().write(sent);
                    final FrameReader reader = new FrameReader(socket.getInputStream(),
                        Protocol.HANDSHAKE_MAX_FRAME_BYTES);
                    assertEquals(RejectDecoder.TEMPLATE_ID, reader.read());
                    assertEquals(RejectCode.TIMEOUT, reader.reject().code());
                    assertEquals(FrameReader.END_OF_STREAM, reader.read(), "then the server closes");
                }
                final ProtocolException ex = impatient.nextFailure(ProtocolException.class);
                assertEquals(RejectCode.TIMEOUT, ex.code());
                assertEquals("timed out waiting for Hello", ex.getMessage());
            }
        }
        assertEquals(List.of(), decided);
    }

    @Test
    void aClientTimesOutOnAServerThatSaysNothing() throws Exception
    {
        // The kernel completes the TCP connection from the backlog; nobody accepts or answers.
        try (ServerSocket silent = ReplicationTransport.listen(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null);
             Socket socket = ReplicationTransport.connect(
                 (InetSocketAddress)silent.getLocalSocketAddress(), null, TIMEOUT))
        {
            final ClientHandshake client = new ClientHandshake(CLUSTER, 2, SECRET, Duration.ofMillis(300));
            final ProtocolException ex = assertThrows(ProtocolException.class,
                () -> client.run(socket, NodeRole.STANDBY, 4L, 99L));
            assertEquals(RejectCode.TIMEOUT, ex.code());
            assertEquals("timed out waiting for Challenge", ex.getMessage());
            assertEquals(0, socket.getSoTimeout(), "SO_TIMEOUT restored");
        }
    }

    @Test
    void aClientRejectInsteadOfAuthenticateReachesTheServer() throws Exception
    {
        try (Socket socket = connect())
        {
            final FrameWriter writer = new FrameWriter(socket.getOutputStream(), Protocol.HANDSHAKE_MAX_FRAME_BYTES);
            writer.writeHello(Protocol.VERSION, NodeRole.STANDBY, 2, 9L, 99L, Proofs.nonce(), CLUSTER);
            writer.flush();
            final FrameReader reader = new FrameReader(socket.getInputStream(), Protocol.HANDSHAKE_MAX_FRAME_BYTES);
            assertEquals(ChallengeDecoder.TEMPLATE_ID, reader.read());
            assertEquals(1, reader.challenge().nodeId());
            writer.writeReject(RejectCode.STEP_DOWN, 9L, "I am newer");
            writer.flush();
            assertEquals(FrameReader.END_OF_STREAM, reader.read(), "the server sends nothing more");
        }
        final RejectedException ex = server.nextFailure(RejectedException.class);
        assertEquals(RejectCode.STEP_DOWN, ex.code());
        assertEquals(9L, ex.remoteEpoch());
        assertEquals("I am newer", ex.reason());
        assertEquals(List.of(), decided);
    }

    private static int littleEndianInt(final byte[] bytes)
    {
        return (bytes[0] & 0xFF) | (bytes[1] & 0xFF) << 8 | (bytes[2] & 0xFF) << 16 | (bytes[3] & 0xFF) << 24;
    }
}
