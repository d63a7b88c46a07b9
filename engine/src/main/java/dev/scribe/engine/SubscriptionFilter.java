package dev.scribe.engine;

import dev.scribe.codecs.payload.CodecRegistry;
import org.agrona.collections.Int2ObjectHashMap;

import java.util.ArrayList;
import java.util.List;

/**
 * Which events a subscription wants, decided once per event type id from the class its codec decodes to, so that
 * events it does not want are never decoded. A type id no codec knows is wanted: decoding it fails, and the failure
 * is the subscription's to report.
 */
final class SubscriptionFilter
{
    private final CodecRegistry codecs;
    private final List<Class<?>> eventTypes;
    private final List<AggregateType> aggregateTypes = new ArrayList<>();
    private final boolean all;
    private final Int2ObjectHashMap<Boolean> decided = new Int2ObjectHashMap<>();

    /**
     * The filter of a subscription.
     *
     * @throws IllegalArgumentException naming an aggregate type the engine does not know.
     */
    SubscriptionFilter(final Subscription subscription, final Registry registry)
    {
        this.codecs = registry.codecs();
        this.eventTypes = List.copyOf(subscription.eventTypes());
        for (final Class<? extends Aggregate> type : subscription.aggregateTypes())
        {
            final AggregateType aggregate = registry.aggregate(type);
            if (null == aggregate)
            {
                throw new IllegalArgumentException("subscription " + subscription.name() + " filters on aggregate " +
                    "type " + type.getName() + ", which the engine does not have");
            }
            aggregateTypes.add(aggregate);
        }
        this.all = eventTypes.isEmpty() && aggregateTypes.isEmpty();
    }

    /** Whether events of a type id pass. */
    boolean wants(final int typeId)
    {
        if (all)
        {
            return true;
        }
        final Boolean known = decided.get(typeId);
        if (null != known)
        {
            return known;
        }
        final boolean wanted = !codecs.contains(typeId) || wantsClass(codecs.codecFor(typeId, 0).type());
        decided.put(typeId, Boolean.valueOf(wanted));
        return wanted;
    }

    private boolean wantsClass(final Class<?> type)
    {
        for (final Class<?> wanted : eventTypes)
        {
            if (wanted.isAssignableFrom(type))
            {
                return true;
            }
        }
        for (final AggregateType aggregate : aggregateTypes)
        {
            if (aggregate.applies(type))
            {
                return true;
            }
        }
        return false;
    }
}
