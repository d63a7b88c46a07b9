package dev.scribe.engine;

import java.nio.file.Path;

/**
 * A snapshot the engine has written.
 *
 * @param file         the snapshot file.
 * @param position     journal position of the last record the state includes.
 * @param epoch        the epoch it was taken in.
 * @param stateHash    the {@link Engine#stateHash() state hash} of the state it holds.
 * @param aggregates   how many aggregates it holds.
 * @param bytes        the file's size.
 * @param captureNanos how long the business-logic thread was paused copying the state.
 * @param writeNanos   how long the background thread took to check, hash and write the copy.
 */
public record SnapshotInfo(
    Path file,
    long position,
    long epoch,
    long stateHash,
    long aggregates,
    long bytes,
    long captureNanos,
    long writeNanos)
{
}
