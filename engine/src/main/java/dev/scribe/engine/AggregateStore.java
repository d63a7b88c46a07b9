package dev.scribe.engine;

import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * Every aggregate in memory, by id. Ids are one namespace across aggregate types. An id that is a canonical decimal
 * long ({@code "42"}, not {@code "042"}) can also be found by its number, without allocating: the fast path of
 * binary commands. Only the business-logic thread (or the launching thread, during replay) touches it.
 */
final class AggregateStore
{
    private final Registry registry;
    // java.util.HashMap, not an open-addressing map: ids such as acc-000001, acc-000002 have consecutive String hashes,
    // which linear probing turns into long clusters of probes, each a cache miss
    private final HashMap<String, AggregateEntry> entries = new HashMap<>();
    private final Long2ObjectHashMap<AggregateEntry> numericEntries = new Long2ObjectHashMap<>();

    AggregateStore(final Registry registry)
    {
        this.registry = registry;
    }

    /**
     * The aggregate with an id, made new (version 0) if it has none yet; it is only kept once an event is applied.
     */
    AggregateEntry load(final AggregateType type, final String id)
    {
        final AggregateEntry entry = entries.get(id);
        if (null != entry)
        {
            if (entry.type != type)
            {
                throw new IllegalArgumentException(id + " is a " + entry.type.type().getSimpleName() + ", not a " +
                    type.type().getSimpleName());
            }
            return entry;
        }
        return new AggregateEntry(id, type, type.create());
    }

    AggregateEntry load(final Class<? extends Aggregate> type, final String id)
    {
        final AggregateType aggregateType = registry.aggregate(type);
        if (null == aggregateType)
        {
            throw new IllegalArgumentException(type.getName() + " is not a registered aggregate");
        }
        if (null == id)
        {
            throw new IllegalArgumentException("the id of a " + type.getSimpleName() + " is null");
        }
        return load(aggregateType, id);
    }

    /**
     * The aggregate with a numeric id; allocates only to make a new one.
     */
    AggregateEntry load(final AggregateType type, final long id)
    {
        final AggregateEntry entry = numericEntries.get(id);
        if (null != entry && entry.type == type)
        {
            return entry;
        }
        return load(type, Long.toString(id));
    }

    /** Keep an aggregate that has had its first event. */
    void keep(final AggregateEntry entry)
    {
        if (entry.kept)
        {
            return;
        }
        entry.kept = true;
        if (null == entries.putIfAbsent(entry.id, entry))
        {
            final long numeric = canonicalLong(entry.id);
            if (numeric != Long.MIN_VALUE)
            {
                numericEntries.put(numeric, entry);
            }
        }
    }

    /** The id as a long if it is written exactly as Long.toString writes it, else Long.MIN_VALUE. */
    static long canonicalLong(final String id)
    {
        final int length = id.length();
        if (length == 0 || length > 20)
        {
            return Long.MIN_VALUE;
        }
        for (int i = 0; i < length; i++)
        {
            final char c = id.charAt(i);
            if ((c < '0' || c > '9') && !(i == 0 && c == '-'))
            {
                return Long.MIN_VALUE; // not a number: no exception to throw and catch
            }
        }
        try
        {
            final long value = Long.parseLong(id);
            return Long.toString(value).equals(id) ? value : Long.MIN_VALUE;
        }
        catch (final NumberFormatException ex)
        {
            return Long.MIN_VALUE;
        }
    }

    AggregateEntry get(final String id)
    {
        return entries.get(id);
    }

    int size()
    {
        return entries.size();
    }

    Iterable<AggregateEntry> entries()
    {
        return entries.values();
    }

    void clear()
    {
        for (final AggregateEntry entry : entries.values())
        {
            entry.kept = false;
        }
        entries.clear();
        numericEntries.clear();
    }

    /**
     * The state hash: every aggregate in id order, each as its type name, id, version and state.
     */
    long stateHash()
    {
        final List<String> ids = new ArrayList<>(entries.keySet());
        ids.sort(null);
        final StateHasher hasher = new StateHasher();
        hasher.putLong(ids.size());
        for (final String id : ids)
        {
            final AggregateEntry entry = entries.get(id);
            hashEntry(hasher, entry.type, id, entry.version, entry.state);
        }
        return hasher.hash();
    }

    /** One aggregate's part of the state hash; the whole hash is the count, then each aggregate in id order. */
    static void hashEntry(
        final StateHasher hasher, final AggregateType type, final String id, final long version, final Aggregate state)
    {
        hasher.putString(type.type().getName()).putString(id).putLong(version);
        state.hashState(hasher);
    }
}
