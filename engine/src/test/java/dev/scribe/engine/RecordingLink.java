package dev.scribe.engine;

import dev.scribe.engine.replica.ReplicaPort;
import dev.scribe.engine.replica.ReplicationLink;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A replication link that records what the engine tells it, for tests to read from any thread.
 */
final class RecordingLink implements ReplicationLink
{
    volatile long journaled = -1;
    final Map<Long, Long> hashes = new ConcurrentHashMap<>();
    final List<String> refused = new CopyOnWriteArrayList<>();
    volatile ReplicaPort port;

    @Override
    public void attach(final ReplicaPort port)
    {
        this.port = port;
    }

    @Override
    public void onJournaled(final long position)
    {
        journaled = position;
    }

    @Override
    public void onStateHash(final long position, final long hash)
    {
        hashes.put(position, hash);
    }

    @Override
    public void onReplicaRefused(final long position, final String reason)
    {
        refused.add(position + ": " + reason);
    }
}
