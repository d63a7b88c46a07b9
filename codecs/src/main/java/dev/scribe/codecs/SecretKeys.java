package dev.scribe.codecs;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.CharBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * Secret keys as an operator keeps them, and the HMAC-SHA256 keyed with one: the journal's record MAC key and the
 * replication secret both come through here.
 *
 * <p>A key is hex text, two hex digits a byte in either case, with whitespace (space, tab, line breaks, form feed)
 * ignored: the output of {@code openssl rand -hex 32}, final line break included, is one. A key's bytes never appear
 * in a message (an error names the offending character by its index), and the copies made while reading a file are
 * zeroed before the method returns; the caller zeroes the key it is given once it has made its own.
 */
public final class SecretKeys
{
    /** The JCA name of HMAC-SHA256. */
    public static final String HMAC_SHA256 = "HmacSHA256";

    private SecretKeys()
    {
    }

    /**
     * The bytes of hex text.
     *
     * @param text two hex digits a byte; whitespace is ignored.
     * @param what what the text is, to start an error message with (such as {@code "secret file /etc/x"}).
     * @return the bytes, possibly none.
     * @throws IllegalArgumentException naming {@code what} and the index of the first character that is neither a
     *                                  hex digit nor whitespace, or the count of digits when it is odd.
     */
    public static byte[] fromHex(final CharSequence text, final String what)
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

    /**
     * The bytes of a file of hex text (see {@link #fromHex}). The file is read as single-byte characters, so anything
     * but ASCII hex digits and whitespace, a UTF-16 file included, is refused.
     *
     * @param file         the file.
     * @param maxFileBytes the largest file taken for a key file; a larger one is refused before it is read whole.
     * @param what         what the file is, to start an error message with (such as {@code "key file " + file}).
     * @return the bytes, possibly none.
     * @throws IOException              if the file cannot be read.
     * @throws IllegalArgumentException naming {@code what} if the file is larger than {@code maxFileBytes} or is not
     *                                  hex text.
     */
    public static byte[] readHexFile(final Path file, final int maxFileBytes, final String what) throws IOException
    {
        if (Files.size(file) > maxFileBytes)
        {
            throw tooLarge(what, maxFileBytes);
        }
        final byte[] text = Files.readAllBytes(file);
        final char[] chars = new char[text.length];
        try
        {
            if (text.length > maxFileBytes)
            {
                throw tooLarge(what, maxFileBytes); // it grew between the size and the read
            }
            for (int i = 0; i < text.length; i++)
            {
                chars[i] = (char)(text[i] & 0xFF);
            }
            return fromHex(CharBuffer.wrap(chars), what);
        }
        finally
        {
            Arrays.fill(text, (byte)0);
            Arrays.fill(chars, '\0');
        }
    }

    /**
     * A new HMAC-SHA256 keyed with a key; a {@link Mac} is for one thread at a time.
     *
     * @param key the key, made for {@link #HMAC_SHA256}.
     * @return the MAC, ready to update.
     * @throws IllegalStateException if the JDK has no HMAC-SHA256, or refuses the key.
     */
    public static Mac hmacSha256(final SecretKeySpec key)
    {
        try
        {
            final Mac mac = Mac.getInstance(HMAC_SHA256);
            mac.init(key);
            return mac;
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException(HMAC_SHA256 + " is not available", ex);
        }
    }

    private static IllegalArgumentException tooLarge(final String what, final int maxFileBytes)
    {
        return new IllegalArgumentException(what + " is larger than " + maxFileBytes + " bytes");
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
