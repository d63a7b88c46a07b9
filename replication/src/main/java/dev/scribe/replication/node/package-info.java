/**
 * The replication node as a deterministic state machine. {@link dev.scribe.replication.node.NodeAgent} makes every
 * decision of a node of a replicated pair (role, epoch, admission of the standby, acknowledgements, stepping down,
 * promotion, truncation) from what arrives through its {@link dev.scribe.replication.node.PeerLink} and what its
 * {@link dev.scribe.replication.node.ReplicaLog} (the journal and engine) holds, with time passed in. On a real
 * node the link is a socket transport that authenticates the peer first and the log is the engine; in the tests a
 * simulation drives two agents over a faulty network and crashing disks from one seed.
 *
 * <p>Data flows one way: the primary's agent reads records from its log and streams them through the link; the
 * standby's agent hands them to its log and acknowledges what is journaled; the primary's agent checks each
 * acknowledgement against what its session sent and tells its log, which completes the waiting results.
 */
package dev.scribe.replication.node;
