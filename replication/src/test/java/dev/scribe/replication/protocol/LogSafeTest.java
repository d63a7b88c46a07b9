package dev.scribe.replication.protocol;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Escaping peer-chosen text for the log.
 */
class LogSafeTest
{
    @Test
    void printableTextIsKeptAsItIs()
    {
        final String text = "test-cluster é ✓ 日本 \uD83D\uDE00 'quoted'";
        assertEquals(text, LogSafe.escape(text));
        assertSame("plain", LogSafe.escape("plain"));
    }

    @Test
    void controlAndFormatCharactersAndBackslashesAreEscaped()
    {
        assertEquals("a\\nb\\rc\\td\\ee\\\\f", LogSafe.escape("a\nb\rc\td\u001be\\f"));
        assertEquals("\\u0000\\u007f\\u0085\\u2028\\u2029\\u202e\\u200b", LogSafe.escape(
            "\u0000\u007f\u0085\u2028\u2029\u202e\u200b"));
        assertEquals("\\U000e0041", LogSafe.escape(new String(Character.toChars(0xE0041))));
        assertEquals("\\ud800x", LogSafe.escape("\ud800x"));
        assertEquals("'a\\nb'", LogSafe.quote("a\nb"));
        assertEquals("null", LogSafe.escape(null));
    }
}
