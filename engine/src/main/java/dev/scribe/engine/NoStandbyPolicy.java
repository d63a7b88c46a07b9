package dev.scribe.engine;

/**
 * What a primary does with {@link Durability#REPLICATED} results while no standby is acknowledging.
 */
public enum NoStandbyPolicy
{
    /**
     * Hold the results until a standby acknowledges their records. The held results are bounded (as many as the
     * ring holds); when they are full the responder waits, the ring fills and senders see back pressure. Nothing
     * is ever acknowledged at REPLICATED that a standby has not journaled. The default.
     */
    BLOCK,
    /**
     * Complete REPLICATED results at once as journaled only, with {@link Outcome#degraded()} set, and count them.
     * Availability over safety: such a command is lost if this machine is lost before a standby catches up.
     */
    DEGRADE
}
