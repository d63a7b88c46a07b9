package dev.scribe.engine;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Event instances owned by one ring slot, for handlers that fill reusable events ({@link Decision#emitNew}) instead
 * of allocating them. An instance is reused only when its slot comes round again, after every consumer has passed
 * it, so projections see the values the handler wrote. The engine fills every slot's pool at launch with one
 * instance of each {@linkplain #poolable poolable} event class it registers, so that the first command through a
 * slot allocates nothing either; a command that emits more than one event of a class adds instances the first time.
 */
final class EventPool
{
    /** Instances of one class and how many the current command has taken. */
    private static final class Instances
    {
        final Class<?> type;
        Object[] instances;
        int count;
        int used;

        Instances(final Class<?> type)
        {
            this.type = type;
            this.instances = new Object[1];
        }
    }

    private Instances[] byClass;
    private int classes;
    private Instances[] touched;
    private int touchedCount;

    EventPool(final List<Class<?>> prefill)
    {
        byClass = new Instances[Math.max(1, prefill.size())];
        touched = new Instances[byClass.length];
        for (final Class<?> type : prefill)
        {
            final Object instance;
            try
            {
                instance = newInstance(type);
            }
            catch (final IllegalArgumentException ex)
            {
                continue; // a class that cannot be made is reported if a handler ever asks for it
            }
            final Instances instances = add(type);
            instances.instances[0] = instance;
            instances.count = 1;
        }
    }

    /**
     * The event classes a pool is filled with at launch: concrete classes that are not records and have a
     * no-argument constructor, as {@link Decision#emitNew} needs.
     */
    static List<Class<?>> poolable(final Iterable<Class<?>> eventTypes)
    {
        final List<Class<?>> poolable = new ArrayList<>();
        for (final Class<?> type : eventTypes)
        {
            if (!type.isRecord() && !type.isInterface() && !Modifier.isAbstract(type.getModifiers()) &&
                !type.isEnum() && hasNoArgumentConstructor(type))
            {
                poolable.add(type);
            }
        }
        return poolable;
    }

    <E> E take(final Class<E> type)
    {
        Instances instances = null;
        for (int i = 0; i < classes; i++)
        {
            if (byClass[i].type == type)
            {
                instances = byClass[i];
                break;
            }
        }
        if (null == instances)
        {
            instances = add(type);
        }
        if (instances.used == 0)
        {
            if (touchedCount == touched.length)
            {
                touched = Arrays.copyOf(touched, 2 * touchedCount);
            }
            touched[touchedCount++] = instances;
        }
        if (instances.used == instances.count)
        {
            if (instances.count == instances.instances.length)
            {
                instances.instances = Arrays.copyOf(instances.instances, 2 * instances.count);
            }
            instances.instances[instances.count++] = newInstance(type);
        }
        return type.cast(instances.instances[instances.used++]);
    }

    void reset()
    {
        for (int i = 0; i < touchedCount; i++)
        {
            touched[i].used = 0;
            touched[i] = null;
        }
        touchedCount = 0;
    }

    private Instances add(final Class<?> type)
    {
        if (classes == byClass.length)
        {
            byClass = Arrays.copyOf(byClass, 2 * classes);
        }
        final Instances instances = new Instances(type);
        byClass[classes++] = instances;
        return instances;
    }

    private static boolean hasNoArgumentConstructor(final Class<?> type)
    {
        try
        {
            type.getDeclaredConstructor();
            return true;
        }
        catch (final NoSuchMethodException | SecurityException ex)
        {
            return false;
        }
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
