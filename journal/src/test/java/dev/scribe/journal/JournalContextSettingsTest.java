package dev.scribe.journal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The journal's number-valued system properties: spaces around the number are taken, and a value that is not a
 * number of the setting's range is an error naming the property, never the default in silence.
 */
class JournalContextSettingsTest
{
    private static final List<String> PROPERTIES = List.of(JournalContext.Configuration.MAX_RECORD_BYTES_PROP_NAME,
        JournalContext.Configuration.RETAIN_CYCLES_PROP_NAME,
        JournalContext.Configuration.TORN_TAIL_TIMEOUT_MS_PROP_NAME);

    @TempDir
    Path dir;

    @AfterEach
    void clearProperties()
    {
        PROPERTIES.forEach(System::clearProperty);
    }

    @Test
    void aNumberWithSpacesIsTaken()
    {
        System.setProperty(JournalContext.Configuration.MAX_RECORD_BYTES_PROP_NAME, " 2097152 ");
        System.setProperty(JournalContext.Configuration.RETAIN_CYCLES_PROP_NAME, "3 ");
        System.setProperty(JournalContext.Configuration.TORN_TAIL_TIMEOUT_MS_PROP_NAME, " 900");
        final JournalContext context = new JournalContext().directory(dir).conclude();
        assertEquals(2 * 1024 * 1024, context.maxRecordBytes());
        assertEquals(3, context.retainCycles());
        assertEquals(900, context.tornTailTimeoutMs());
    }

    @Test
    void aValueThatIsNoNumberIsNamedNotIgnored()
    {
        for (final String property : PROPERTIES)
        {
            for (final String value : List.of("2m", "99999999999999999999", ""))
            {
                System.setProperty(property, value);
                final IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                    () -> new JournalContext().directory(dir).conclude(), property + "=" + value);
                assertTrue(wrong.getMessage().contains(property), wrong.getMessage());
                System.clearProperty(property);
            }
        }
    }
}
