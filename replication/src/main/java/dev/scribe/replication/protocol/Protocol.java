package dev.scribe.replication.protocol;

import dev.scribe.replication.sbe.MessageHeaderDecoder;

/**
 * Constants of the replication protocol, version {@value #VERSION}; the frame layouts are drawn in the package
 * documentation.
 */
public final class Protocol
{
    /** Protocol version a client states in its Hello; a server refuses any other with {@code BAD_VERSION}. */
    public static final int VERSION = 1;

    /** Bytes of the little-endian int32 that precedes every frame and gives its length. */
    public static final int LENGTH_PREFIX_BYTES = 4;

    /** Smallest frame: the SBE message header alone. */
    public static final int MIN_FRAME_BYTES = MessageHeaderDecoder.ENCODED_LENGTH;

    /** Largest {@code maxFrameBytes} a reader or writer accepts (1 GiB); their buffers are this large at most. */
    public static final int MAX_FRAME_BYTES_LIMIT = 1 << 30;

    /** A sensible {@code maxFrameBytes} for the record stream (1 MiB). */
    public static final int DEFAULT_MAX_FRAME_BYTES = 1 << 20;

    /** {@code maxFrameBytes} of the handshake: every handshake frame fits, so a lying length is refused early. */
    public static final int HANDSHAKE_MAX_FRAME_BYTES = 512;

    /** Bytes of a handshake nonce. */
    public static final int NONCE_BYTES = 16;

    /** Bytes of an HMAC-SHA256 proof. */
    public static final int MAC_BYTES = 32;

    /** Longest cluster id, in UTF-8 bytes. */
    public static final int MAX_CLUSTER_ID_BYTES = 64;

    /** Longest reject reason, in UTF-8 bytes; a writer cuts a longer one at a character boundary. */
    public static final int MAX_REASON_BYTES = 256;

    /** How many recent client nonces a server remembers to refuse a replayed Hello. */
    public static final int REMEMBERED_NONCES = 4096;

    /** Position meaning "before the first record": an empty journal, or a stream from the start. */
    public static final long NO_POSITION = -1;

    private Protocol()
    {
    }
}
