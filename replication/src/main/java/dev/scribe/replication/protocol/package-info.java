/**
 * The replication wire protocol: frames, their codecs, authentication and the handshake, over blocking
 * {@link java.net.Socket}s (plain TCP or TLS).
 *
 * <h2>How data flows</h2>
 * A standby connects with {@link dev.scribe.replication.protocol.ReplicationTransport#connect} and runs a
 * {@link dev.scribe.replication.protocol.ClientHandshake}; the primary accepts with
 * {@link dev.scribe.replication.protocol.ReplicationTransport#accept} and runs a
 * {@link dev.scribe.replication.protocol.ServerHandshake}, whose
 * {@link dev.scribe.replication.protocol.AdmissionPolicy} decides, for an authenticated client only, where its
 * stream starts. Then the primary writes Record frames (and Heartbeats) with a
 * {@link dev.scribe.replication.protocol.FrameWriter}, batching them and flushing; the standby reads them with a
 * {@link dev.scribe.replication.protocol.FrameReader}, which checks each whole frame before exposing a decoder, and
 * answers with Acks (and Heartbeats). Either side may send a StateHash, and ends a connection it refuses with a
 * Reject. Any malformed input is a {@link dev.scribe.replication.protocol.ProtocolException}; a Reject received is
 * a {@link dev.scribe.replication.protocol.RejectedException}.
 *
 * <h2>Frames</h2>
 * The messages are SBE, schema {@code scribe-replication.xml} (id 7302, little-endian), generated at build time
 * into {@code dev.scribe.replication.sbe}; they are messages 1 to 9 of the schema, unchanged since its version 1
 * but for the version in the header, which is now 2 (messages 10 to 21 are those of
 * {@link dev.scribe.replication.link}). On the wire each message is one frame:
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
 * A reader refuses N outside {@code 8..maxFrameBytes} before reading it, and any schema id, version, template id
 * or block length other than those below; a variable-length field must fit its limit and end exactly at the end
 * of the frame, and strings must be well-formed UTF-8. Enums are one byte: {@code NodeRole} PRIMARY=1,
 * STANDBY=2; {@code RejectCode} BAD_AUTH=1, WRONG_CLUSTER=2, STALE_EPOCH=3, NOT_PRIMARY=4, BUSY=5, BAD_FRAME=6,
 * REPLAYED_NONCE=7, JOURNAL_MISMATCH=8, STEP_DOWN=9, BAD_VERSION=10, TIMEOUT=11; other values are refused.
 * Positions are journal positions, {@code -1} meaning none. Fields, by offset in the block (frame offset + 8):
 * <pre>
 *  id name          block  fields                                                   frame bytes N
 *  1  Hello           39   0 protocolVersion u16, 2 role u8, 3 nodeId i32, 7 epoch i64,   49..113
 *     (client)             15 lastPosition i64, 23 nonce [16];
 *                          39 clusterId: length u16 (at most 64), UTF-8
 *  2  Challenge       20   0 nodeId i32, 4 nonce [16]                                    28
 *     (server)
 *  3  Authenticate    32   0 mac [32]: the client's proof                                40
 *     (client)
 *  4  Welcome         69   0 role u8, 1 nodeId i32, 5 epoch i64, 13 lastPosition i64,    77
 *     (server)             21 startPosition i64, 29 truncateFrom i64, 37 mac [32]: the server's proof
 *  5  Reject           9   0 code u8, 1 epoch i64 (the sender's);                        19..275
 *     (either)             9 reason: length u16 (at most 256), UTF-8
 *  6  Record          16   0 position i64, 8 epoch i64;                                  28 + data
 *     (primary)            16 data: length u32, the journal record's bytes
 *  7  Ack             16   0 epoch i64, 8 position i64 (journaled up to)                 24
 *     (standby)
 *  8  Heartbeat       24   0 epoch i64, 8 position i64, 16 timestampNs i64               32
 *     (either)
 *  9  StateHash       24   0 epoch i64, 8 position i64, 16 hash i64                      32
 *     (either)
 * </pre>
 *
 * <h2>Handshake and authentication</h2>
 * Hello, Challenge, Authenticate, then Welcome or Reject (drawn in
 * {@link dev.scribe.replication.protocol.ClientHandshake}). Both nodes hold a shared
 * {@link dev.scribe.replication.protocol.Secret}; each side proves it with HMAC-SHA256 over both nonces and the
 * fields it vouches for (exact bytes in {@code Proofs}); proofs are compared in constant time. The server refuses
 * a client nonce it has seen among the last {@value dev.scribe.replication.protocol.Protocol#REMEMBERED_NONCES},
 * sends nothing but the Challenge (or a Reject) before the client's proof checks out, and asks its policy only
 * after. Before that, a Reject carries epoch 0 and a fixed reason for its code; a wrong cluster id is refused
 * after the Challenge exactly as a wrong proof is ({@code BAD_AUTH}), so a client without the secret learns neither
 * the server's epoch nor whether it guessed the cluster id ({@code WRONG_CLUSTER} stays in the schema, unsent).
 * Text a peer chose is escaped with {@link dev.scribe.replication.protocol.LogSafe} before it is logged or put in
 * an exception message. Handshake frames are read with a {@code maxFrameBytes} of
 * {@value dev.scribe.replication.protocol.Protocol#HANDSHAKE_MAX_FRAME_BYTES}, and a handshake over a socket has
 * one deadline for all its reads. Version 1 of this handshake is fixed (the Hello's protocol version); any change
 * to a layout bumps the schema version, and a peer of another schema version is refused with {@code BAD_VERSION}.
 */
package dev.scribe.replication.protocol;
