package dev.scribe.replication.protocol;

import dev.scribe.replication.sbe.NodeRole;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The proofs are exactly the HMACs the documentation describes, computed here independently, so another
 * implementation can be written from the documentation; and nonces do not repeat.
 */
class ProofsTest
{
    private static final byte[] KEY = HexFormat.of().parseHex(
        "00112233445566778899aabbccddeeff0f1e2d3c4b5a69788796a5b4c3d2e1f0");
    private static final byte[] CLIENT_NONCE = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
    private static final byte[] SERVER_NONCE = HexFormat.of().parseHex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");

    @Test
    void theClientProofCoversTheDocumentedBytes() throws Exception
    {
        final Hello hello = new Hello("prod-\u00e9", 7, NodeRole.STANDBY, 3L, -1L);
        final byte[] clusterId = "prod-\u00e9".getBytes(StandardCharsets.UTF_8);
        final ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.writeBytes("scribe-replication-v1/client".getBytes(StandardCharsets.US_ASCII));
        message.writeBytes(le(2).putShort((short)clusterId.length).array());
        message.writeBytes(clusterId);
        message.writeBytes(le(4).putInt(7).array());
        message.write(2);
        message.writeBytes(le(8).putLong(3L).array());
        message.writeBytes(le(8).putLong(-1L).array());
        message.writeBytes(CLIENT_NONCE);
        message.writeBytes(SERVER_NONCE);

        assertArrayEquals(hmac(message.toByteArray()), Proofs.client(Secret.of(KEY), hello, CLIENT_NONCE,
            SERVER_NONCE));
    }

    @Test
    void theServerProofCoversTheDocumentedBytes() throws Exception
    {
        final Welcome welcome = new Welcome(NodeRole.PRIMARY, 1, 9L, 1000L, 990L, 995L);
        final ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.writeBytes("scribe-replication-v1/server".getBytes(StandardCharsets.US_ASCII));
        message.writeBytes(CLIENT_NONCE);
        message.writeBytes(SERVER_NONCE);
        message.write(1);
        message.writeBytes(le(4).putInt(1).array());
        for (final long value : new long[]{9L, 1000L, 990L, 995L})
        {
            message.writeBytes(le(8).putLong(value).array());
        }

        assertArrayEquals(hmac(message.toByteArray()), Proofs.server(Secret.of(KEY), CLIENT_NONCE, SERVER_NONCE,
            welcome));
    }

    @Test
    void proofsCompareWholeAndNoncesAreFresh()
    {
        final byte[] proof = Proofs.server(Secret.of(KEY), CLIENT_NONCE, SERVER_NONCE,
            new Welcome(NodeRole.PRIMARY, 1, 1L, 1L, 1L, -1L));
        assertTrue(Proofs.matches(proof, proof.clone()));
        final byte[] flipped = proof.clone();
        flipped[31] ^= 1;
        assertFalse(Proofs.matches(proof, flipped));
        assertFalse(Proofs.matches(proof, new byte[31]));

        final Set<String> nonces = new HashSet<>();
        for (int i = 0; i < 1000; i++)
        {
            final byte[] nonce = Proofs.nonce();
            assertEquals(Protocol.NONCE_BYTES, nonce.length);
            assertTrue(nonces.add(HexFormat.of().formatHex(nonce)));
        }
    }

    @Test
    void theNonceCacheRemembersTheNewestAndForgetsTheOldest()
    {
        final NonceCache cache = new NonceCache(3);
        final byte[][] nonces = new byte[5][];
        for (int i = 0; i < nonces.length; i++)
        {
            nonces[i] = new byte[16];
            nonces[i][15] = (byte)i;
            nonces[i][0] = (byte)(i * 7);
        }
        assertTrue(cache.add(nonces[0]));
        assertTrue(cache.add(nonces[1]));
        assertFalse(cache.add(nonces[0].clone()), "a repeat is refused");
        assertTrue(cache.add(nonces[2]));
        assertTrue(cache.add(nonces[3]));
        assertEquals(3, cache.size());
        assertTrue(cache.add(nonces[0]), "the oldest was forgotten");
        assertFalse(cache.add(nonces[3]));
        assertFalse(cache.add(nonces[2]));
    }

    private static ByteBuffer le(final int size)
    {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] hmac(final byte[] message) throws Exception
    {
        final Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        return mac.doFinal(message);
    }
}
