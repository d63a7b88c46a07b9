package dev.scribe.replication.protocol;

import dev.scribe.replication.sbe.RejectCode;

/**
 * The replication protocol failed: a frame was malformed, a proof did not match, a deadline passed, or the peer
 * refused ({@link RejectedException}). The message says what was wrong, for example
 * {@code "frame length 2147483647 exceeds maxFrameBytes 1048576"}; it never contains a secret. The connection is
 * no longer usable and should be closed.
 */
public class ProtocolException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final RejectCode code;

    /**
     * A protocol failure.
     *
     * @param code   the reject code that describes it, as sent to the peer where possible.
     * @param reason what was wrong.
     */
    public ProtocolException(final RejectCode code, final String reason)
    {
        super(reason);
        this.code = code;
    }

    /**
     * A protocol failure caused by another exception.
     *
     * @param code   the reject code that describes it, as sent to the peer where possible.
     * @param reason what was wrong.
     * @param cause  the underlying failure.
     */
    public ProtocolException(final RejectCode code, final String reason, final Throwable cause)
    {
        super(reason, cause);
        this.code = code;
    }

    /**
     * What kind of failure this is.
     *
     * @return the reject code.
     */
    public RejectCode code()
    {
        return code;
    }
}
