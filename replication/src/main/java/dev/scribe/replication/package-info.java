/**
 * Replication of the journal to a hot standby: a {@link dev.scribe.replication.ReplicationNode} runs one engine, one
 * peer link and one node agent that makes every decision (stream, acknowledge, promote, step down, truncate), with
 * epochs that fence an old primary, catch-up and fail-over.
 *
 * <p>From another process, {@link dev.scribe.replication.ReplicationTool} ({@code scribe replication}) reads a
 * node's counters from its engine's {@code counters.dat} and asks it to change role through a request file in the
 * node's {@code replication} directory, which the node's supervisor takes and answers in a result file.
 *
 * <p>For the node agent ({@link dev.scribe.replication.node}), {@code EngineReplicaLog} is the journal side: the
 * engine and its Chronicle journal, with the node's epoch promise and journal mark kept in the same
 * {@code replication} directory.
 */
package dev.scribe.replication;
