/**
 * The replication node as a deterministic state machine. {@link dev.scribe.replication.node.NodeAgent} makes every
 * decision of a node of a replicated pair (role, epoch, admission of the standby, acknowledgements, stepping down,
 * promotion, truncation) from what arrives through its {@link dev.scribe.replication.node.PeerLink} and what its
 * {@link dev.scribe.replication.node.ReplicaLog} (the journal and engine) holds, with time passed in. On a real
 * node the link is a socket transport that authenticates the peer first and the log is the engine; in the tests a
 * simulation drives two agents over a faulty network and crashing disks from one seed.
 *
 * <p>The rules it keeps:
 * <ul>
 *   <li><b>Epochs are never reused.</b> A node that becomes the primary starts the first of its own epochs (see
 *   {@link dev.scribe.replication.node.Epochs}) above every epoch it has journaled, heard a primary state or
 *   promised, and promises it on disk
 *   before it writes anything in it. A node started as the primary does not carry on in its old epoch.</li>
 *   <li><b>Journals meet at a shared record.</b> A standby is matched by its last record's epoch, position and
 *   CRC (see the agent's log matching) and drops only records that the primary replaced with a newer epoch.</li>
 *   <li><b>Claims are checked.</b> A node steps down only for a primary that states a newer epoch; a standby that
 *   states one is refused, not obeyed. Only the configured peer is served, and a live session is not replaced.
 *   An acknowledgement beyond what this session sent ends the session and completes nothing.</li>
 *   <li><b>No claim is trusted unchecked.</b> Every epoch a peer states is checked first (see the agent's
 *   {@code Claims}): a negative one, one above {@link dev.scribe.replication.node.Epochs#MAX}, one more than
 *   {@link dev.scribe.replication.node.Epochs#MAX_STEP} above any epoch the node knows, or a primary's epoch the
 *   peer could not have started closes the connection, and nothing is promised.</li>
 *   <li><b>Acknowledged records are never dropped.</b> A node keeps an acknowledgement floor beside its journal
 *   (what its standby acknowledged, or what it acknowledged as a standby) and refuses, with an alarm, a truncation
 *   at or below it, or one whose record before the cut contradicts its own.</li>
 *   <li><b>A node that may have lost records does not lead on its own.</b> That includes a node on an empty
 *   directory that was not started as a new cluster: it may be missing everything. After a machine crash a
 *   journal may lack records the standby acknowledged; such a node compares journals with its peer first (and the more
 *   complete journal leads), and neither promotes itself automatically nor accepts an operator's promotion without
 *   {@code force} until it has caught up with a primary.</li>
 * </ul>
 *
 * <p>Data flows one way: the primary's agent reads records from its log and streams them through the link; the
 * standby's agent hands them to its log and acknowledges what is journaled; the primary's agent checks each
 * acknowledgement against what its session sent and tells its log, which completes the waiting results.
 */
package dev.scribe.replication.node;
