/**
 * Replication of the journal to a hot standby: the replicator on the primary's ring, the standby node, epochs
 * that fence an old primary, catch-up and fail-over.
 */
package dev.scribe.replication;
