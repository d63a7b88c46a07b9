/**
 * The journal record: the events of one command with their envelope, sealed by a CRC32C.
 *
 * <p>{@link dev.scribe.codecs.journal.RecordWriter} builds a record in place (aggregates, then events whose payloads
 * are encoded straight into the record, then the idempotency key) and seals it; the journal appends those bytes as
 * one unit. {@link dev.scribe.codecs.journal.RecordView} checks a record's checksum and structure before anything
 * reads it, so corrupt or truncated bytes surface as a {@link dev.scribe.codecs.CodecException} with the field and
 * offset, never as data. The byte layout is drawn in {@code RecordLayout}.
 */
package dev.scribe.codecs.journal;
