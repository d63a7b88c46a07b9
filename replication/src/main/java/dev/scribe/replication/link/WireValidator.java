package dev.scribe.replication.link;

import dev.scribe.codecs.Utf8;
import dev.scribe.replication.sbe.AuthAcceptedDecoder;
import dev.scribe.replication.sbe.AuthChallengeDecoder;
import dev.scribe.replication.sbe.AuthDeniedDecoder;
import dev.scribe.replication.sbe.AuthHelloDecoder;
import dev.scribe.replication.sbe.AuthProofDecoder;
import dev.scribe.replication.sbe.DenyCode;
import dev.scribe.replication.sbe.PeerAckDecoder;
import dev.scribe.replication.sbe.PeerHeartbeatDecoder;
import dev.scribe.replication.sbe.PeerHelloDecoder;
import dev.scribe.replication.sbe.PeerRecordDecoder;
import dev.scribe.replication.sbe.PeerRefuseDecoder;
import dev.scribe.replication.sbe.PeerRole;
import dev.scribe.replication.sbe.PeerStateHashDecoder;
import dev.scribe.replication.sbe.PeerWelcomeDecoder;
import dev.scribe.replication.sbe.RefuseCode;
import org.agrona.DirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Checks a whole frame of the link's protocol before any decoder sees it: the SBE header (schema id, version,
 * template id among the link's messages, block length), enum values, and every variable-length field against the
 * bytes of the frame, which it must end exactly. Nothing it reads makes it allocate, except the exception that
 * reports a bad frame. One thread at a time.
 */
final class WireValidator
{
    static final int FIRST_TEMPLATE_ID = AuthHelloDecoder.TEMPLATE_ID;
    static final int LAST_TEMPLATE_ID = PeerStateHashDecoder.TEMPLATE_ID;
    static final int STRING_LENGTH_BYTES = AuthHelloDecoder.clusterIdHeaderLength();
    static final int DATA_LENGTH_BYTES = PeerRecordDecoder.dataHeaderLength();

    private static final String[] NAMES = {
        "AuthHello", "AuthChallenge", "AuthProof", "AuthAccepted", "AuthDenied", "PeerHello", "PeerWelcome",
        "PeerRefuse", "PeerRecord", "PeerAck", "PeerHeartbeat", "PeerStateHash"};
    private static final int[] BLOCK_LENGTHS = {
        AuthHelloDecoder.BLOCK_LENGTH, AuthChallengeDecoder.BLOCK_LENGTH, AuthProofDecoder.BLOCK_LENGTH,
        AuthAcceptedDecoder.BLOCK_LENGTH, AuthDeniedDecoder.BLOCK_LENGTH, PeerHelloDecoder.BLOCK_LENGTH,
        PeerWelcomeDecoder.BLOCK_LENGTH, PeerRefuseDecoder.BLOCK_LENGTH, PeerRecordDecoder.BLOCK_LENGTH,
        PeerAckDecoder.BLOCK_LENGTH, PeerHeartbeatDecoder.BLOCK_LENGTH, PeerStateHashDecoder.BLOCK_LENGTH};

    private final byte[] utf8Scratch = new byte[Wire.MAX_REASON_BYTES];

    /**
     * Name of a message of the link, for messages.
     *
     * @param templateId a template id.
     * @return the message's name, or a description of an unknown id.
     */
    static String name(final int templateId)
    {
        return isLinkMessage(templateId) ? NAMES[templateId - FIRST_TEMPLATE_ID] : "template " + templateId;
    }

    static boolean isLinkMessage(final int templateId)
    {
        return templateId >= FIRST_TEMPLATE_ID && templateId <= LAST_TEMPLATE_ID;
    }

