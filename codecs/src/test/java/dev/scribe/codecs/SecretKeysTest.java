package dev.scribe.codecs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Keys from hex text and hex files, refused with messages that name the file and never the bytes, and HMAC-SHA256.
 */
class SecretKeysTest
{
    private static final String HEX = "00112233445566778899aabbccddeeff0f1e2d3c4b5a69788796a5b4c3d2e1f0";

    @TempDir
    Path dir;

    @Test
    void hexTextInEitherCaseWithWhitespaceGivesItsBytes()
    {
        final byte[] expected = HexFormat.of().parseHex(HEX);
        assertArrayEquals(expected, SecretKeys.fromHex(" " + HEX.substring(0, 31) + "\r\n\t" +
            HEX.substring(31).toUpperCase() + "\f\n", "key"));
        assertArrayEquals(new byte[0], SecretKeys.fromHex("\n", "key"));
    }

    @Test
    void aFileOfHexTextGivesItsBytesAndBadFilesAreRefusedNamingThemWithoutTheirContent() throws IOException
    {
        final Path good = dir.resolve("good");
        Files.writeString(good, HEX + "\n");
        assertArrayEquals(HexFormat.of().parseHex(HEX), SecretKeys.readHexFile(good, 100, "key file " + good));

        final Path notHex = dir.resolve("not-hex");
        Files.writeString(notHex, HEX.substring(0, 40) + "zq" + HEX.substring(42));
        assertEquals("key file " + notHex + " is not hex text: character 40 is neither a hex digit nor whitespace",
            assertThrows(IllegalArgumentException.class,
                () -> SecretKeys.readHexFile(notHex, 100, "key file " + notHex)).getMessage());

        final Path odd = dir.resolve("odd");
        Files.writeString(odd, HEX + "a");
        assertEquals("key file " + odd + " has an odd number of hex digits (65)",
            assertThrows(IllegalArgumentException.class,
                () -> SecretKeys.readHexFile(odd, 100, "key file " + odd)).getMessage());

        final Path utf16 = dir.resolve("utf16");
        Files.write(utf16, HEX.getBytes(StandardCharsets.UTF_16));
        assertThrows(IllegalArgumentException.class, () -> SecretKeys.readHexFile(utf16, 1000, "key file"));

        final Path large = dir.resolve("large");
        final byte[] spaces = new byte[101];
        Arrays.fill(spaces, (byte)' ');
        Files.write(large, spaces);
        assertEquals("key file " + large + " is larger than 100 bytes",
            assertThrows(IllegalArgumentException.class,
                () -> SecretKeys.readHexFile(large, 100, "key file " + large)).getMessage());

        assertThrows(NoSuchFileException.class, () -> SecretKeys.readHexFile(dir.resolve("missing"), 100, "key"));
    }

    @Test
    void hmacSha256GivesTheRfc4231Value()
    {
        final byte[] key = new byte[20];
        Arrays.fill(key, (byte)0x0b);
        final byte[] mac = SecretKeys.hmacSha256(new SecretKeySpec(key, SecretKeys.HMAC_SHA256))
            .doFinal("Hi There".getBytes(StandardCharsets.US_ASCII));
        assertEquals("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7", HexFormat.of().formatHex(mac));
    }
}
