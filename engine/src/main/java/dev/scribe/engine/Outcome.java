package dev.scribe.engine;

import dev.scribe.journal.PositionFormat;

/**
 * The result of a command: accepted (with the record's position and the aggregate's new version) or rejected (with
 * a reason: {@link Status#REJECTED} by a rule, {@link Status#HANDLER_FAILED} when the handler threw), or refused before
 * it reached the business logic (back pressure, engine closed).
 *
 * <p>{@link Engine#send} completes the future of an outcome on the business-logic thread at the end of a batch
 * (REPLICATED ones that waited for a standby on the engine's completer thread): code attached to the future runs
 * there, so attach anything heavier than a few statements with an {@code ...Async} method. Outcomes without
 * per-command data (back pressure, closed, not primary, an unregistered command type) are shared instances.
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
        /**
         * Rejected because its handler (or an interceptor, or the codec of a binary command) threw: a bug rather than
         * a business rule, so besides the rejection (nothing was written) the engine counted it and logged it with
         * its stack trace. The reason names the exception's class and message.
         */
        HANDLER_FAILED,
        /** The ring (or the replication gate) was full and the caller asked not to wait; nothing was done. */
        BACK_PRESSURE,
        /** The engine was closed or closing; nothing was done. */
        CLOSED,
        /**
         * Decided, journaled and applied, but the journal could not be forced to storage, so the SYNCED level asked
         * for was not reached (JOURNALED was). The reason says why.
         */
        SYNC_FAILED,
        /** This engine is a standby and takes no commands; nothing was done. Send it to the primary. */
        NOT_PRIMARY,
        /**
         * Asked for {@link Durability#REPLICATED}: decided, journaled and applied here, but this engine stopped being
         * the primary (it was closed or stepped down) before a standby acknowledged the record. The command may or
         * may not be on the new primary: send it again there with the same idempotency key to learn its outcome.
         */
        IN_DOUBT
    }

    private static final Outcome BACK_PRESSURE_OUTCOME =
        new Outcome(Status.BACK_PRESSURE, -1, -1, "the command ring is full, or the replication gate holds as " +
            "many results waiting for a standby as the ring has slots", false);
    private static final Outcome CLOSED_OUTCOME = new Outcome(Status.CLOSED, -1, -1, "the engine is closed", false);
    private static final Outcome NOT_PRIMARY_OUTCOME = new Outcome(Status.NOT_PRIMARY, -1, -1,
        "this engine is a standby; send commands to the primary", false);

    /** The rejection of a command of an unregistered type, made once per class rather than once per send. */
    private static final ClassValue<Outcome> UNKNOWN_TYPE = new ClassValue<>()
    {
        @Override
        protected Outcome computeValue(final Class<?> type)
        {
            return rejected("unknown command type " + type.getName() + "; register it with EngineContext.command");
        }
    };

    private final Status status;
    private final long position;
    private final long version;
    private final String reason;
    private final boolean duplicate;
    private final boolean degraded;

    private Outcome(final Status status, final long position, final long version, final String reason,
        final boolean duplicate)
    {
        this(status, position, version, reason, duplicate, false);
    }

    private Outcome(final Status status, final long position, final long version, final String reason,
        final boolean duplicate, final boolean degraded)
    {
        this.status = status;
        this.position = position;
        this.version = version;
        this.reason = reason;
        this.duplicate = duplicate;
        this.degraded = degraded;
    }

    Outcome degrade()
    {
        return new Outcome(status, position, version, reason, duplicate, true);
    }

    Outcome inDoubt(final String why)
    {
        return new Outcome(Status.IN_DOUBT, position, version, why, duplicate, false);
    }

    static Outcome notPrimary()
    {
        return NOT_PRIMARY_OUTCOME;
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

    static Outcome handlerFailed(final String reason)
    {
        return new Outcome(Status.HANDLER_FAILED, -1, -1, reason, false);
    }

    static Outcome unknownCommandType(final Class<?> type)
    {
        return UNKNOWN_TYPE.get(type);
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

    /**
     * Whether a {@link Durability#REPLICATED} command was acknowledged when only journaled, because no standby was
     * connected and the engine runs with {@link NoStandbyPolicy#DEGRADE}.
     *
     * @return true if the command is not known to be on a standby.
     */
    public boolean degraded()
    {
        return degraded;
    }

    @Override
    public String toString()
    {
        return accepted() ?
            "Outcome{ACCEPTED, position=" + PositionFormat.position(position) + ", version=" + version +
            (duplicate ? ", duplicate" : "") +
                (degraded ? ", degraded" : "") + "}" :
            "Outcome{" + status + ", reason='" + reason + "'}";
    }
}
