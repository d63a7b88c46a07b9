package dev.scribe.replication.protocol;

import dev.scribe.replication.sbe.AckDecoder;
import dev.scribe.replication.sbe.AuthenticateDecoder;
import dev.scribe.replication.sbe.ChallengeDecoder;
import dev.scribe.replication.sbe.HeartbeatDecoder;
import dev.scribe.replication.sbe.HelloDecoder;
import dev.scribe.replication.sbe.RecordDecoder;
import dev.scribe.replication.sbe.RejectCode;
import dev.scribe.replication.sbe.RejectDecoder;
import dev.scribe.replication.sbe.StateHashDecoder;
import dev.scribe.replication.sbe.WelcomeDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.InputStream;

import static dev.scribe.replication.protocol.FrameValidator.DATA_LENGTH_BYTES;
import static dev.scribe.replication.protocol.FrameValidator.HEADER_LENGTH;
import static dev.scribe.replication.protocol.FrameValidator.SCHEMA_VERSION;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Reads replication frames from a stream into its own buffer and checks each one whole before exposing a decoder.
 *
 * <p>{@link #read()} reads the 4-byte length prefix and refuses a length outside
 * {@code 8..maxFrameBytes} before reading anything more; then it reads exactly that many bytes and checks the
 * schema id, version, template id, block length, enum values and every variable-length field against the frame.
 * Any failure is a {@link ProtocolException}; after one the stream is out of step and the reader refuses to go on.
 * The decoder accessors ({@link #record()}, {@link #ack()}, ...) wrap a decoder over the current frame afresh on
 * each call. Nothing is allocated per frame; the buffer of {@code maxFrameBytes} is allocated once.
 *
 * <p>The reader never reads past the end of the frame it is reading, so a stream can be handed on from one reader
 * to another (the handshake's small reader to the record stream's). A {@link java.net.SocketTimeoutException} from
 * the stream leaves the reader where it was; calling {@link #read()} again continues the frame. For fewer system
 * calls, give it a {@link java.io.BufferedInputStream} when one reader uses the stream from the start.
 *
 * <p>One thread at a time.
 */
public final class FrameReader
{
    /** Returned by {@link #read()} when the stream ended cleanly between two frames. */
    public static final int END_OF_STREAM = -1;

    private static final int NO_FRAME = 0;

    private final InputStream in;
    private final int maxFrameBytes;
    private final byte[] bytes;
    private final UnsafeBuffer buffer;
    private final FrameValidator validator = new FrameValidator();
    private final HelloDecoder hello = new HelloDecoder();
    private final ChallengeDecoder challenge = new ChallengeDecoder();
    private final AuthenticateDecoder authenticate = new AuthenticateDecoder();
    private final WelcomeDecoder welcome = new WelcomeDecoder();
    private final RejectDecoder reject = new RejectDecoder();
    private final RecordDecoder record = new RecordDecoder();
    private final AckDecoder ack = new AckDecoder();
    private final HeartbeatDecoder heartbeat = new HeartbeatDecoder();
    private final StateHashDecoder stateHash = new StateHashDecoder();

    private int prefixRead;
    private int frameLength;
    private int frameRead;
    private int templateId = NO_FRAME;
    private boolean failed;

    /**
     * A reader with a buffer of {@code maxFrameBytes}.
     *
     * @param in            to read frames from.
     * @param maxFrameBytes largest frame accepted, excluding its length prefix; from
     *                      {@link Protocol#HANDSHAKE_MAX_FRAME_BYTES} to {@link Protocol#MAX_FRAME_BYTES_LIMIT}, so
     *                      that every handshake frame fits.
     */
    public FrameReader(final InputStream in, final int maxFrameBytes)
    {
        if (in == null)
        {
            throw new NullPointerException("in");
        }
        if (maxFrameBytes < Protocol.HANDSHAKE_MAX_FRAME_BYTES || maxFrameBytes > Protocol.MAX_FRAME_BYTES_LIMIT)
        {
            throw new IllegalArgumentException("maxFrameBytes " + maxFrameBytes + " is outside " +
                Protocol.HANDSHAKE_MAX_FRAME_BYTES + ".." + Protocol.MAX_FRAME_BYTES_LIMIT);
        }
        this.in = in;
        this.maxFrameBytes = maxFrameBytes;
        this.bytes = new byte[maxFrameBytes];
        this.buffer = new UnsafeBuffer(bytes);
    }

    /**
     * Read and check the next frame.
     *
     * @return the frame's template id (for example {@link RecordDecoder#TEMPLATE_ID}), or {@link #END_OF_STREAM}
     *     if the stream ended between frames.
     * @throws ProtocolException if the frame is malformed or the stream ended inside it.
     * @throws IOException       if the stream fails; a {@link java.net.SocketTimeoutException} can be retried.
     * @throws IllegalStateException if an earlier frame was malformed.
     */
    public int read() throws IOException
    {
        if (failed)
        {
            throw new IllegalStateException("an earlier frame was malformed; the connection must be closed");
        }
        templateId = NO_FRAME;
        try
        {
            if (!readLength())
            {
                return END_OF_STREAM;
            }
            readBody();
            final int id = validator.validate(buffer, frameLength);
            prefixRead = 0;
            templateId = id;
            return id;
        }
        catch (final ProtocolException ex)
        {
            failed = true;
            throw ex;
        }
    }

    private boolean readLength() throws IOException
    {
        while (prefixRead < Protocol.LENGTH_PREFIX_BYTES)
        {
            final int n = in.read(bytes, prefixRead, Protocol.LENGTH_PREFIX_BYTES - prefixRead);
            if (n < 0)
            {
                if (prefixRead == 0)
                {
                    return false;
                }
                throw new ProtocolException(RejectCode.BAD_FRAME, "connection closed mid-frame (" + prefixRead +
                    " of " + Protocol.LENGTH_PREFIX_BYTES + " length bytes)");
            }
            prefixRead += n;
            if (prefixRead == Protocol.LENGTH_PREFIX_BYTES)
            {
                frameLength = checkLength(buffer.getInt(0, LITTLE_ENDIAN));
                frameRead = 0;
            }
        }
        return true;
    }

    private int checkLength(final int length)
    {
        if (length < Protocol.MIN_FRAME_BYTES)
        {
            throw new ProtocolException(RejectCode.BAD_FRAME, "frame length " + length + " is below the minimum " +
                Protocol.MIN_FRAME_BYTES + " (the message header)");
        }
        if (length > maxFrameBytes)
        {
            throw new ProtocolException(RejectCode.BAD_FRAME, "frame length " + length + " exceeds maxFrameBytes " +
                maxFrameBytes);
        }
        return length;
    }

    private void readBody() throws IOException
    {
        while (frameRead < frameLength)
        {
            final int n = in.read(bytes, frameRead, frameLength - frameRead);
            if (n < 0)
            {
                throw new ProtocolException(RejectCode.BAD_FRAME, "connection closed mid-frame (read " + frameRead +
                    " of " + frameLength + " bytes)");
            }
            frameRead += n;
        }
    }

    /**
     * Largest frame this reader accepts, excluding the length prefix.
     *
     * @return the limit in bytes.
     */
    public int maxFrameBytes()
    {
        return maxFrameBytes;
    }

    /**
     * Template id of the current frame.
     *
     * @return the id, or 0 when no frame has been read successfully since the last {@link #read()}.
     */
    public int templateId()
    {
        return templateId;
    }

    /**
     * Length of the current frame, excluding its length prefix.
     *
     * @return the length in bytes.
     */
    public int frameLength()
    {
        checkFrame();
        return frameLength;
    }

    /**
     * The buffer holding the current frame from offset 0 (the SBE message header). It is reused by the next
     * {@link #read()}.
     *
     * @return the buffer.
     */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * The current Hello.
     *
     * @return a decoder over it.
     * @throws IllegalStateException if the current frame is not a Hello.
     */
    public HelloDecoder hello()
    {
        expect(HelloDecoder.TEMPLATE_ID);
        return hello.wrap(buffer, HEADER_LENGTH, HelloDecoder.BLOCK_LENGTH, SCHEMA_VERSION);
    }

    /**
     * The current Challenge.
     *
     * @return a decoder over it.
     * @throws IllegalStateException if the current frame is not a Challenge.
     */
    public ChallengeDecoder challenge()
    {
        expect(ChallengeDecoder.TEMPLATE_ID);
        return challenge.wrap(buffer, HEADER_LENGTH, ChallengeDecoder.BLOCK_LENGTH, SCHEMA_VERSION);
    }

    /**
     * The current Authenticate.
     *
     * @return a decoder over it.
     * @throws IllegalStateException if the current frame is not an Authenticate.
     */
    public AuthenticateDecoder authenticate()
    {
        expect(AuthenticateDecoder.TEMPLATE_ID);
        return authenticate.wrap(buffer, HEADER_LENGTH, AuthenticateDecoder.BLOCK_LENGTH, SCHEMA_VERSION);
    }

    /**
     * The current Welcome.
     *
     * @return a decoder over it.
     * @throws IllegalStateException if the current frame is not a Welcome.
     */
    public WelcomeDecoder welcome()
    {
        expect(WelcomeDecoder.TEMPLATE_ID);
        return welcome.wrap(buffer, HEADER_LENGTH, WelcomeDecoder.BLOCK_LENGTH, SCHEMA_VERSION);
    }

    /**
     * The current Reject.
     *
     * @return a decoder over it.
     * @throws IllegalStateException if the current frame is not a Reject.
     */
    public RejectDecoder reject()
    {
        expect(RejectDecoder.TEMPLATE_ID);
        return reject.wrap(buffer, HEADER_LENGTH, RejectDecoder.BLOCK_LENGTH, SCHEMA_VERSION);
    }

    /**
     * The current Record.
     *
     * @return a decoder over it.
     * @throws IllegalStateException if the current frame is not a Record.
     */
    public RecordDecoder record()
    {
        expect(RecordDecoder.TEMPLATE_ID);
        return record.wrap(buffer, HEADER_LENGTH, RecordDecoder.BLOCK_LENGTH, SCHEMA_VERSION);
    }

    /**
     * Offset in {@link #buffer()} of the current Record's journal record bytes.
     *
     * @return the offset.
     * @throws IllegalStateException if the current frame is not a Record.
     */
    public int recordDataOffset()
    {
        expect(RecordDecoder.TEMPLATE_ID);
        return HEADER_LENGTH + RecordDecoder.BLOCK_LENGTH + DATA_LENGTH_BYTES;
    }

    /**
     * Length of the current Record's journal record bytes.
     *
     * @return the length.
     * @throws IllegalStateException if the current frame is not a Record.
     */
    public int recordDataLength()
    {
        expect(RecordDecoder.TEMPLATE_ID);
        return buffer.getInt(HEADER_LENGTH + RecordDecoder.BLOCK_LENGTH, LITTLE_ENDIAN);
    }

    /**
     * The current Ack.
     *
     * @return a decoder over it.
     * @throws IllegalStateException if the current frame is not an Ack.
     */
    public AckDecoder ack()
    {
        expect(AckDecoder.TEMPLATE_ID);
        return ack.wrap(buffer, HEADER_LENGTH, AckDecoder.BLOCK_LENGTH, SCHEMA_VERSION);
    }

    /**
     * The current Heartbeat.
     *
     * @return a decoder over it.
     * @throws IllegalStateException if the current frame is not a Heartbeat.
     */
    public HeartbeatDecoder heartbeat()
    {
        expect(HeartbeatDecoder.TEMPLATE_ID);
        return heartbeat.wrap(buffer, HEADER_LENGTH, HeartbeatDecoder.BLOCK_LENGTH, SCHEMA_VERSION);
    }

    /**
     * The current StateHash.
     *
     * @return a decoder over it.
     * @throws IllegalStateException if the current frame is not a StateHash.
     */
    public StateHashDecoder stateHash()
    {
        expect(StateHashDecoder.TEMPLATE_ID);
        return stateHash.wrap(buffer, HEADER_LENGTH, StateHashDecoder.BLOCK_LENGTH, SCHEMA_VERSION);
    }

    private void checkFrame()
    {
        if (templateId == NO_FRAME)
        {
            throw new IllegalStateException("no current frame");
        }
    }

    private void expect(final int expectedTemplateId)
    {
        if (templateId != expectedTemplateId)
        {
            throw new IllegalStateException("current frame is " +
                (templateId == NO_FRAME ? "none" : FrameValidator.name(templateId)) + ", not " +
                FrameValidator.name(expectedTemplateId));
        }
    }
}
