package dev.scribe.engine.replica;

import dev.scribe.engine.Engine;
import dev.scribe.engine.EngineRole;

import java.util.Objects;

/**
 * What the replication module sets on an engine it launches, beside the user's
 * {@link dev.scribe.engine.EngineContext}: the role it starts in, its link, and how often it hashes its state for
 * divergence checks. Given to {@link Engine#launch(dev.scribe.engine.EngineContext, ReplicaSetup)}.
 *
 * @param role              the role the engine starts in; a standby takes records through
 *                          {@link ReplicaPort#replicate} and no commands until it leads.
 * @param link              told what the journal holds; makes {@link dev.scribe.engine.Durability#REPLICATED}
 *                          available.
 * @param hashCheckInterval 0 (off) or a power of two: the state hash is computed after every record whose position
 *                          is a multiple of it (positions are the same on primary and standby, so both hash the same
 *                          states); each check hashes all aggregate state on the business-logic thread, so keep it
 *                          rare.
 */
public record ReplicaSetup(EngineRole role, ReplicationLink link, int hashCheckInterval)
{
    /**
     * Check the setup.
     *
     * @throws NullPointerException     if the role or link is null.
     * @throws IllegalArgumentException if the interval is neither 0 nor a power of two.
     */
    public ReplicaSetup
    {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(link, "link");
        if (hashCheckInterval != 0 && (hashCheckInterval < 0 || Integer.bitCount(hashCheckInterval) != 1))
        {
            throw new IllegalArgumentException("hashCheckInterval must be 0 (off) or a power of two: " +
                hashCheckInterval);
        }
    }
}
