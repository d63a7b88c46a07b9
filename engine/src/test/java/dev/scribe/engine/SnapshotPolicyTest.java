package dev.scribe.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
            assertThrows(IllegalArgumentException.class, SnapshotPolicy::new).getMessage());
        System.setProperty(SnapshotPolicy.Configuration.KEEP_PROP_NAME, "two");
        assertEquals("system property scribe.snapshot.keep must be a whole number: 'two'",
            assertThrows(IllegalArgumentException.class, SnapshotPolicy::new).getMessage());
        System.clearProperty(SnapshotPolicy.Configuration.KEEP_PROP_NAME);
        System.setProperty(SnapshotPolicy.Configuration.JOURNAL_RETENTION_PROP_NAME, "shred");
        assertEquals("system property scribe.snapshot.journal.retention must be KEEP, ARCHIVE or DELETE: 'shred'",
            assertThrows(IllegalArgumentException.class, SnapshotPolicy::new).getMessage());
    }
}
