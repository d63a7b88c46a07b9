package dev.scribe.replication.protocol;

import dev.scribe.codecs.Utf8;
import dev.scribe.replication.sbe.AckDecoder;
import dev.scribe.replication.sbe.AuthenticateDecoder;
import dev.scribe.replication.sbe.ChallengeDecoder;
import dev.scribe.replication.sbe.HeartbeatDecoder;
import dev.scribe.replication.sbe.HelloDecoder;
import dev.scribe.replication.sbe.MessageHeaderDecoder;
import dev.scribe.replication.sbe.NodeRole;
import dev.scribe.replication.sbe.RecordDecoder;
import dev.scribe.replication.sbe.RejectCode;
import dev.scribe.replication.sbe.RejectDecoder;
import dev.scribe.replication.sbe.StateHashDecoder;
import dev.scribe.replication.sbe.WelcomeDecoder;
import org.agrona.DirectBuffer;

import static dev.scribe.replication.sbe.MessageHeaderDecoder.ENCODED_LENGTH;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Checks a whole frame before any decoder sees it: SBE header, block length, enum values, and every variable-length
 * field against the bytes of the frame. Nothing it reads can make it allocate, except the exception that reports a
 * bad frame.
 */
final class FrameValidator
{
    static final int HEADER_LENGTH = ENCODED_LENGTH;
    static final int SCHEMA_ID = MessageHeaderDecoder.SCHEMA_ID;
    static final int SCHEMA_VERSION = MessageHeaderDecoder.SCHEMA_VERSION;
    static final int STRING_LENGTH_BYTES = HelloDecoder.clusterIdHeaderLength();
    static final int DATA_LENGTH_BYTES = RecordDecoder.dataHeaderLength();
    static final int MAX_TEMPLATE_ID = StateHashDecoder.TEMPLATE_ID;

    private static final String[] NAMES = {
        null, "Hello", "Challenge", "Authenticate", "Welcome", "Reject", "Record", "Ack", "Heartbeat", "StateHash"};
    private static final int[] BLOCK_LENGTHS = {
        0, HelloDecoder.BLOCK_LENGTH, ChallengeDecoder.BLOCK_LENGTH, AuthenticateDecoder.BLOCK_LENGTH,
        WelcomeDecoder.BLOCK_LENGTH, RejectDecoder.BLOCK_LENGTH, RecordDecoder.BLOCK_LENGTH, AckDecoder.BLOCK_LENGTH,
        HeartbeatDecoder.BLOCK_LENGTH, StateHashDecoder.BLOCK_LENGTH};

    private final byte[] utf8Scratch = new byte[Protocol.MAX_REASON_BYTES];

    /**
     * Name of a message type, for messages.
     *
     * @param templateId a template id of this schema.
     * @return the message name, or a description of an unknown id.
     */
    static String name(final int templateId)
    {
        return templateId >= 1 && templateId <= MAX_TEMPLATE_ID ? NAMES[templateId] : "template " + templateId;
    }

    /**
     * Check a frame.
     *
     * @param buffer holding the frame from offset 0.
     * @param length the frame's length in bytes, as given by its length prefix.
     * @return the frame's template id.
     * @throws ProtocolException saying what is wrong with the frame.
     */
    int validate(final DirectBuffer buffer, final int length)
    {
        if (length < HEADER_LENGTH || length > buffer.capacity())
        {
            throw badFrame("frame length " + length + " is outside 8.." + buffer.capacity());
        }
        final int schemaId = u16(buffer, 4);
        if (schemaId != SCHEMA_ID)
        {
            throw badFrame("schema id " + schemaId + ", expected " + SCHEMA_ID);
        }
        final int version = u16(buffer, 6);
        if (version != SCHEMA_VERSION)
        {
            throw new ProtocolException(RejectCode.BAD_VERSION,
                "schema version " + version + ", expected " + SCHEMA_VERSION);
        }
        final int templateId = u16(buffer, 2);
        if (templateId < 1 || templateId > MAX_TEMPLATE_ID)
        {
            throw badFrame("template id " + templateId + " is not a replication message");
        }
        final int blockLength = u16(buffer, 0);
        if (blockLength != BLOCK_LENGTHS[templateId])
        {
            throw badFrame(NAMES[templateId] + " block length " + blockLength + ", expected " +
                BLOCK_LENGTHS[templateId]);
        }
        final int blockEnd = HEADER_LENGTH + blockLength;
        if (length < blockEnd)
        {
            throw badFrame(NAMES[templateId] + " frame of " + length + " bytes ends inside its " + blockLength +
                "-byte block");
        }
        checkEnd(templateId, checkFields(buffer, templateId, blockEnd, length), length);
        return templateId;
    }

