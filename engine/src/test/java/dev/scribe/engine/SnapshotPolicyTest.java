package dev.scribe.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A snapshot policy's defaults, the system properties that override them, and the values set in code that override
 * both; a property set to something wrong is named in the error.
 */
class SnapshotPolicyTest
{
    private static final List<String> PROPERTIES = List.of(SnapshotPolicy.Configuration.EVERY_RECORDS_PROP_NAME,
        SnapshotPolicy.Configuration.EVERY_PROP_NAME, SnapshotPolicy.Configuration.KEEP_PROP_NAME,
        SnapshotPolicy.Configuration.JOURNAL_RETENTION_PROP_NAME);

    @AfterEach
    void clearProperties()
    {
        PROPERTIES.forEach(System::clearProperty);
    }

    @Test
    void defaultsPropertiesAndCodeInThatOrder()
    {
        final SnapshotPolicy defaults = new SnapshotPolicy();
        assertEquals(0, defaults.everyRecords());
        assertEquals(Duration.ZERO, defaults.every());
        assertEquals(2, defaults.keep());
        assertEquals(SnapshotPolicy.JournalRetention.KEEP, defaults.journalRetention());

        System.setProperty(SnapshotPolicy.Configuration.EVERY_RECORDS_PROP_NAME, "100000");
        System.setProperty(SnapshotPolicy.Configuration.EVERY_PROP_NAME, "60000");
        System.setProperty(SnapshotPolicy.Configuration.KEEP_PROP_NAME, "5");
        System.setProperty(SnapshotPolicy.Configuration.JOURNAL_RETENTION_PROP_NAME, "archive");
        final SnapshotPolicy fromProperties = new SnapshotPolicy();
        assertEquals(100_000, fromProperties.everyRecords());
        assertEquals(Duration.ofMinutes(1), fromProperties.every());
        assertEquals(5, fromProperties.keep());
        assertEquals(SnapshotPolicy.JournalRetention.ARCHIVE, fromProperties.journalRetention());

        assertEquals(3, new SnapshotPolicy().keep(3).keep(), "a value set in code wins");
    }

    @Test
    void aWrongPropertyIsNamed()
    {
        System.setProperty(SnapshotPolicy.Configuration.KEEP_PROP_NAME, "0");
        assertEquals("system property scribe.snapshot.keep: snapshot keep must be at least 1: 0",
            assertThrows(IllegalArgumentException.class, () -> new SnapshotPolicy().keep()).getMessage());
        System.setProperty(SnapshotPolicy.Configuration.KEEP_PROP_NAME, "two");
        assertEquals("system property scribe.snapshot.keep must be a whole number: 'two'",
            assertThrows(IllegalArgumentException.class, () -> new SnapshotPolicy().keep()).getMessage());
        assertEquals(4, new SnapshotPolicy().keep(4).keep(), "a value set in code wins, even over a wrong property");
        System.clearProperty(SnapshotPolicy.Configuration.KEEP_PROP_NAME);
        System.setProperty(SnapshotPolicy.Configuration.JOURNAL_RETENTION_PROP_NAME, "shred");
        assertEquals("system property scribe.snapshot.journal.retention must be KEEP, ARCHIVE or DELETE: 'shred'",
            assertThrows(IllegalArgumentException.class, () -> new SnapshotPolicy().journalRetention())
                .getMessage());
    }

    @Test
    void anIntervalTooLongToCountInNanosecondsIsRefusedNamingThePropertyNotAnOverflowAtLaunch(@TempDir final Path dir)
    {
        final Duration tooLong = Duration.ofNanos(Long.MAX_VALUE).plusMillis(1);
        final IllegalArgumentException inCode = assertThrows(IllegalArgumentException.class,
            () -> new SnapshotPolicy().every(tooLong));
        assertTrue(inCode.getMessage().contains("snapshot interval"), inCode.getMessage());
        assertEquals(Duration.ofNanos(Long.MAX_VALUE).truncatedTo(ChronoUnit.MILLIS),
            new SnapshotPolicy().every(Duration.ofMillis(Long.MAX_VALUE / 1_000_000)).every(), "the longest is taken");

        System.setProperty(SnapshotPolicy.Configuration.EVERY_PROP_NAME, Long.toString(Long.MAX_VALUE));
        final IllegalArgumentException fromProperty = assertThrows(IllegalArgumentException.class,
            () -> Engine.launch(Bank.context(dir)).close());
        assertTrue(fromProperty.getMessage().startsWith("system property " +
            SnapshotPolicy.Configuration.EVERY_PROP_NAME + ": "), fromProperty.getMessage());
    }

    @Test
    void aNegativeKeepPropertyIsReportedAsGiven()
    {
        System.setProperty(SnapshotPolicy.Configuration.KEEP_PROP_NAME, "-3");
        assertEquals("system property scribe.snapshot.keep: snapshot keep must be at least 1: -3",
            assertThrows(IllegalArgumentException.class, () -> new SnapshotPolicy().keep()).getMessage());
    }
}
