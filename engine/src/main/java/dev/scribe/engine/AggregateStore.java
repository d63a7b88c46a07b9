package dev.scribe.engine;

import org.agrona.collections.Long2ObjectHashMap;

import org.agrona.DirectBuffer;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;

/**
 * Every aggregate in memory, by id. Ids are one namespace across aggregate types. An id that is a canonical decimal
 * long ({@code "42"}, not {@code "042"}) can also be found by its number, without allocating: the fast path of
 * binary commands. Only the business-logic thread (or the launching thread, during replay) touches it.
 */
final class AggregateStore
{
    private final Registry registry;
    private final IdTable entries = new IdTable();
    private final Long2ObjectHashMap<AggregateEntry> numericEntries = new Long2ObjectHashMap<>();
    private final List<AggregateEntry> view = new AbstractList<>()
    {
        @Override
        public AggregateEntry get(final int index)
        {
            return entries.entry(index);
        }

        @Override
        public int size()
        {
            return entries.size();
        }
    };

    AggregateStore(final Registry registry)
    {
        this.registry = registry;
    }

    /**
     * The aggregate with an id, made new (version 0) if it has none yet; it is only kept once an event is applied. A
     * new aggregate of the application's may not take an id starting with '$', which the engine's own use.
     */
    AggregateEntry load(final AggregateType type, final String id)
    {
        final AggregateEntry entry = entries.find(id);
        if (null != entry)
        {
            return checkType(entry, type);
        }
        if (!type.builtIn() && !id.isEmpty() && id.charAt(0) == '$')
        {
            throw new RefusedDecision("aggregate ids starting with '$' are the engine's own (timers, " +
                "sagas): " + id);
        }
        return new AggregateEntry(id, type, type.create());
    }

    /**
     * The aggregate whose id is a run of UTF-8 bytes (a journal record's), made new if it has none yet; allocates
     * only to make a new one.
     */
    AggregateEntry load(final AggregateType type, final DirectBuffer buffer, final int offset, final int length)
    {
        final AggregateEntry entry = entries.find(buffer, offset, length);
        if (null != entry)
        {
            return checkType(entry, type);
        }
        return new AggregateEntry(buffer.getStringWithoutLengthUtf8(offset, length), type, type.create());
    }

    private static AggregateEntry checkType(final AggregateEntry entry, final AggregateType type)
    {
        if (entry.type != type)
        {
            throw new RefusedDecision(entry.id + " is a " + entry.type.type().getSimpleName() + ", not a " +
                type.type().getSimpleName());
        }
        return entry;
    }

    AggregateEntry load(final Class<? extends Aggregate> type, final String id)
    {
        final AggregateType aggregateType = type(type);
        if (null == id)
        {
            throw new RefusedDecision("the id of a " + type.getSimpleName() + " is null");
        }
        return load(aggregateType, id);
    }

    /** A registered aggregate type. */
    AggregateType type(final Class<? extends Aggregate> type)
    {
        final AggregateType aggregateType = null == type ? null : registry.aggregate(type);
        if (null == aggregateType)
        {
            throw new RefusedDecision((null == type ? "null" : type.getName()) +
                " is not a registered aggregate");
        }
        return aggregateType;
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
        if (entries.add(entry) == entry)
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
        return null == id ? null : entries.find(id);
    }

    /** The aggregate whose id is a run of UTF-8 bytes, or null. */
    AggregateEntry get(final DirectBuffer buffer, final int offset, final int length)
    {
        return entries.find(buffer, offset, length);
    }

    int size()
    {
        return entries.size();
    }

    /** Every aggregate, in the order they were first kept. */
    List<AggregateEntry> entries()
    {
        return view;
    }

    void clear()
    {
        for (int i = 0, size = entries.size(); i < size; i++)
        {
            entries.entry(i).kept = false;
        }
        entries.clear();
        numericEntries.clear();
    }

    /**
     * The state hash: every aggregate in id order, each as its type name, id, version and state.
     */
    long stateHash()
    {
        final List<AggregateEntry> sorted = new ArrayList<>(view);
        sorted.sort((a, b) -> a.id.compareTo(b.id));
        final StateHasher hasher = new StateHasher();
        hasher.putLong(sorted.size());
        for (final AggregateEntry entry : sorted)
        {
            hashEntry(hasher, entry.type, entry.id, entry.version, entry.state);
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
