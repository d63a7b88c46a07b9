/**
 * Scribe's journal: the record of every command's events, in memory-mapped Chronicle Queue files.
 *
 * <p>{@link dev.scribe.journal.Journal} appends records built by a
 * {@link dev.scribe.codecs.journal.RecordWriter}, the records of a batch
 * ({@link dev.scribe.journal.Journal#beginBatch} to {@link dev.scribe.journal.Journal#commitBatch}) staged in memory
 * and written as one Chronicle document, each record at its own position (a journal of the first format, written
 * before batches, keeps one record a document; see {@code JournalFormat} and {@code BatchDocument}), and reads them
 * back through a
 * {@link dev.scribe.codecs.journal.RecordView} that checks each record's CRC32C first: forward and backward in
 * pages ({@link dev.scribe.journal.JournalPage}), by replay, or with a {@link dev.scribe.journal.JournalTailer} that
 * follows new records. {@link dev.scribe.journal.JournalContext} holds the settings (directory, roll cycle,
 * retention, record and batch document limits, pretouching distance). A writable journal brings the pages of the cycle
 * file ahead of its writer into memory on a thread of its own ({@code JournalPretoucher}), so that the writer does not
 * stop in their page faults. A directory has one writer, enforced by an OS file lock; a record torn by a
 * crashed writer is never visible and is skipped by the next writer. A standby appends its primary's records at the
 * primary's positions ({@link dev.scribe.journal.Journal#appendAt}). {@link dev.scribe.journal.Journal#truncate}
 * drops every record from a position on (and reports a {@link dev.scribe.journal.Truncation}) by building a
 * truncated copy beside the journal and swapping it in by renames; each open finishes or undoes a truncation that a
 * crash interrupted. {@link dev.scribe.journal.Journal#releaseBefore} moves into an archive, or deletes, the whole
 * cycle files before a position's cycle once a snapshot covers them, never from the
 * {@link dev.scribe.journal.Journal#retentionFloor(long) retention floor} on. Before anything in a directory is
 * mapped, moved or written, {@link dev.scribe.journal.Journal#inspect} checks every file with plain reads (foreign
 * files, headers, documents within their file, cycles missing from the journal's own ledger of the cycles it wrote)
 * and every open, truncation and tool refuses a journal with problems, naming each file
 * ({@link dev.scribe.journal.JournalInspection}). {@link dev.scribe.journal.JournalTool} dumps, verifies and
 * summarises a journal from the command line. This is the only package that uses Chronicle.
 */
package dev.scribe.journal;
