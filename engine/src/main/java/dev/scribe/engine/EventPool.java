package dev.scribe.engine;

import org.agrona.collections.Object2ObjectHashMap;

import java.lang.reflect.Constructor;
import java.util.ArrayList;

/**
 * Event instances owned by one ring slot, for handlers that fill reusable events ({@link Decision#emitNew}) instead
 * of allocating them. An instance is reused only when its slot comes round again, after every consumer has passed
 * it, so projections see the values the handler wrote.
 */
final class EventPool
{
    /** Instances of one class and how many the current command has taken. */
    private static final class Instances
    {
        final ArrayList<Object> instances = new ArrayList<>();
        int used;
    }

    private final Object2ObjectHashMap<Class<?>, Instances> byClass = new Object2ObjectHashMap<>();
    private final ArrayList<Instances> touched = new ArrayList<>();

    <E> E take(final Class<E> type)
    {
        Instances instances = byClass.get(type);
        if (null == instances)
        {
            instances = new Instances();
            byClass.put(type, instances);
        }
        if (instances.used == 0)
        {
            touched.add(instances);
        }
        if (instances.used == instances.instances.size())
        {
            instances.instances.add(newInstance(type));
        }
        return type.cast(instances.instances.get(instances.used++));
    }

    void reset()
    {
        for (int i = 0, size = touched.size(); i < size; i++)
        {
            touched.get(i).used = 0;
        }
        touched.clear();
    }

    private static Object newInstance(final Class<?> type)
    {
        try
        {
            final Constructor<?> constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        }
        catch (final ReflectiveOperationException | RuntimeException ex)
        {
            throw new IllegalArgumentException(type.getName() + " needs a no-argument constructor to be emitted " +
                "with emitNew: " + ex, ex);
        }
    }
}
