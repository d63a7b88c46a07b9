package dev.scribe.engine;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The default {@link Aggregate#hashState(StateHasher)}: walks an object's fields, sorted by declaring class and
 * name so the order does not depend on the JVM. Maps and sets are hashed independently of their iteration order
 * (each entry hashed alone, then combined by addition), lists and arrays in order.
 *
 * <p>Only the application's own classes are read field by field. A JDK value is hashed through its public API
 * ({@link JdkValues}), never by reflection into the JDK, so the hash does not depend on the JVM's module flags; a
 * JDK type with no public value known there is refused with an {@link EngineException} naming the field.
 */
final class FieldHasher
{
    private static final ClassValue<Field[]> FIELDS = new ClassValue<>()
    {
        @Override
        protected Field[] computeValue(final Class<?> type)
        {
            final List<Field> fields = new ArrayList<>();
            for (Class<?> c = type; null != c && c != Object.class; c = c.getSuperclass())
            {
                for (final Field field : c.getDeclaredFields())
                {
                    final int modifiers = field.getModifiers();
                    if (!Modifier.isStatic(modifiers) && !Modifier.isTransient(modifiers) && !field.isSynthetic())
                    {
                        fields.add(field);
                    }
                }
            }
            fields.sort(Comparator.comparing((Field f) -> f.getDeclaringClass().getName())
                .thenComparing(Field::getName));
            return fields.toArray(new Field[0]);
        }
    };

    private FieldHasher()
    {
    }

    static void hash(final Object object, final StateHasher hasher)
    {
        hashFields(object, hasher, new IdentityHashMap<>(), object.getClass().getName());
    }

    private static void hashFields(
        final Object object, final StateHasher hasher, final Map<Object, Object> seen, final String path)
    {
        if (null != seen.put(object, object))
        {
            hasher.putLong(0xC1C1E);
            return;
        }
        for (final Field field : FIELDS.get(object.getClass()))
        {
            final String fieldPath = field.getDeclaringClass().getName() + "." + field.getName();
            hashValue(read(field, object, fieldPath), hasher, seen, fieldPath);
        }
        seen.remove(object);
    }

    private static Object read(final Field field, final Object object, final String path)
    {
        try
        {
            field.setAccessible(true);
            return field.get(object);
        }
        catch (final InaccessibleObjectException | IllegalAccessException | SecurityException ex)
        {
            throw new EngineException("cannot read " + path + " to hash the state: open its package to the " +
                "engine or override hashState: " + ex.getMessage(), ex);
        }
    }

    private static void hashValue(
        final Object value, final StateHasher hasher, final Map<Object, Object> seen, final String path)
    {
        if (null == value)
        {
            hasher.putLong(0x9E11);
        }
        else if (value instanceof CharSequence text)
        {
            hasher.putString(text.toString());
        }
        else if (value instanceof Enum<?> constant)
        {
            hasher.putString(constant.name());
        }
        else if (value instanceof Map<?, ?> map)
        {
            long sum = 0;
            for (final Map.Entry<?, ?> entry : map.entrySet())
            {
                final StateHasher entryHasher = new StateHasher();
                hashValue(entry.getKey(), entryHasher, seen, path);
                hashValue(entry.getValue(), entryHasher, seen, path);
                sum += entryHasher.hash();
            }
            hasher.putLong(map.size()).putLong(sum);
        }
        else if (value instanceof Set<?> set)
        {
            long sum = 0;
            for (final Object element : set)
            {
                final StateHasher elementHasher = new StateHasher();
                hashValue(element, elementHasher, seen, path);
                sum += elementHasher.hash();
            }
            hasher.putLong(set.size()).putLong(sum);
        }
        else if (value instanceof Collection<?> collection)
        {
            hasher.putLong(collection.size());
            for (final Object element : collection)
            {
                hashValue(element, hasher, seen, path);
            }
        }
        else if (value.getClass().isArray())
        {
            final int length = Array.getLength(value);
            hasher.putLong(length);
            for (int i = 0; i < length; i++)
            {
                hashValue(Array.get(value, i), hasher, seen, path);
            }
        }
        else
        {
            hashObject(value, hasher, seen, path);
        }
    }

    private static void hashObject(
        final Object value, final StateHasher hasher, final Map<Object, Object> seen, final String path)
    {
        final Object inner = JdkValues.hash(value, hasher);
        if (inner == JdkValues.NONE)
        {
            return;
        }
        if (inner != JdkValues.UNKNOWN)
        {
            hashValue(inner, hasher, seen, path);
        }
        else if (JdkValues.isJdk(value.getClass()))
        {
            throw new EngineException("cannot hash " + path + ": " + value.getClass().getName() + " is a JDK type " +
                "whose value the state hash cannot read through a public API; override hashState to hash it");
        }
        else if (value instanceof Record record)
        {
            hashRecord(record, hasher, seen);
        }
        else
        {
            hashFields(value, hasher, seen, path);
        }
    }

    private static void hashRecord(final Record record, final StateHasher hasher, final Map<Object, Object> seen)
    {
        for (final RecordComponent component : record.getClass().getRecordComponents())
        {
            final String path = record.getClass().getName() + "." + component.getName();
            final Object value;
            try
            {
                final Method accessor = component.getAccessor();
                accessor.setAccessible(true);
                value = accessor.invoke(record);
            }
            catch (final InaccessibleObjectException | ReflectiveOperationException | SecurityException ex)
            {
                throw new EngineException("cannot read " + path + " to hash the state: open its package to the " +
                    "engine or override hashState: " + ex.getMessage(), ex);
            }
            hashValue(value, hasher, seen, path);
        }
    }
}
