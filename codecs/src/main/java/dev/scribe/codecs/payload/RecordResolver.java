package dev.scribe.codecs.payload;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Builds the codec tree of a record type once: reads each component's generic type, picks its codec, and looks up
 * the accessors and canonical constructor as method handles. Anything the tree could not encode and decode
 * faithfully is rejected here, naming the record and component, rather than at the first encode.
 */
final class RecordResolver
{
    private final MethodHandles.Lookup lookup = MethodHandles.lookup();
    private final List<Class<?>> enclosing = new ArrayList<>();

    private RecordResolver()
    {
    }

    /**
     * Resolve a record type.
     *
     * @param type the record class.
     * @return the root of its codec tree, whose path is the record's simple name.
     * @throws IllegalArgumentException if the type or any component cannot be encoded.
     */
    static RecordNode resolve(final Class<?> type)
    {
        if (null == type || !type.isRecord())
        {
            throw new IllegalArgumentException("not a record class: " + (null == type ? null : type.getName()));
        }
        return new RecordResolver().record(type.getSimpleName(), type);
    }

    /**
     * Resolve the codec of a field of a plain class, for {@link StateCodec}.
     *
     * @param owner the class declaring the field, named in rejections.
     * @param field the field.
     * @param path  the field's path in error messages, e.g. {@code Account.balance}.
     * @return the codec of values of the field's generic type.
     * @throws IllegalArgumentException naming the class and field if the field's type cannot be encoded.
     */
    static FieldCodec resolveField(final Class<?> owner, final Field field, final String path)
    {
        return new RecordResolver().value(new Site("field", field.getName(), "class", owner), path,
            field.getGenericType());
    }

    private RecordNode record(final String path, final Class<?> type)
    {
        enclosing.add(type);
        final RecordComponent[] recordComponents = type.getRecordComponents();
        final FieldCodec[] components = new FieldCodec[recordComponents.length];
        final Object[] getters = new Object[recordComponents.length];
        final MethodHandle[] accessors = new MethodHandle[recordComponents.length];
        final Class<?>[] types = new Class<?>[recordComponents.length];
        for (int i = 0; i < recordComponents.length; i++)
        {
            final Site site = new Site("component", recordComponents[i].getName(), "record", type);
            final String componentPath = path + "." + recordComponents[i].getName();
            components[i] = value(site, componentPath, recordComponents[i].getGenericType());
            accessors[i] = accessor(type, recordComponents[i]);
            getters[i] = components[i].componentGetter(accessors[i], recordComponents[i].getAccessor());
            types[i] = recordComponents[i].getType();
        }
        enclosing.remove(enclosing.size() - 1);
        try
        {
            return new RecordNode(path, type, components, getters, accessors, constructor(type, types));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("cannot build a decoder for record " + type.getName() + ": " +
                ex.getMessage(), ex);
        }
    }

    private FieldCodec value(final Site site, final String path, final Type type)
    {
        if (type instanceof Class)
        {
            return plain(site, path, (Class<?>)type);
        }
        if (type instanceof ParameterizedType)
        {
            return parameterized(site, path, (ParameterizedType)type);
        }
        if (type instanceof TypeVariable)
        {
            throw site.unsupported(path, type, "a type variable; declare a concrete type");
        }
        if (type instanceof WildcardType)
        {
            throw site.unsupported(path, type, "a wildcard; declare a concrete type argument");
        }
        if (type instanceof GenericArrayType)
        {
            throw site.unsupported(path, type, "an array; only byte[] is supported, use List");
        }
        throw site.unsupported(path, type, "not a supported type");
    }

    private FieldCodec plain(final Site site, final String path, final Class<?> type)
    {
        final FieldCodec primitive = primitiveOrBox(path, type);
        if (null != primitive)
        {
            return primitive;
        }
        if (String.class == type)
        {
            return new StringCodec(path);
        }
        if (byte[].class == type)
        {
            return new BytesCodec(path);
        }
        if (UUID.class == type)
        {
            return new UuidCodec(path);
        }
        if (Instant.class == type)
        {
            return new InstantCodec(path);
        }
        if (type.isEnum())
        {
            return new EnumCodec(path, type);
        }
        if (type.isRecord())
        {
            if (enclosing.contains(type))
            {
                throw site.unsupported(path, type, "a record that contains itself is not supported");
            }
            return record(path, type);
        }
        if (List.class == type || Map.class == type || Optional.class == type)
        {
            throw site.unsupported(path, type, "a raw type; declare its type arguments");
        }
        if (type.isArray())
        {
            throw site.unsupported(path, type, "an array; only byte[] is supported, use List");
        }
        throw site.unsupported(path, type, "not a supported type");
    }

