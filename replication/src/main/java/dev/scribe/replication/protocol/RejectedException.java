package dev.scribe.replication.protocol;

import dev.scribe.replication.sbe.RejectCode;

/**
 * The peer sent a Reject: it refused the handshake or ended the stream, with its reason and its epoch (a
 * {@link RejectCode#STALE_EPOCH} or {@link RejectCode#STEP_DOWN} tells the receiver a newer epoch exists). The
 * peer's reason is kept escaped with {@link LogSafe}, so the message and {@link #reason()} are safe to log. A server
 * that refuses a client before it authenticated sends epoch {@value ServerHandshake#UNAUTHENTICATED_EPOCH}.
 */
public final class RejectedException extends ProtocolException
{
    private static final long serialVersionUID = 1L;

    private final long remoteEpoch;
    private final String reason;

    /**
     * A Reject received from the peer.
     *
     * @param code        the peer's reject code.
     * @param remoteEpoch the peer's epoch.
     * @param reason      the peer's reason, as sent; escaped here.
     */
    public RejectedException(final RejectCode code, final long remoteEpoch, final String reason)
    {
        super(code, "rejected by peer: " + code + " (peer epoch " + remoteEpoch + "): " + LogSafe.escape(reason));
        this.remoteEpoch = remoteEpoch;
        this.reason = LogSafe.escape(reason);
    }

    /**
     * The peer's epoch when it sent the Reject.
     *
     * @return the epoch.
     */
    public long remoteEpoch()
    {
        return remoteEpoch;
    }

    /**
     * The peer's reason, escaped with {@link LogSafe}: the text as sent when it has no control characters.
     *
     * @return the reason.
     */
    public String reason()
    {
        return reason;
    }
}