    /**
     * Check a frame.
     *
     * @param buffer holding the frame.
     * @param offset where the frame's SBE header starts.
     * @param length the frame's length, as its length prefix gave it.
     * @return the frame's template id.
     * @throws WireException saying what is wrong.
     */
    int validate(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < Wire.HEADER_BYTES || (long)offset + length > buffer.capacity())
        {
            throw WireException.malformed("frame length " + length + " is outside " + Wire.HEADER_BYTES + ".." +
                (buffer.capacity() - offset));
        }
        final int schemaId = u16(buffer, offset + 4);
        if (schemaId != Wire.SCHEMA_ID)
        {
            throw WireException.malformed("schema id " + schemaId + ", expected " + Wire.SCHEMA_ID);
        }
        final int version = u16(buffer, offset + 6);
        if (version != Wire.VERSION)
        {
            throw new WireException(DenyCode.VERSION, "schema version " + version + ", expected " + Wire.VERSION);
        }
        final int templateId = u16(buffer, offset + 2);
        if (!isLinkMessage(templateId))
        {
            throw WireException.malformed("template id " + templateId + " is not a message of the peer link");
        }
        final int blockLength = u16(buffer, offset);
        final int expected = BLOCK_LENGTHS[templateId - FIRST_TEMPLATE_ID];
        if (blockLength != expected)
        {
            throw WireException.malformed(name(templateId) + " block length " + blockLength + ", expected " +
                expected);
        }
        final int blockStart = offset + Wire.HEADER_BYTES;
        final int end = offset + length;
        if (end < blockStart + blockLength)
        {
            throw WireException.malformed(name(templateId) + " frame of " + length + " bytes ends inside its " +
                blockLength + "-byte block");
        }
        final int fieldsEnd = checkFields(buffer, templateId, blockStart, blockStart + blockLength, end);
        if (fieldsEnd != end)
        {
            throw WireException.malformed("frame has " + (end - fieldsEnd) + " bytes after the last field of " +
                name(templateId));
        }
        return templateId;
    }

    private int checkFields(
        final DirectBuffer buffer, final int templateId, final int block, final int blockEnd, final int end)
    {
        switch (templateId)
        {
            case AuthHelloDecoder.TEMPLATE_ID:
                return checkString(buffer, blockEnd, end, Wire.MAX_CLUSTER_ID_BYTES, "AuthHello.clusterId");
            case AuthDeniedDecoder.TEMPLATE_ID:
                checkEnum(buffer, block + AuthDeniedDecoder.codeEncodingOffset(), DenyCode.AUTHENTICATION.value(),
                    DenyCode.MALFORMED.value(), "AuthDenied.code");
                return blockEnd;
            case PeerHelloDecoder.TEMPLATE_ID:
                checkEnum(buffer, block + PeerHelloDecoder.roleEncodingOffset(), PeerRole.STANDBY.value(),
                    PeerRole.RESUMING.value(), "PeerHello.role");
                return blockEnd;
            case PeerRefuseDecoder.TEMPLATE_ID:
                checkEnum(buffer, block + PeerRefuseDecoder.codeEncodingOffset(), RefuseCode.NOT_PRIMARY.value(),
                    RefuseCode.PROCEED.value(), "PeerRefuse.code");
                return checkString(buffer, blockEnd, end, Wire.MAX_REASON_BYTES, "PeerRefuse.reason");
            case PeerRecordDecoder.TEMPLATE_ID:
                return checkData(buffer, blockEnd, end);
            default:
                return blockEnd;
        }
    }

    private static void checkEnum(
        final DirectBuffer buffer, final int offset, final int min, final int max, final String field)
    {
        final int value = buffer.getByte(offset) & 0xFF;
        if (value < min || value > max)
        {
            throw WireException.malformed(field + " value " + value + " is not one of " + min + ".." + max);
        }
    }

    private int checkString(
        final DirectBuffer buffer, final int offset, final int end, final int maxBytes, final String field)
    {
        if (end - offset < STRING_LENGTH_BYTES)
        {
            throw WireException.malformed(field + " length field runs past the end of the frame");
        }
        final int stringLength = u16(buffer, offset);
        if (stringLength > maxBytes)
        {
            throw WireException.malformed(field + " length " + stringLength + " exceeds the maximum " + maxBytes);
        }
        final int start = offset + STRING_LENGTH_BYTES;
        if (stringLength > end - start)
        {
            throw WireException.malformed(field + " length " + stringLength + " runs past the end of the frame (" +
                (end - start) + " bytes left)");
        }
        buffer.getBytes(start, utf8Scratch, 0, stringLength);
        final int malformed = Utf8.firstMalformed(utf8Scratch, stringLength);
        if (malformed >= 0)
        {
            throw WireException.malformed(field + " is not valid UTF-8 at byte " + malformed);
        }
        return start + stringLength;
    }

    private static int checkData(final DirectBuffer buffer, final int offset, final int end)
    {
        if (end - offset < DATA_LENGTH_BYTES)
        {
            throw WireException.malformed("PeerRecord.data length field runs past the end of the frame");
        }
        final long dataLength = buffer.getInt(offset, LITTLE_ENDIAN) & 0xFFFF_FFFFL;
        final int start = offset + DATA_LENGTH_BYTES;
        if (dataLength > end - start)
        {
            throw WireException.malformed("PeerRecord.data length " + dataLength + " runs past the end of the " +
                "frame (" + (end - start) + " bytes left)");
        }
        return start + (int)dataLength;
    }

    private static int u16(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset, LITTLE_ENDIAN) & 0xFFFF;
    }
}
