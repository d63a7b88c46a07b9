package dev.scribe.replication;

import dev.scribe.engine.EngineRole;
import dev.scribe.engine.monitor.CountersSnapshot;
import dev.scribe.engine.replica.ReplicaPort;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The node's counters, in the engine's counters file beside the engine's own, so {@code scribe stat} and
 * {@code scribe replication status} read them from another process. Allocated again with each engine.
 */
final class NodeCounters
{
    static final int ROLE_TYPE_ID = 100;
    static final int EPOCH_TYPE_ID = 101;
    static final int CONNECTED_TYPE_ID = 102;
    static final int SENT_POSITION_TYPE_ID = CountersSnapshot.NODE_SENT_POSITION_TYPE_ID;
    static final int ACKNOWLEDGED_POSITION_TYPE_ID = CountersSnapshot.NODE_ACKNOWLEDGED_POSITION_TYPE_ID;
    static final int DIVERGENCES_TYPE_ID = 105;
    static final int TRUNCATIONS_TYPE_ID = 106;

    static final String ROLE_LABEL = "replication role (1 primary, 2 standby)";
    static final String EPOCH_LABEL = "replication epoch";
    static final String CONNECTED_LABEL = "replication peer connected";
    static final String SENT_LABEL = "replication position sent";
    static final String ACKNOWLEDGED_LABEL = "replication position acknowledged";
    static final String DIVERGENCES_LABEL = "replication state hash divergences";
    static final String TRUNCATIONS_LABEL = "replication journal truncations";

    private final AtomicCounter role;
    private final AtomicCounter epoch;
    private final AtomicCounter connected;
    private final AtomicCounter sent;
    private final AtomicCounter acknowledged;
    private final AtomicCounter divergences;
    private final AtomicCounter truncations;

    NodeCounters(final ReplicaPort engine)
    {
        role = engine.newCounter(ROLE_LABEL, ROLE_TYPE_ID);
        epoch = engine.newCounter(EPOCH_LABEL, EPOCH_TYPE_ID);
        connected = engine.newCounter(CONNECTED_LABEL, CONNECTED_TYPE_ID);
        sent = engine.newCounter(SENT_LABEL, SENT_POSITION_TYPE_ID);
        acknowledged = engine.newCounter(ACKNOWLEDGED_LABEL, ACKNOWLEDGED_POSITION_TYPE_ID);
        divergences = engine.newCounter(DIVERGENCES_LABEL, DIVERGENCES_TYPE_ID);
        truncations = engine.newCounter(TRUNCATIONS_LABEL, TRUNCATIONS_TYPE_ID);
        sent.setRelease(-1);
        acknowledged.setRelease(-1);
    }

    /**
     * Refresh from the engine, on the supervisor's tick. On a primary the acknowledged position is the engine's in
     * its epoch, so a standby just promoted no longer shows what it acknowledged to the old primary.
     */
    void update(final ReplicaPort engine, final long divergenceCount, final long truncationCount)
    {
        final boolean primary = engine.role() == EngineRole.PRIMARY;
        role.setRelease(primary ? 1 : 2);
        if (primary)
        {
            acknowledged.setRelease(engine.acknowledgedPosition());
        }
        epoch.setRelease(engine.epoch());
        divergences.setRelease(divergenceCount);
        truncations.setRelease(truncationCount);
    }

    void connected(final boolean isConnected)
    {
        connected.setRelease(isConnected ? 1 : 0);
    }

    void sentPosition(final long position)
    {
        sent.setRelease(position);
    }

    void acknowledgedPosition(final long position)
    {
        acknowledged.setRelease(position);
    }
}
