package dev.scribe.replication.link;

import dev.scribe.replication.protocol.Secret;

import javax.crypto.Mac;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * The link's nonces and proofs. Each proof is HMAC-SHA256 keyed with the shared secret over these bytes (integers
 * little-endian):
 *
 * <pre>
 *  dialler's proof:  "scribe-link-v2/dialler" (22 ASCII bytes) | clusterId length u16 | clusterId UTF-8
 *                    | dialler's node id i32 | listener's node id i32 | dialler's nonce (16) | listener's nonce (16)
 *  listener's proof: "scribe-link-v2/listener" (23 ASCII bytes) | clusterId length u16 | clusterId UTF-8
 *                    | listener's node id i32 | dialler's node id i32 | dialler's nonce (16) | listener's nonce (16)
 * </pre>
 *
 * Each side computes the other's proof with its own cluster id and its own idea of both node ids, so a proof made
 * for another cluster, another node or another pair of nonces does not match. The labels differ, so one side's
 * proof is never the other's; the listener's fresh nonce makes a replayed dialler proof worthless, and the
 * dialler's does the same for a replayed listener proof. Proofs are compared in constant time.
 */
final class AuthProofs
{
    static final String DIALLER_LABEL = "scribe-link-v2/dialler";
    static final String LISTENER_LABEL = "scribe-link-v2/listener";

    private static final SecureRandom RANDOM = new SecureRandom();

    private AuthProofs()
    {
    }

    static byte[] nonce()
    {
        final byte[] nonce = new byte[Wire.NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        return nonce;
    }

    static byte[] dialler(
        final Secret secret,
        final String clusterId,
        final int diallerNodeId,
        final int listenerNodeId,
        final byte[] diallerNonce,
        final byte[] listenerNonce)
    {
        return proof(secret, DIALLER_LABEL, clusterId, diallerNodeId, listenerNodeId, diallerNonce, listenerNonce);
    }

    static byte[] listener(
        final Secret secret,
        final String clusterId,
        final int listenerNodeId,
        final int diallerNodeId,
        final byte[] diallerNonce,
        final byte[] listenerNonce)
    {
        return proof(secret, LISTENER_LABEL, clusterId, listenerNodeId, diallerNodeId, diallerNonce, listenerNonce);
    }

    static boolean matches(final byte[] expected, final byte[] actual)
    {
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] proof(
        final Secret secret,
        final String label,
        final String clusterId,
        final int ownNodeId,
        final int otherNodeId,
        final byte[] diallerNonce,
        final byte[] listenerNonce)
    {
        final byte[] cluster = clusterId.getBytes(StandardCharsets.UTF_8);
        final ByteBuffer fields = ByteBuffer.allocate(2 + cluster.length + 4 + 4)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putShort((short)cluster.length)
            .put(cluster)
            .putInt(ownNodeId)
            .putInt(otherNodeId);
        final Mac mac = secret.newMac();
        mac.update(label.getBytes(StandardCharsets.US_ASCII));
        mac.update(fields.array());
        mac.update(diallerNonce);
        mac.update(listenerNonce);
        return mac.doFinal();
    }
}
