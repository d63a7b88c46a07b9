/**
 * The node agent's link to its peer over sockets: {@link dev.scribe.replication.link.SocketPeerLink}, a
 * {@link dev.scribe.replication.node.PeerLink} over TCP or TLS that authenticates the peer, both ways, before the
 * agent hears anything, and never blocks the agent's thread.
 *
 * <h2>How data flows</h2>
 * <pre>
 *   agent thread                         per connection                              peer
 *   dial / send / sendRecord ──► Outbox (OneToOneRingBuffer) ──► writer thread ──► socket ──►
 *   poll ◄── PeerAdapter ◄── Inbox (ManyToOneRingBuffer, one per link) ◄── reader thread ◄── socket ◄──
 * </pre>
 * {@code dial} returns a connection id at once and queues the agent's Hello; a thread of the link's pool connects, runs
 * TLS and the authentication within the heartbeat timeout, then starts the connection's writer and becomes its reader.
 * The listening side accepts on its own thread and authenticates each connection on a thread of the pool (at most 8 at
 * once, plus one kept for the configured peer's address), which becomes its reader once it has authenticated. The link
 * may listen on port 0 (a port the system picks, {@code listenAddress()} says which), and be told its peer's address
 * after it started ({@code peer(address)}): a dial uses the address given last, and a peer with port 0 is not known
 * yet, so its dials fail at once. Each reader reads a frame, checks it whole, checks that it is allowed there (a
 * dialler's first frame is its Hello, from the node it authenticated as; the listener never says Hello; no
 * authentication frame afterwards) and copies it into the link's inbox, waking the agent before it would block on the
 * socket. The agent's {@code poll} reads the inbox in place: records reach {@code onRecord} in the inbox's own buffer,
 * without a copy. What the agent sends is encoded straight into the connection's outbox; the agent wakes the writers
 * once at the end of its duty cycle ({@code flush}), and a writer copies what it finds into one batch and writes it
 * when the outbox is drained, so a burst of records costs one system call.
 *
 * <p>A connection ends for the agent exactly once: by its own {@code close(connection)} (what was queued is still
 * written, then the output is shut down; the reader delivers nothing more) or by one {@code onClosed}, when the
 * connection broke, the peer closed it, the peer broke the protocol, a write stayed blocked or the outbox stayed
 * more than half full past the heartbeat timeout (the peer stopped reading), or the outbox overflowed. A
 * connection the link gives up on is logged with the reason; closing is prompt because it closes the plain socket
 * under any TLS layer, which unblocks both threads.
 *
 * <h2>Authentication</h2>
 * AuthHello, AuthChallenge, AuthProof, AuthAccepted (see {@code AuthHandshake}): each side proves with HMAC-SHA256
 * over both nonces, the cluster id and both node ids that it holds the cluster's
 * {@link dev.scribe.replication.protocol.Secret}. Nothing a connection carries reaches the agent before the peer's
 * proof matched, on either side: a dialler believes nothing the listener sends before AuthAccepted with a matching
 * proof (not even a denial, which only ends the attempt), and a listener reads no agent frame before the dialler's
 * proof matched. The listener refuses a wrong secret, another cluster id, any node but its configured peer and a
 * replayed nonce alike, with {@code AuthDenied(AUTHENTICATION)}: no epoch, no state, no hint which claim was wrong;
 * its own log says, with whatever the dialler chose escaped by {@link dev.scribe.replication.protocol.LogSafe}.
 * Refusals, failed dials and closed connections are logged through a {@link dev.scribe.replication.link.RefusalLog},
 * at most one line per interval.
 *
 * <h2>Frames</h2>
 * Messages 10 to 21 of the SBE schema {@code scribe-replication.xml} (id 7302, version 2, little-endian), generated
 * at build time into {@code dev.scribe.replication.sbe}. On the wire each message is one frame:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                     length N  i32 (LE)                        |  not counted in N
 *  +-------------------------------+-------------------------------+
 *  |  blockLength  u16             |  templateId  u16              |  offset 0 of the N bytes
 *  +-------------------------------+-------------------------------+
 *  |  schemaId (7302)  u16         |  version (2)  u16             |
 *  +-------------------------------+-------------------------------+
 *  |  block: blockLength bytes of fixed fields (offsets below)    ...
 *  +---------------------------------------------------------------+
 *  |  variable-length field, if any: length, then bytes           ...  ends exactly at N
 *  +---------------------------------------------------------------+
 * </pre>
 * A reader refuses N below 8 or above {@code maxFrameBytes} (512 during authentication) before it reads the frame,
 * and then any schema id, version, template id or block length other than those below, an enum value out of its
 * range, and a variable-length field beyond its limit, not well-formed UTF-8 or not ending exactly at the end of
 * the frame. Positions are journal positions, {@code -1} meaning none. Fields, by offset in the block (frame
 * offset + 8):
 * <pre>
 *  id name           block  fields                                                            frame bytes N
 *  10 AuthHello        22   0 protocolVersion u16 (2), 2 nodeId i32, 6 nonce [16];                32..96
 *     (dialler)             22 clusterId: length u16 (at most 64), UTF-8
 *  11 AuthChallenge    16   0 nonce [16]                                                          24
 *     (listener)
 *  12 AuthProof        32   0 mac [32]: the dialler's proof                                       40
 *  13 AuthAccepted     32   0 mac [32]: the listener's proof                                      40
 *  14 AuthDenied        1   0 code u8: AUTHENTICATION=1, VERSION=2, TIMEOUT=3, MALFORMED=4         9
 *     (listener)
 *  15 PeerHello        41   0 nodeId i32, 4 role u8 (STANDBY=1, PRIMARY=2, RESUMING=3),            49
 *     (dialler)             5 epoch i64, 13 lastPosition i64, 21 lastEpoch i64, 29 lastCrc i32,
 *                           33 lastEpochStart i64
 *  16 PeerWelcome      36   0 nodeId i32, 4 epoch i64, 12 lastPosition i64, 20 startAfter i64,      44
 *     (primary)             28 truncateFrom i64
 *  17 PeerRefuse        9   0 code u8 (NOT_PRIMARY=1, STEP_DOWN=2, STALE_EPOCH=3, BUSY=4,          19..275
 *     (either)              JOURNAL_MISMATCH=5, JOURNAL_AHEAD=6, UNKNOWN_NODE=7, TAKE_OVER=8,
 *                           PROCEED=9), 1 epoch i64; 9 reason: length u16 (at most 256), UTF-8
 *  18 PeerRecord       40   0 previousPosition i64, 8 previousEpoch i64, 16 previousCrc i32,       52 + data
 *     (primary)             20 position i64, 28 epoch i64, 36 crc i32;
 *                           40 data: length u32, the journal record's bytes
 *  19 PeerAck          16   0 epoch i64, 8 position i64 (journaled up to)                          24
 *  20 PeerHeartbeat    16   0 epoch i64, 8 position i64                                            24
 *  21 PeerStateHash    16   0 position i64, 8 hash i64 (on a connection that carried a Welcome)    24
 * </pre>
 * Any change to a layout bumps the schema version; a peer of another version is refused with
 * {@code AuthDenied(VERSION)}.
 */
package dev.scribe.replication.link;
