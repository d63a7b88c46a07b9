package dev.scribe.replication.protocol;

import dev.scribe.replication.sbe.AuthenticateDecoder;
import dev.scribe.replication.sbe.HelloDecoder;
import dev.scribe.replication.sbe.NodeRole;
import dev.scribe.replication.sbe.RejectCode;
import dev.scribe.replication.sbe.RejectDecoder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.scribe.replication.protocol.HandshakeTest.CLUSTER;
import static dev.scribe.replication.protocol.HandshakeTest.OTHER_SECRET;
import static dev.scribe.replication.protocol.HandshakeTest.SECRET;
import static dev.scribe.replication.protocol.HandshakeTest.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client believes a Welcome only with a valid server proof. A hand-written server on a real socket answers with a
 * forged or mismatched proof, or out of order; the client refuses with {@link ProtocolException} (not a
 * {@link RejectedException}, since the server did not reject) and tells the server why.
 */
class ClientHandshakeChecksServerTest
{
    private static final Welcome GRANTED = new Welcome(NodeRole.PRIMARY, 1, 5L, 500L, 99L, -1L);

    enum Forgery
    {
        /** The correct proof: the control case. */
        NONE,
        ZERO_PROOF,
        PROOF_WITH_ANOTHER_SECRET,
        PROOF_FOR_OTHER_FIELDS,
        PROOF_FOR_OTHER_NONCES,
        CLIENT_PROOF_REFLECTED,
        ACK_INSTEAD_OF_CHALLENGE
    }

    @ParameterizedTest
    @EnumSource(Forgery.class)
    void aServerWithoutAValidProofIsRefused(final Forgery forgery) throws Exception
    {
        try (ServerSocket server = ReplicationTransport.listen(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null))
        {
            final CompletableFuture<RejectCode> serverSaw = CompletableFuture.supplyAsync(() -> fakeServer(server,
                forgery));
            try (Socket socket = ReplicationTransport.connect(
                (InetSocketAddress)server.getLocalSocketAddress(), null, TIMEOUT))
            {
                final ClientHandshake client = new ClientHandshake(CLUSTER, 2, SECRET, TIMEOUT);
                if (forgery == Forgery.NONE)
                {
                    assertEquals(GRANTED, client.run(socket, NodeRole.STANDBY, 4L, 99L));
                }
                else
                {
                    final ProtocolException ex = assertThrows(ProtocolException.class,
                        () -> client.run(socket, NodeRole.STANDBY, 4L, 99L));
                    assertFalse(ex instanceof RejectedException);
                    final RejectCode expected = forgery == Forgery.ACK_INSTEAD_OF_CHALLENGE ?
                        RejectCode.BAD_FRAME : RejectCode.BAD_AUTH;
                    assertEquals(expected, ex.code(), ex.getMessage());
                }
            }
            final RejectCode sent = serverSaw.get(20, TimeUnit.SECONDS);
            if (forgery == Forgery.NONE)
            {
                assertEquals(null, sent, "a welcomed client sends nothing more");
            }
            else
            {
                assertEquals(forgery == Forgery.ACK_INSTEAD_OF_CHALLENGE ? RejectCode.BAD_FRAME : RejectCode.BAD_AUTH,
                    sent);
            }
        }
    }

    /** Plays the server's part by hand; returns the code of the client's Reject, or null if the client hung up. */
    private static RejectCode fakeServer(final ServerSocket server, final Forgery forgery)
    {
        try (Socket socket = ReplicationTransport.accept(server))
        {
            socket.setSoTimeout(20_000);
            final FrameReader reader = new FrameReader(socket.getInputStream(), Protocol.HANDSHAKE_MAX_FRAME_BYTES);
            final FrameWriter writer = new FrameWriter(socket.getOutputStream(), Protocol.HANDSHAKE_MAX_FRAME_BYTES);
            assertEquals(HelloDecoder.TEMPLATE_ID, reader.read());
            final HelloDecoder helloDecoder = reader.hello();
            final byte[] clientNonce = new byte[16];
            helloDecoder.getNonce(clientNonce, 0, 16);
            final Hello hello = new Hello(helloDecoder.clusterId(), helloDecoder.nodeId(), helloDecoder.role(),
                helloDecoder.epoch(), helloDecoder.lastPosition());
            final byte[] serverNonce = Proofs.nonce();
            if (forgery == Forgery.ACK_INSTEAD_OF_CHALLENGE)
            {
                writer.writeAck(5L, 500L);
                writer.flush();
                return clientReject(reader);
            }
            writer.writeChallenge(1, serverNonce);
            writer.flush();
            assertEquals(AuthenticateDecoder.TEMPLATE_ID, reader.read());
            final byte[] clientProof = new byte[32];
            reader.authenticate().getMac(clientProof, 0, 32);
            assertTrue(Proofs.matches(Proofs.client(SECRET, hello, clientNonce, serverNonce), clientProof));
            writer.writeWelcome(GRANTED, proof(forgery, clientNonce, serverNonce, clientProof));
            writer.flush();
            return clientReject(reader);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static byte[] proof(
        final Forgery forgery, final byte[] clientNonce, final byte[] serverNonce, final byte[] clientProof)
    {
        return switch (forgery)
        {
            case NONE -> Proofs.server(SECRET, clientNonce, serverNonce, GRANTED);
            case ZERO_PROOF -> new byte[32];
            case PROOF_WITH_ANOTHER_SECRET -> Proofs.server(OTHER_SECRET, clientNonce, serverNonce, GRANTED);
            case PROOF_FOR_OTHER_FIELDS -> Proofs.server(SECRET, clientNonce, serverNonce,
                new Welcome(NodeRole.PRIMARY, 1, 5L, 500L, 98L, -1L));
            case PROOF_FOR_OTHER_NONCES -> Proofs.server(SECRET, serverNonce, clientNonce, GRANTED);
            case CLIENT_PROOF_REFLECTED -> clientProof;
            case ACK_INSTEAD_OF_CHALLENGE -> throw new IllegalStateException();
        };
    }

    private static RejectCode clientReject(final FrameReader reader) throws IOException
    {
        final int next = reader.read();
        if (next == FrameReader.END_OF_STREAM)
        {
            return null;
        }
        assertEquals(RejectDecoder.TEMPLATE_ID, next);
        return reader.reject().code();
    }
}
