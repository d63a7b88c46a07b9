package dev.scribe.replication.link;

import org.agrona.collections.Long2ObjectHashMap;

import java.util.List;
import java.util.Map;

/**
 * The connections as the agent thread knows them: those it dialled, and those that came in, taken from the link's
 * shared table the first time an event names them. An entry leaves when its connection's last event (closed) has
 * been read. The agent thread only.
 */
final class Connections
{
    private final Long2ObjectHashMap<Connection> known = new Long2ObjectHashMap<>();
    private final Map<Long, Connection> live;

    /**
     * A registry over the link's shared table.
     *
     * @param live every connection whose owner thread runs, by id, written by those threads.
     */
    Connections(final Map<Long, Connection> live)
    {
        this.live = live;
    }

    void add(final Connection connection)
    {
        known.put(connection.id, connection);
    }

    /**
     * The connection with an id.
     *
     * @return it, or null if it ended or never existed.
     */
    Connection get(final long id)
    {
        final Connection connection = known.get(id);
        if (null != connection)
        {
            return connection;
        }
        final Connection arrived = live.get(id);
        if (null != arrived)
        {
            known.put(id, arrived);
        }
        return arrived;
    }

    /** The connection's last event was read: forget it. */
    Connection remove(final long id)
    {
        final Connection connection = known.remove(id);
        final Connection shared = live.remove(id);
        return null != connection ? connection : shared;
    }

    /** Copy the connections into a list, to act on them while the table may change. */
    void copyTo(final List<Connection> into)
    {
        into.clear();
        for (final Connection connection : known.values())
        {
            into.add(connection);
        }
    }
}