    private static FieldCodec primitiveOrBox(final String path, final Class<?> type)
    {
        final boolean primitive = type.isPrimitive();
        if (boolean.class == type || Boolean.class == type)
        {
            return new BooleanCodec(path, primitive);
        }
        if (byte.class == type || Byte.class == type)
        {
            return new ByteCodec(path, primitive);
        }
        if (short.class == type || Short.class == type)
        {
            return new ShortCodec(path, primitive);
        }
        if (char.class == type || Character.class == type)
        {
            return new CharCodec(path, primitive);
        }
        if (int.class == type || Integer.class == type)
        {
            return new IntCodec(path, primitive);
        }
        if (long.class == type || Long.class == type)
        {
            return new LongCodec(path, primitive);
        }
        if (float.class == type || Float.class == type)
        {
            return new FloatCodec(path, primitive);
        }
        if (double.class == type || Double.class == type)
        {
            return new DoubleCodec(path, primitive);
        }
        return null;
    }

    private FieldCodec parameterized(final Site site, final String path, final ParameterizedType type)
    {
        final Type raw = type.getRawType();
        final Type[] arguments = type.getActualTypeArguments();
        if (List.class == raw)
        {
            return new ListCodec(path, value(site, ListCodec.elementPath(path), arguments[0]));
        }
        if (Map.class == raw)
        {
            return new MapCodec(
                path,
                value(site, MapCodec.keyPath(path), arguments[0]),
                value(site, MapCodec.valuePath(path), arguments[1]));
        }
        if (Optional.class == raw)
        {
            return new OptionalCodec(path, value(site, path, arguments[0]));
        }
        if (raw instanceof Class && ((Class<?>)raw).isRecord())
        {
            throw site.unsupported(path, type, "a generic record; records with type variables are not supported");
        }
        throw site.unsupported(path, type, "not a supported type; use List, Map or Optional");
    }

    private MethodHandle accessor(final Class<?> record, final RecordComponent component)
    {
        final Method accessor = component.getAccessor();
        try
        {
            accessor.setAccessible(true);
            return lookup.unreflect(accessor);
        }
        catch (final InaccessibleObjectException | IllegalAccessException ex)
        {
            throw new IllegalArgumentException("cannot access accessor " + component.getName() + "() of record " +
                record.getName() + "; open its package to the codec: " + ex.getMessage(), ex);
        }
    }

    private MethodHandle constructor(final Class<?> type, final Class<?>[] types)
    {
        try
        {
            final Constructor<?> canonical = type.getDeclaredConstructor(types);
            canonical.setAccessible(true);
            return lookup.unreflectConstructor(canonical);
        }
        catch (final InaccessibleObjectException | ReflectiveOperationException ex)
        {
            throw new IllegalArgumentException("cannot access the canonical constructor of record " + type.getName() +
                "; open its package to the codec: " + ex.getMessage(), ex);
        }
    }

    /**
     * The record component or class field being resolved, named in every rejection.
     */
    private static final class Site
    {
        private final String memberKind;
        private final String member;
        private final String ownerKind;
        private final Class<?> owner;

        private Site(final String memberKind, final String member, final String ownerKind, final Class<?> owner)
        {
            this.memberKind = memberKind;
            this.member = member;
            this.ownerKind = ownerKind;
            this.owner = owner;
        }

        private IllegalArgumentException unsupported(final String path, final Type type, final String reason)
        {
            return new IllegalArgumentException(memberKind + " " + member + " of " + ownerKind + " " +
                owner.getName() + " (" + path + ") cannot be encoded: " + type.getTypeName() + " is " + reason);
        }
    }
}
