package dev.scribe.replication.protocol;

import dev.scribe.codecs.SecretKeys;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The shared secret both nodes of a cluster hold, from which each side proves itself with HMAC-SHA256. It is at
 * least {@value #MIN_BYTES} bytes; 32 random bytes are recommended.
 *
 * <p>A secret file holds the secret as hex text, for example the output of {@code openssl rand -hex 32}: two hex
 * digits per byte, either case, with whitespace (such as a final line break) ignored, read by {@link SecretKeys}.
 * Keep it readable by the node's user only.
 *
 * <p>The bytes never appear in {@link #toString()}, in exception messages or in logs.
 */
public final class Secret
{
    /** Fewest bytes a secret may have. */
    public static final int MIN_BYTES = 16;

    /** Largest secret file read; anything longer is not a secret file. */
    public static final int MAX_FILE_BYTES = 64 * 1024;

    static final String ALGORITHM = SecretKeys.HMAC_SHA256;

    private final SecretKeySpec key;
    private final int length;

    private Secret(final byte[] bytes)
    {
        if (bytes.length < MIN_BYTES)
        {
            throw new IllegalArgumentException("a shared secret needs at least " + MIN_BYTES + " bytes, got " +
                bytes.length);
        }
        this.key = new SecretKeySpec(bytes, ALGORITHM);
        this.length = bytes.length;
    }

    /**
     * A secret from raw bytes, which are copied.
     *
     * @param bytes at least {@value #MIN_BYTES} of them.
     * @return the secret.
     * @throws IllegalArgumentException if there are fewer than {@value #MIN_BYTES} bytes.
     */
    public static Secret of(final byte[] bytes)
    {
        return new Secret(bytes.clone());
    }

    /**
     * A secret from hex text; whitespace is ignored.
     *
     * @param hex two hex digits per byte.
     * @return the secret.
     * @throws IllegalArgumentException if the text is not hex or gives fewer than {@value #MIN_BYTES} bytes.
     */
    public static Secret fromHex(final CharSequence hex)
    {
        final byte[] bytes = SecretKeys.fromHex(hex, "secret");
        try
        {
            return new Secret(bytes);
        }
        finally
        {
            Arrays.fill(bytes, (byte)0);
        }
    }

    /**
     * A secret from a file of hex text (see the class description).
     *
     * @param path of the file.
     * @return the secret.
     * @throws IOException              if the file cannot be read.
     * @throws IllegalArgumentException if it is larger than {@value #MAX_FILE_BYTES} bytes, is not hex text, or
     *                                  gives fewer than {@value #MIN_BYTES} bytes.
     */
    public static Secret fromFile(final Path path) throws IOException
    {
        final byte[] bytes = SecretKeys.readHexFile(path, MAX_FILE_BYTES, "secret file " + path);
        try
        {
            return new Secret(bytes);
        }
        finally
        {
            Arrays.fill(bytes, (byte)0);
        }
    }

    /**
     * Number of bytes in the secret.
     *
     * @return the length.
     */
    public int length()
    {
        return length;
    }

    /**
     * A new HMAC-SHA256 keyed with this secret, for computing and checking proofs. The MAC gives no access to the
     * secret's bytes.
     *
     * @return the MAC, ready to update.
     */
    public Mac newMac()
    {
        return SecretKeys.hmacSha256(key);
    }

    @Override
    public String toString()
    {
        return "Secret(" + length + " bytes, redacted)";
    }
}
