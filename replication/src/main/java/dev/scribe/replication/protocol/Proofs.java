package dev.scribe.replication.protocol;

import javax.crypto.Mac;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * The handshake's nonces and proofs. Each proof is HMAC-SHA256 keyed with the shared secret over these bytes
 * (integers little-endian, the role as its one-byte code):
 *
 * <pre>
 *  client proof: "scribe-replication-v1/client" (28 ASCII bytes)
 *                | clusterId length u16 | clusterId UTF-8 | nodeId i32 | role u8 | epoch i64 | lastPosition i64
 *                | client nonce (16) | server nonce (16)
 *  server proof: "scribe-replication-v1/server" (28 ASCII bytes)
 *                | client nonce (16) | server nonce (16)
 *                | role u8 | nodeId i32 | epoch i64 | lastPosition i64 | startPosition i64 | truncateFrom i64
 * </pre>
 *
 * The two labels differ, so one side's proof is never valid as the other's; the server's fresh nonce makes a
 * replayed client proof worthless on a new connection; the client's nonce does the same for a replayed Welcome.
 * Proofs are compared in constant time.
 */
final class Proofs
{
    static final String CLIENT_LABEL = "scribe-replication-v1/client";
    static final String SERVER_LABEL = "scribe-replication-v1/server";

    private static final SecureRandom RANDOM = new SecureRandom();

    private Proofs()
    {
    }

    static byte[] nonce()
    {
        final byte[] nonce = new byte[Protocol.NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        return nonce;
    }

    static byte[] client(
        final Secret secret, final Hello hello, final byte[] clientNonce, final byte[] serverNonce)
    {
        final byte[] clusterId = hello.clusterId().getBytes(StandardCharsets.UTF_8);
        final ByteBuffer fields = ByteBuffer.allocate(2 + clusterId.length + 4 + 1 + 8 + 8)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putShort((short)clusterId.length)
            .put(clusterId)
            .putInt(hello.nodeId())
            .put((byte)hello.role().value())
            .putLong(hello.epoch())
            .putLong(hello.lastPosition());
        final Mac mac = secret.newMac();
        mac.update(CLIENT_LABEL.getBytes(StandardCharsets.US_ASCII));
        mac.update(fields.array());
        mac.update(clientNonce);
        mac.update(serverNonce);
        return mac.doFinal();
    }

    static byte[] server(
        final Secret secret, final byte[] clientNonce, final byte[] serverNonce, final Welcome welcome)
    {
        final ByteBuffer fields = ByteBuffer.allocate(1 + 4 + 4 * 8)
            .order(ByteOrder.LITTLE_ENDIAN)
            .put((byte)welcome.role().value())
            .putInt(welcome.nodeId())
            .putLong(welcome.epoch())
            .putLong(welcome.lastPosition())
            .putLong(welcome.startPosition())
            .putLong(welcome.truncateFrom());
        final Mac mac = secret.newMac();
        mac.update(SERVER_LABEL.getBytes(StandardCharsets.US_ASCII));
        mac.update(clientNonce);
        mac.update(serverNonce);
        mac.update(fields.array());
        return mac.doFinal();
    }

    static boolean matches(final byte[] expected, final byte[] actual)
    {
        return MessageDigest.isEqual(expected, actual);
    }
}
