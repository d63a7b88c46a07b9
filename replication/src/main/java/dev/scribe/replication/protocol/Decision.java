package dev.scribe.replication.protocol;

import dev.scribe.replication.sbe.RejectCode;

import java.util.Objects;

/**
 * An {@link AdmissionPolicy}'s answer to an authenticated Hello: a {@link Welcome} or a Reject with its code and
 * reason.
 */
public final class Decision
{
    private final Welcome welcome;
    private final RejectCode code;
    private final String reason;

    private Decision(final Welcome welcome, final RejectCode code, final String reason)
    {
        this.welcome = welcome;
        this.code = code;
        this.reason = reason;
    }

    /**
     * Accept the client.
     *
     * @param welcome what the server grants.
     * @return the decision.
     */
    public static Decision accept(final Welcome welcome)
    {
        return new Decision(Objects.requireNonNull(welcome, "welcome"), null, null);
    }

    /**
     * Refuse the client.
     *
     * @param code   why, as the client will see it.
     * @param reason for a person to read; sent to the client, so never a secret.
     * @return the decision.
     */
    public static Decision reject(final RejectCode code, final String reason)
    {
        if (code == null || code == RejectCode.NULL_VAL)
        {
            throw new IllegalArgumentException("code " + code + " is not a reject code");
        }
        return new Decision(null, code, Objects.requireNonNull(reason, "reason"));
    }

    /**
     * Whether the client is accepted.
     *
     * @return true for {@link #accept}, false for {@link #reject}.
     */
    public boolean accepted()
    {
        return welcome != null;
    }

    /**
     * What the server grants.
     *
     * @return the Welcome fields, or null when rejected.
     */
    public Welcome welcome()
    {
        return welcome;
    }

    /**
     * Why the client is refused.
     *
     * @return the code, or null when accepted.
     */
    public RejectCode code()
    {
        return code;
    }

    /**
     * Why the client is refused, for a person to read.
     *
     * @return the reason, or null when accepted.
     */
    public String reason()
    {
        return reason;
    }

    @Override
    public String toString()
    {
        return accepted() ? "accept " + welcome : "reject " + code + ": " + reason;
    }
}
