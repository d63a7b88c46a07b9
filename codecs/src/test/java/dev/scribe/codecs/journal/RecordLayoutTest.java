package dev.scribe.codecs.journal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The offsets the codec uses are the ones drawn in the {@link RecordLayout} diagram, which the other tests and any
 * out-of-process reader rely on.
 */
class RecordLayoutTest
{
    @Test
    void offsetsMatchTheDiagram()
    {
        assertEquals(8, RecordLayout.HEADER_LENGTH);
        assertEquals(38, RecordLayout.BLOCK_LENGTH);
        assertEquals(1, RecordLayout.TEMPLATE_ID);
        assertEquals(7301, RecordLayout.SCHEMA_ID);
        assertEquals(1, RecordLayout.SCHEMA_VERSION);
        assertEquals(1, RecordLayout.FORMAT_VERSION);
        assertEquals(RecordFixtures.CRC_OFFSET, RecordLayout.CRC_OFFSET);
        assertEquals(RecordFixtures.FORMAT_VERSION_OFFSET, RecordLayout.FORMAT_VERSION_OFFSET);
        assertEquals(14, RecordLayout.EPOCH_OFFSET);
        assertEquals(22, RecordLayout.TIMESTAMP_OFFSET);
        assertEquals(30, RecordLayout.CORRELATION_OFFSET);
        assertEquals(38, RecordLayout.CAUSATION_OFFSET);
        assertEquals(RecordFixtures.GROUPS_OFFSET, RecordLayout.GROUPS_OFFSET);
        assertEquals(4, RecordLayout.GROUP_HEADER_LENGTH);
        assertEquals(8, RecordLayout.AGGREGATE_BLOCK_LENGTH);
        assertEquals(8, RecordLayout.EVENT_BLOCK_LENGTH);
        assertEquals(0, RecordLayout.EVENT_AGGREGATE_INDEX_OFFSET);
        assertEquals(2, RecordLayout.EVENT_VERSION_OFFSET);
        assertEquals(4, RecordLayout.EVENT_TYPE_ID_OFFSET);
        assertEquals(2, RecordLayout.STRING_LENGTH_LENGTH);
        assertEquals(4, RecordLayout.PAYLOAD_LENGTH_LENGTH);
        assertEquals(RecordFixtures.MIN_LENGTH, RecordLayout.MIN_LENGTH);
    }
}
