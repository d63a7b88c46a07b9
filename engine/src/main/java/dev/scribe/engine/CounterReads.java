package dev.scribe.engine;

import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.status.CountersReader;

/**
 * Reads of the engine's counters in its own process, from any thread ({@link EngineMetrics}), safe against the
 * close: each read takes this object's lock, as {@link #close()} does before the counters file is unmapped, so a
 * reader never touches unmapped memory, and after the close it reads the last values. The threads that write the
 * counters never take the lock.
 */
final class CounterReads
{
    private static final long MISSING = Long.MIN_VALUE;

    private final CountersReader reader;
    /** Counter id by type id, of the counters read so far; once closed, their last values instead. */
    private final Long2LongHashMap byType = new Long2LongHashMap(MISSING);
    private boolean closed;

    CounterReads(final CountersReader reader)
    {
        this.reader = reader;
    }

    /**
     * The value of the first counter of a type, while the engine runs or after it has closed.
     *
     * @param typeId  the counter's type id.
     * @param missing what to answer if there is no counter of that type (yet).
     * @return its value, or {@code missing}.
     */
    synchronized long value(final int typeId, final long missing)
    {
        long id = byType.get(typeId);
        if (closed)
        {
            return id == MISSING ? missing : id; // the last value, kept at close
        }
        if (id == MISSING)
        {
            id = find(typeId);
            if (id < 0)
            {
                return missing;
            }
            byType.put(typeId, id);
        }
        return reader.getCounterValue((int)id);
    }

    /**
     * Whether the counters file is closed: what is read is the last values.
     *
     * @return true once closed.
     */
    synchronized boolean closed()
    {
        return closed;
    }

    /**
     * Keep the last value of each counter type, and read nothing from the file from now on; before it is unmapped.
     */
    synchronized void close()
    {
        byType.clear();
        for (int id = reader.maxCounterId(); id >= 0; id--)
        {
            // from the last id down, so the first counter of a type is the one kept
            if (reader.getCounterState(id) == CountersReader.RECORD_ALLOCATED)
            {
                byType.put(reader.getCounterTypeId(id), reader.getCounterValue(id));
            }
        }
        closed = true;
    }

    private int find(final int typeId)
    {
        for (int id = 0, max = reader.maxCounterId(); id <= max; id++)
        {
            if (reader.getCounterState(id) == CountersReader.RECORD_ALLOCATED &&
                reader.getCounterTypeId(id) == typeId)
            {
                return id;
            }
        }
        return -1;
    }
}
