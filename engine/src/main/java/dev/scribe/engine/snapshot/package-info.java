/**
 * Snapshot files: the whole in-memory state of the engine at a journal position, so that recovery can start from the
 * newest valid snapshot and replay the journal from its position on.
 *
 * <p>{@link dev.scribe.engine.snapshot.SnapshotStore} owns a directory of snapshot files named by position. A
 * snapshot is written through a {@link dev.scribe.engine.snapshot.SnapshotWriter}, section by section (the engine
 * writes its aggregates, idempotency keys, epoch history and snapshotted projections, each as a section), streamed
 * into a temporary file that is checksummed, forced to storage and renamed to its final name, after which the
 * directory is forced: a crash at any moment leaves either the complete snapshot or none.
 * {@link dev.scribe.engine.snapshot.SnapshotReader} memory-maps a file read-only and checks its header, its length
 * and every checksum and section bound before it hands out a single section; a damaged snapshot is never loaded. The
 * byte layout is documented on {@link dev.scribe.engine.snapshot.SnapshotReader}.
 */
package dev.scribe.engine.snapshot;
