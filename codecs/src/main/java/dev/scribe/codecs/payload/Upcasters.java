package dev.scribe.codecs.payload;

import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The older versions of payload types and the steps between them: a payload journaled at version n is decoded with
 * the codec of version n and turned into version n + 1, n + 2, ... by the registered steps (upcasters) until it is
 * the current type. Part of a {@link CodecRegistry}; registered before the registry is shared.
 */
final class Upcasters
{
    /** One step: a value of {@code from} at {@code fromVersion} becomes the next version. */
    record Step(int typeId, int fromVersion, Class<?> from, Function<Object, Object> upcast)
    {
    }

    private final Long2ObjectHashMap<PayloadCodec<?>> previous = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<Step> steps = new Long2ObjectHashMap<>();

    static long key(final int typeId, final int version)
    {
        return ((long)typeId << 32) | (version & 0xFFFF_FFFFL);
    }

    void previous(final PayloadCodec<?> codec)
    {
        final PayloadCodec<?> existing = previous.put(key(codec.typeId(), codec.version()), codec);
        if (null != existing)
        {
            throw new IllegalArgumentException("version " + codec.version() + " of type id " + codec.typeId() +
                " is already registered for " + existing.type().getName());
        }
    }

    void step(final Step step)
    {
        final Step existing = steps.put(key(step.typeId(), step.fromVersion()), step);
        if (null != existing)
        {
            throw new IllegalArgumentException("an upcaster from version " + step.fromVersion() + " of type id " +
                step.typeId() + " is already registered");
        }
    }

    PayloadCodec<?> previous(final int typeId, final int version)
    {
        return previous.get(key(typeId, version));
    }

    Step step(final int typeId, final int fromVersion)
    {
        return steps.get(key(typeId, fromVersion));
    }

    boolean isEmpty()
    {
        return previous.isEmpty() && steps.isEmpty();
    }

    /** What is missing for every registered older version to reach its current codec; empty if nothing. */
    List<String> problems(final Function<Integer, PayloadCodec<?>> current)
    {
        final List<String> problems = new ArrayList<>();
        for (final PayloadCodec<?> old : previous.values())
        {
            final PayloadCodec<?> now = current.apply(old.typeId());
            if (null == now)
            {
                problems.add(old.type().getName() + " is version " + old.version() + " of type id " + old.typeId() +
                    ", which has no current codec");
                continue;
            }
            if (old.version() >= now.version())
            {
                problems.add(old.type().getName() + " is version " + old.version() + " of type id " + old.typeId() +
                    ", not older than the current " + now.type().getName() + " at version " + now.version());
                continue;
            }
            Class<?> type = old.type();
            for (int v = old.version(); v < now.version(); v++)
            {
                final Step step = steps.get(key(old.typeId(), v));
                if (null == step)
                {
                    problems.add("no upcaster from version " + v + " to " + (v + 1) + " of type id " + old.typeId() +
                        " (" + now.type().getName() + "), needed to read " + old.type().getName());
                    break;
                }
                if (!step.from().isAssignableFrom(type))
                {
                    problems.add("the upcaster from version " + v + " of type id " + old.typeId() + " takes " +
                        step.from().getName() + " but version " + v + " is " + type.getName());
                    break;
                }
                final PayloadCodec<?> next = previous.get(key(old.typeId(), v + 1));
                type = v + 1 == now.version() ? now.type() : null == next ? Object.class : next.type();
            }
        }
        return problems;
    }
}
