package dev.scribe.engine;

import dev.scribe.engine.replica.ReplicaPort;
import dev.scribe.journal.JournalTailer;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * An engine's {@link ReplicaPort}: the replication SPI over the engine's package-private methods, so that the
 * engine's public API stays the user's.
 */
final class EngineReplicaPort implements ReplicaPort
{
    private final Engine engine;

    EngineReplicaPort(final Engine engine)
    {
        this.engine = engine;
    }

    @Override
    public EngineRole role()
    {
        return engine.role();
    }

    @Override
    public long epoch()
    {
        return engine.epoch();
    }

    @Override
    public EpochHistory epochHistory()
    {
        return engine.epochHistory();
    }

    @Override
    public long lastPosition()
    {
        return engine.lastPosition();
    }

    @Override
    public long barrier()
    {
        return engine.barrier();
    }

    @Override
    public long promote(final long minimumEpoch)
    {
        return engine.promote(minimumEpoch);
    }

    @Override
    public long lead(final long epoch)
    {
        return engine.lead(epoch);
    }

    @Override
    public void replicate(final long position, final DirectBuffer buffer, final int offset, final int length)
    {
        engine.replicate(position, buffer, offset, length);
    }

    @Override
    public boolean acknowledged(final long epoch, final long position)
    {
        return engine.acknowledged(epoch, position);
    }

    @Override
    public void standbyConnected(final boolean connected)
    {
        engine.standbyConnected(connected);
    }

    @Override
    public long acknowledgedPosition()
    {
        return engine.acknowledgedPosition();
    }

    @Override
    public void retentionFloor(final long position)
    {
        engine.retentionFloor(position);
    }

    @Override
    public AtomicCounter newCounter(final String label, final int typeId)
    {
        return engine.newCounter(label, typeId);
    }

    @Override
    public ErrorHandler errorHandler()
    {
        return engine.errorHandler();
    }

    @Override
    public JournalTailer tailer(final long from)
    {
        return engine.tailer(from);
    }
}
