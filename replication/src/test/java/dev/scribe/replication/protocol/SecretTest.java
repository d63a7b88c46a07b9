package dev.scribe.replication.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Secrets are at least 16 bytes, come from hex text or a hex file, and never show their bytes.
 */
class SecretTest
{
    private static final String HEX = "00112233445566778899aabbccddeeff0f1e2d3c4b5a69788796a5b4c3d2e1f0";

    @TempDir
    Path dir;

    @Test
    void aSecretShorterThanTheMinimumIsRefusedNamingTheMinimum()
    {
        assertEquals("a shared secret needs at least 16 bytes, got 15",
            assertThrows(IllegalArgumentException.class, () -> Secret.of(new byte[15])).getMessage());
        assertEquals("a shared secret needs at least 16 bytes, got 0",
            assertThrows(IllegalArgumentException.class, () -> Secret.fromHex("\n")).getMessage());
        assertEquals(16, Secret.of(new byte[16]).length());
    }

    @Test
    void aHexFileGivesTheSameSecretAsItsBytes() throws IOException
    {
        final Path file = dir.resolve("secret");
        Files.writeString(file, "  " + HEX.substring(0, 32) + "\r\n" + HEX.substring(32).toUpperCase() + "\n");
        final Secret fromFile = Secret.fromFile(file);
        assertEquals(32, fromFile.length());
        final byte[] raw = new byte[32];
        for (int i = 0; i < 32; i++)
        {
            raw[i] = (byte)Integer.parseInt(HEX.substring(2 * i, 2 * i + 2), 16);
        }
        final byte[] message = "the same key signs the same".getBytes(StandardCharsets.US_ASCII);
        assertEquals(HexFormat.of().formatHex(Secret.of(raw).newMac().doFinal(message)),
            HexFormat.of().formatHex(fromFile.newMac().doFinal(message)));
    }

    @Test
    void badFilesAreRefusedWithoutShowingTheirContent() throws IOException
    {
        final Path notHex = dir.resolve("not-hex");
        Files.writeString(notHex, HEX.substring(0, 40) + "zq" + HEX.substring(42));
        final String message = assertThrows(IllegalArgumentException.class, () -> Secret.fromFile(notHex))
            .getMessage();
        assertEquals("secret file " + notHex + " is not hex text: character 40 is neither a hex digit nor whitespace",
            message);

        final Path odd = dir.resolve("odd");
        Files.writeString(odd, HEX + "a");
        assertEquals("secret file " + odd + " has an odd number of hex digits (65)",
            assertThrows(IllegalArgumentException.class, () -> Secret.fromFile(odd)).getMessage());

        final Path raw = dir.resolve("raw");
        Files.write(raw, HEX.getBytes(StandardCharsets.UTF_16));
        assertThrows(IllegalArgumentException.class, () -> Secret.fromFile(raw));

        final Path huge = dir.resolve("huge");
        Files.write(huge, new byte[Secret.MAX_FILE_BYTES + 1]);
        assertEquals("secret file " + huge + " is larger than 65536 bytes",
            assertThrows(IllegalArgumentException.class, () -> Secret.fromFile(huge)).getMessage());

        assertThrows(NoSuchFileException.class, () -> Secret.fromFile(dir.resolve("missing")));
    }

    @Test
    void toStringNeverShowsTheBytes()
    {
        final Secret secret = Secret.fromHex(HEX);
        final String text = secret.toString();
        assertEquals("Secret(32 bytes, redacted)", text);
        assertFalse(text.contains("0011"));
    }
}
