package dev.scribe.replication.protocol;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.CharBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * The shared secret both nodes of a cluster hold, from which each side proves itself with HMAC-SHA256. It is at
 * least {@value #MIN_BYTES} bytes; 32 random bytes are recommended.
 *
 * <p>A secret file holds the secret as hex text, for example the output of {@code openssl rand -hex 32}: two hex
 * digits per byte, either case, with whitespace (such as a final line break) ignored. Keep it readable by the
 * node's user only.
 *
 * <p>The bytes never appear in {@link #toString()}, in exception messages or in logs.
 */
public final class Secret
{
    /** Fewest bytes a secret may have. */
    public static final int MIN_BYTES = 16;

    /** Largest secret file read; anything longer is not a secret file. */
    public static final int MAX_FILE_BYTES = 64 * 1024;

    static final String ALGORITHM = "HmacSHA256";

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
        final byte[] bytes = decodeHex(hex, "secret");
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
        if (Files.size(path) > MAX_FILE_BYTES)
        {
            throw new IllegalArgumentException("secret file " + path + " is larger than " + MAX_FILE_BYTES +
                " bytes");
        }
        final byte[] text = Files.readAllBytes(path);
        final char[] chars = new char[text.length];
        try
        {
            if (text.length > MAX_FILE_BYTES)
            {
                throw new IllegalArgumentException("secret file " + path + " is larger than " + MAX_FILE_BYTES +
                    " bytes");
            }
            for (int i = 0; i < text.length; i++)
            {
                chars[i] = (char)(text[i] & 0xFF);
            }
            final byte[] bytes = decodeHex(CharBuffer.wrap(chars), "secret file " + path);
            try
            {
                return new Secret(bytes);
            }
            finally
            {
                Arrays.fill(bytes, (byte)0);
            }
        }
        finally
        {
            Arrays.fill(text, (byte)0);
            Arrays.fill(chars, '\0');
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
        try
        {
            final Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException(ALGORITHM + " is not available", ex);
        }
    }

    @Override
    public String toString()
    {
        return "Secret(" + length + " bytes, redacted)";
    }

    private static byte[] decodeHex(final CharSequence text, final String what)
    {
        int digits = 0;
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (!isWhitespace(c))
            {
                if (hexValue(c) < 0)
                {
                    throw new IllegalArgumentException(what + " is not hex text: character " + i +
                        " is neither a hex digit nor whitespace");
                }
                digits++;
            }
        }
        if ((digits & 1) != 0)
        {
            throw new IllegalArgumentException(what + " has an odd number of hex digits (" + digits + ")");
        }
        final byte[] bytes = new byte[digits / 2];
        int digit = 0;
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (!isWhitespace(c))
            {
                final int value = hexValue(c);
                bytes[digit >> 1] |= (byte)((digit & 1) == 0 ? value << 4 : value);
                digit++;
            }
        }
        return bytes;
    }

    private static boolean isWhitespace(final char c)
    {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    }

    private static int hexValue(final char c)
    {
        if (c >= '0' && c <= '9')
        {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f')
        {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F')
        {
            return c - 'A' + 10;
        }
        return -1;
    }
}
