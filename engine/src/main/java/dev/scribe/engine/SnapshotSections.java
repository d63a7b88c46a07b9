package dev.scribe.engine;

/**
 * The sections of an engine snapshot, in the order written; all integers little-endian, strings as
 * {@code length:int32} then UTF-8 bytes.
 * <pre>
 *   META        format:int32 position:int64 epoch:int64 recordCrc:int32
 *               typeCount:int32 (className:string codecVersion:int32 fingerprint:int64)*
 *               aggregateCount:int64 keyCount:int32 projectionCount:int32
 *   EPOCHS      count:int32 (epoch:int64 start:int64)*
 *   AGGREGATES  (typeIndex:int32 id:string version:int64 stateLength:int32 state)*   strictly ascending ids
 *   KEYS        (key:string position:int64 version:int64)*                          oldest first
 *   PROJECTION  name:string stateLength:int32 state                                  one per snapshotted projection
 * </pre>
 * {@code recordCrc} is the CRC32C of the journal record at {@code position}, so a snapshot is never used with a
 * journal that holds a different record there (one truncated and rewritten after a fail-over). A type's
 * {@code fingerprint} is the built-in state codec's field layout, 0 for a codec of the user's.
 */
final class SnapshotSections
{
    static final int FORMAT = 1;

    static final int META = 1;
    static final int EPOCHS = 2;
    static final int AGGREGATES = 3;
    static final int KEYS = 4;
    static final int PROJECTION = 5;

    private SnapshotSections()
    {
    }
}
