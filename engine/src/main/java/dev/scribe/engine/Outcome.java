package dev.scribe.engine;

/**
 * The result of a command: accepted (with the record's position and the aggregate's new version) or rejected (with
 * a reason), or refused before it reached the business logic (back pressure, engine closed).
 */
public final class Outcome
{
    /**
     * What happened to the command.
     */
    public enum Status
    {
        /** Decided, journaled and applied. */
        ACCEPTED,
        /** Rejected by a handler, an interceptor or a check; nothing was written. */
        REJECTED,
        /** The ring was full and the caller asked not to wait; nothing was done. */
        BACK_PRESSURE,
        /** The engine was closed or closing; nothing was done. */
        CLOSED,
        /**
         * Decided, journaled and applied, but the journal could not be forced to storage, so the SYNCED level asked
         * for was not reached (JOURNALED was). The reason says why.
         */
        SYNC_FAILED
    }

    private static final Outcome BACK_PRESSURE_OUTCOME =
        new Outcome(Status.BACK_PRESSURE, -1, -1, "the command ring is full", false);
    private static final Outcome CLOSED_OUTCOME = new Outcome(Status.CLOSED, -1, -1, "the engine is closed", false);

    private final Status status;
    private final long position;
    private final long version;
    private final String reason;
    private final boolean duplicate;

    private Outcome(final Status status, final long position, final long version, final String reason,
        final boolean duplicate)
    {
        this.status = status;
        this.position = position;
        this.version = version;
        this.reason = reason;
        this.duplicate = duplicate;
    }

    static Outcome accepted(final long position, final long version, final boolean duplicate)
    {
        return new Outcome(Status.ACCEPTED, position, version, null, duplicate);
    }

    static Outcome syncFailed(final long position, final long version, final String reason)
    {
        return new Outcome(Status.SYNC_FAILED, position, version, reason, false);
    }

    static Outcome rejected(final String reason)
    {
        return new Outcome(Status.REJECTED, -1, -1, reason, false);
    }

    static Outcome backPressure()
    {
        return BACK_PRESSURE_OUTCOME;
    }

    static Outcome closed()
    {
        return CLOSED_OUTCOME;
    }

    /**
     * What happened.
     *
     * @return the status.
     */
    public Status status()
    {
        return status;
    }

    /**
     * Whether the command was accepted.
     *
     * @return true if accepted.
     */
    public boolean accepted()
    {
        return status == Status.ACCEPTED;
    }

    /**
     * Journal position of the command's record; -1 if it was not journaled (rejected, or accepted with no events).
     *
     * @return the position.
     */
    public long position()
    {
        return position;
    }

    /**
     * Version of the command's aggregate after the command; -1 if it was not applied.
     *
     * @return the version.
     */
    public long version()
    {
        return version;
    }

    /**
     * Why the command was not accepted.
     *
     * @return the reason, or null if accepted.
     */
    public String reason()
    {
        return reason;
    }

    /**
     * Whether this is the outcome of an earlier command with the same idempotency key, returned again.
     *
     * @return true for a repeat.
     */
    public boolean duplicate()
    {
        return duplicate;
    }

    @Override
    public String toString()
    {
        return accepted() ?
            "Outcome{ACCEPTED, position=" + position + ", version=" + version + (duplicate ? ", duplicate" : "") + "}" :
            "Outcome{" + status + ", reason='" + reason + "'}";
    }
}
