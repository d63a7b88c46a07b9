package dev.scribe.replication.link;

import dev.scribe.replication.sbe.DenyCode;

/**
 * A frame that breaks the protocol: malformed, of another version, too long, or not allowed where it came. The
 * message says what is wrong and holds nothing the peer chose, so it is safe to log. The connection it came on
 * ends.
 */
final class WireException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final DenyCode code;

    WireException(final DenyCode code, final String message)
    {
        super(message);
        this.code = code;
    }

    static WireException malformed(final String message)
    {
        return new WireException(DenyCode.MALFORMED, message);
    }

    /**
     * How a listener that has not yet authenticated the sender answers it.
     *
     * @return {@link DenyCode#VERSION} or {@link DenyCode#MALFORMED}.
     */
    DenyCode code()
    {
        return code;
    }
}