    private int checkFields(final DirectBuffer buffer, final int templateId, final int blockEnd, final int length)
    {
        switch (templateId)
        {
            case HelloDecoder.TEMPLATE_ID:
                checkRole(buffer, HEADER_LENGTH + HelloDecoder.roleEncodingOffset(), "Hello.role");
                return checkString(buffer, blockEnd, length, Protocol.MAX_CLUSTER_ID_BYTES, "Hello.clusterId");
            case WelcomeDecoder.TEMPLATE_ID:
                checkRole(buffer, HEADER_LENGTH + WelcomeDecoder.roleEncodingOffset(), "Welcome.role");
                return blockEnd;
            case RejectDecoder.TEMPLATE_ID:
                checkRejectCode(buffer, HEADER_LENGTH + RejectDecoder.codeEncodingOffset());
                return checkString(buffer, blockEnd, length, Protocol.MAX_REASON_BYTES, "Reject.reason");
            case RecordDecoder.TEMPLATE_ID:
                return checkData(buffer, blockEnd, length);
            default:
                return blockEnd;
        }
    }

    private static void checkEnd(final int templateId, final int end, final int length)
    {
        if (end != length)
        {
            throw badFrame("frame has " + (length - end) + " bytes after the last field of " + NAMES[templateId]);
        }
    }

    private static void checkRole(final DirectBuffer buffer, final int offset, final String field)
    {
        final int value = buffer.getByte(offset) & 0xFF;
        if (value != NodeRole.PRIMARY.value() && value != NodeRole.STANDBY.value())
        {
            throw badFrame(field + " value " + value + " is not a NodeRole");
        }
    }

    private static void checkRejectCode(final DirectBuffer buffer, final int offset)
    {
        final int value = buffer.getByte(offset) & 0xFF;
        if (value < RejectCode.BAD_AUTH.value() || value > RejectCode.TIMEOUT.value())
        {
            throw badFrame("Reject.code value " + value + " is not a RejectCode");
        }
    }

    private int checkString(
        final DirectBuffer buffer, final int offset, final int length, final int maxBytes, final String field)
    {
        if (length - offset < STRING_LENGTH_BYTES)
        {
            throw badFrame(field + " length field runs past the end of the frame");
        }
        final int stringLength = u16(buffer, offset);
        if (stringLength > maxBytes)
        {
            throw badFrame(field + " length " + stringLength + " exceeds the maximum " + maxBytes);
        }
        final int start = offset + STRING_LENGTH_BYTES;
        if (stringLength > length - start)
        {
            throw badFrame(field + " length " + stringLength + " runs past the end of the frame (" +
                (length - start) + " bytes left)");
        }
        buffer.getBytes(start, utf8Scratch, 0, stringLength);
        final int malformed = Utf8.firstMalformed(utf8Scratch, stringLength);
        if (malformed >= 0)
        {
            throw badFrame(field + " is not valid UTF-8 at byte " + malformed);
        }
        return start + stringLength;
    }

    private static int checkData(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length - offset < DATA_LENGTH_BYTES)
        {
            throw badFrame("Record.data length field runs past the end of the frame");
        }
        final long dataLength = buffer.getInt(offset, LITTLE_ENDIAN) & 0xFFFF_FFFFL;
        final int start = offset + DATA_LENGTH_BYTES;
        if (dataLength > length - start)
        {
            throw badFrame("Record.data length " + dataLength + " runs past the end of the frame (" +
                (length - start) + " bytes left)");
        }
        return start + (int)dataLength;
    }

    private static int u16(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset, LITTLE_ENDIAN) & 0xFFFF;
    }

    private static ProtocolException badFrame(final String reason)
    {
        return new ProtocolException(RejectCode.BAD_FRAME, reason);
    }
}
