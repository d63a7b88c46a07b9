/**
 * What the replication link and tools share about trust: the cluster's shared {@link
 * dev.scribe.replication.protocol.Secret} (at least 16 bytes, from a hex file, never shown by {@code toString}), which
 * keys the link's HMAC-SHA256 proofs, and {@link dev.scribe.replication.protocol.LogSafe}, which escapes text a peer
 * chose (a cluster id, a refusal's reason) before it reaches a log line. The wire protocol itself is in {@link
 * dev.scribe.replication.link}.
 */
package dev.scribe.replication.protocol;
