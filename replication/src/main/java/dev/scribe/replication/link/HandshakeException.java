package dev.scribe.replication.link;

import dev.scribe.replication.sbe.DenyCode;

import java.io.IOException;

/**
 * An authentication that failed: the message says why in words safe to log (peer-chosen text escaped); the code is
 * all the listener tells a dialler that has not authenticated.
 */
final class HandshakeException extends IOException
{
    private static final long serialVersionUID = 1L;

    private final DenyCode code;

    HandshakeException(final DenyCode code, final String message)
    {
        super(message);
        this.code = code;
    }

    HandshakeException(final DenyCode code, final String message, final Throwable cause)
    {
        super(message, cause);
        this.code = code;
    }

    DenyCode code()
    {
        return code;
    }
}
