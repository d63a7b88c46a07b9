package dev.scribe.replication.link;

import dev.scribe.replication.sbe.MessageHeaderDecoder;

/**
 * Constants of the link's wire protocol; the frame layouts are drawn in the package documentation.
 */
final class Wire
{
    /** The protocol version a dialler states in its AuthHello: the schema's version. */
    static final int VERSION = MessageHeaderDecoder.SCHEMA_VERSION;

    /** The schema id every frame's header carries. */
    static final int SCHEMA_ID = MessageHeaderDecoder.SCHEMA_ID;

    /** Bytes of the little-endian int32 that precedes every frame and gives its length. */
    static final int LENGTH_PREFIX_BYTES = 4;

    /** Bytes of the SBE message header at the start of every frame. */
    static final int HEADER_BYTES = MessageHeaderDecoder.ENCODED_LENGTH;

    /** Largest frame of the authentication: every one fits, so a lying length is refused at once. */
    static final int HANDSHAKE_MAX_FRAME_BYTES = 512;

    /** Smallest {@code maxFrameBytes} a link accepts. */
    static final int MIN_MAX_FRAME_BYTES = 4096;

    /**
     * Largest {@code maxFrameBytes} a link accepts (32 MiB, room for the journal's largest record of 16 MiB): each
     * connection's buffers hold eight frames, so this bounds them.
     */
    static final int MAX_MAX_FRAME_BYTES = 1 << 25;

    /** Bytes of a handshake nonce. */
    static final int NONCE_BYTES = 16;

    /** Bytes of an HMAC-SHA256 proof. */
    static final int MAC_BYTES = 32;

    /** Longest cluster id, in UTF-8 bytes. */
    static final int MAX_CLUSTER_ID_BYTES = 64;

    /** Longest Refuse reason, in UTF-8 bytes; a longer one is cut at a character boundary. */
    static final int MAX_REASON_BYTES = 256;

    /** How many recent dialler nonces a listener remembers, to refuse a replayed AuthHello. */
    static final int REMEMBERED_NONCES = 4096;

    private Wire()
    {
    }
}
