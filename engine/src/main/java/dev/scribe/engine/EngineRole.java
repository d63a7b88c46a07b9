package dev.scribe.engine;

/**
 * What an engine does with commands in a replicated pair.
 */
public enum EngineRole
{
    /** Decides commands, journals their records and streams them to a standby. The role of a lone engine. */
    PRIMARY,
    /**
     * Takes no commands ({@link Outcome.Status#NOT_PRIMARY}): journals the primary's records at the same positions
     * and applies them, so its state, projections and queries follow the primary's. Becomes the primary when its
     * replication node makes it lead ({@link dev.scribe.engine.replica.ReplicaPort#lead}).
     */
    STANDBY
}
