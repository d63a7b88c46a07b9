package dev.scribe.codecs.journal;

import dev.scribe.codecs.sbe.JournalRecordEncoder;
import dev.scribe.codecs.sbe.MessageHeaderEncoder;

/**
 * Offsets and limits of the journal record, version 1, as laid out by the SBE schema {@code scribe-journal.xml}.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------------------------------+-------------------------------+
 *  |  blockLength (38)   u16       |  templateId (1)       u16     |  SBE message header
 *  +-------------------------------+-------------------------------+
 *  |  schemaId (7301)    u16       |  version (1)          u16     |
 *  +-------------------------------+-------------------------------+
 *  |                         crc32c  i32                           |  offset 8
 *  +-------------------------------+-------------------------------+
 *  |  formatVersion (1)  u16       |  epoch i64 ...                |  offset 12
 *  +-------------------------------+                               +
 *  |  ... epoch                    |  timestampNs i64 ...          |
 *  |  ... correlationId i64, causationId i64                        |  block ends at 46
 *  +---------------------------------------------------------------+
 *  |  aggregates: blockLength (8) u16, numInGroup u16               |
 *  |    each: version i64, aggregateId length u16, UTF-8 bytes      |
 *  +---------------------------------------------------------------+
 *  |  events: blockLength (8) u16, numInGroup u16                   |
 *  |    each: aggregateIndex u16, eventVersion u16, eventTypeId i32,|
 *  |          payload length u32, payload bytes                     |
 *  +---------------------------------------------------------------+
 *  |  idempotencyKey length u16, UTF-8 bytes (empty: none)          |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * All integers are little-endian. The CRC32C covers every byte of the record except its own four.
 */
final class RecordLayout
{
    static final int HEADER_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH;
    static final int BLOCK_LENGTH = JournalRecordEncoder.BLOCK_LENGTH;
    static final int TEMPLATE_ID = JournalRecordEncoder.TEMPLATE_ID;
    static final int SCHEMA_ID = JournalRecordEncoder.SCHEMA_ID;
    static final int SCHEMA_VERSION = JournalRecordEncoder.SCHEMA_VERSION;
    static final int FORMAT_VERSION = 1;

    static final int CRC_OFFSET = HEADER_LENGTH + JournalRecordEncoder.crc32cEncodingOffset();
    static final int FORMAT_VERSION_OFFSET = HEADER_LENGTH + JournalRecordEncoder.formatVersionEncodingOffset();
    static final int EPOCH_OFFSET = HEADER_LENGTH + JournalRecordEncoder.epochEncodingOffset();
    static final int TIMESTAMP_OFFSET = HEADER_LENGTH + JournalRecordEncoder.timestampNsEncodingOffset();
    static final int CORRELATION_OFFSET = HEADER_LENGTH + JournalRecordEncoder.correlationIdEncodingOffset();
    static final int CAUSATION_OFFSET = HEADER_LENGTH + JournalRecordEncoder.causationIdEncodingOffset();
    static final int GROUPS_OFFSET = HEADER_LENGTH + BLOCK_LENGTH;

    static final int GROUP_HEADER_LENGTH = JournalRecordEncoder.AggregatesEncoder.HEADER_SIZE;
    static final int AGGREGATE_BLOCK_LENGTH = JournalRecordEncoder.AggregatesEncoder.sbeBlockLength();
    static final int EVENT_BLOCK_LENGTH = JournalRecordEncoder.EventsEncoder.sbeBlockLength();
    static final int STRING_LENGTH_LENGTH = JournalRecordEncoder.AggregatesEncoder.aggregateIdHeaderLength();
    static final int PAYLOAD_LENGTH_LENGTH = JournalRecordEncoder.EventsEncoder.payloadHeaderLength();

    static final int EVENT_AGGREGATE_INDEX_OFFSET = JournalRecordEncoder.EventsEncoder.aggregateIndexEncodingOffset();
    static final int EVENT_VERSION_OFFSET = JournalRecordEncoder.EventsEncoder.eventVersionEncodingOffset();
    static final int EVENT_TYPE_ID_OFFSET = JournalRecordEncoder.EventsEncoder.eventTypeIdEncodingOffset();

    /** Smallest valid record: header, block, two empty groups and an empty idempotency key. */
    static final int MIN_LENGTH = GROUPS_OFFSET + 2 * GROUP_HEADER_LENGTH + STRING_LENGTH_LENGTH;

    private RecordLayout()
    {
    }
}
