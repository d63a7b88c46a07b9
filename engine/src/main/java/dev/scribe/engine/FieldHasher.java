package dev.scribe.engine;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
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
                        field.setAccessible(true);
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
        hashFields(object, hasher, new IdentityHashMap<>());
    }

    private static void hashFields(final Object object, final StateHasher hasher, final Map<Object, Object> seen)
    {
        if (null != seen.put(object, object))
        {
            hasher.putLong(0xC1C1E);
            return;
        }
        try
        {
            for (final Field field : FIELDS.get(object.getClass()))
            {
                hashValue(field.get(object), hasher, seen);
            }
        }
        catch (final IllegalAccessException ex)
        {
            throw new EngineException("cannot read the state of " + object.getClass().getName() + " to hash it", ex);
        }
        seen.remove(object);
    }

    private static void hashValue(final Object value, final StateHasher hasher, final Map<Object, Object> seen)
    {
        if (null == value)
        {
            hasher.putLong(0x9E11);
        }
        else if (value instanceof Number || value instanceof Boolean || value instanceof Character)
        {
            hashScalar(value, hasher);
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
                hashValue(entry.getKey(), entryHasher, seen);
                hashValue(entry.getValue(), entryHasher, seen);
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
                hashValue(element, elementHasher, seen);
                sum += elementHasher.hash();
            }
            hasher.putLong(set.size()).putLong(sum);
        }
        else if (value instanceof Collection<?> collection)
        {
            hasher.putLong(collection.size());
            for (final Object element : collection)
            {
                hashValue(element, hasher, seen);
            }
        }
        else if (value.getClass().isArray())
        {
            final int length = Array.getLength(value);
            hasher.putLong(length);
            for (int i = 0; i < length; i++)
            {
                hashValue(Array.get(value, i), hasher, seen);
            }
        }
        else if (value instanceof Record record)
        {
            hashRecord(record, hasher, seen);
        }
        else
        {
            hashFields(value, hasher, seen);
        }
    }

    private static void hashScalar(final Object value, final StateHasher hasher)
    {
        if (value instanceof Double || value instanceof Float)
        {
            hasher.putDouble(((Number)value).doubleValue());
        }
        else if (value instanceof Boolean flag)
        {
            hasher.putBoolean(flag);
        }
        else if (value instanceof Character c)
        {
            hasher.putLong(c);
        }
        else
        {
            hasher.putLong(((Number)value).longValue());
        }
    }

    private static void hashRecord(final Record record, final StateHasher hasher, final Map<Object, Object> seen)
    {
        try
        {
            for (final RecordComponent component : record.getClass().getRecordComponents())
            {
                final java.lang.reflect.Method accessor = component.getAccessor();
                accessor.setAccessible(true);
                hashValue(accessor.invoke(record), hasher, seen);
            }
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new EngineException("cannot read " + record.getClass().getName() + " to hash it", ex);
        }
    }
}
