package dev.scribe.codecs.payload;

import dev.scribe.codecs.CodecException;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The built-in codec for plain mutable state classes, such as an aggregate's state written into a snapshot.
 *
 * <p>{@link #of(Class, Supplier, int, int)} collects every non-static, non-transient, non-synthetic field declared
 * in the class and its superclasses up to but excluding {@code Object}: superclass fields first, then each class's
 * fields in the order {@link Class#getDeclaredFields()} reports them, which is declaration order on HotSpot. Field
 * types are those {@link RecordCodec} supports, with the same encodings. Fields are read with getter handles and
 * set with setter handles looked up once; a {@code final} field is set through a handle obtained after
 * {@code setAccessible(true)}, which works for classes on the class path. Decoding takes a fresh instance from the
 * factory (by default the class's no-arg constructor, of any access) and sets every field in order.
 *
 * <p><b>Wire format</b>: a fingerprint of the field layout, then the fields with nothing between or after them. All
 * numbers are little-endian.
 * <pre>
 *   state       := fingerprint:int64 field*      fields superclass first, then declaration order
 *   field       := the RecordCodec encoding of the field's type (int64 for long, length:int32 utf8 for String...)
 *   fingerprint := 64-bit FNV-1a of the UTF-8 layout descriptor
 *   descriptor  := (name ':' type ';')*          one entry per field, in encoding order
 *   type        := the generic type name, e.g. java.util.List&lt;java.lang.String&gt;, then '[' type ']' for each
 *                  type argument, and for a record '(' (name ':' type ';')* ')' for its components, so changing
 *                  a nested record also changes the fingerprint
 * </pre>
 * For example {@code final class Account { private Status status; private long balance; }} holding
 * {@code OPEN, 5} encodes to 24 bytes:
 * <pre>
 *   offset  bytes                     field
 *        0  xx xx xx xx xx xx xx xx   fingerprint of "status:...Account$Status;balance:long;"
 *        8  04 00 00 00               status        length 4
 *       12  4f 50 45 4e               status        UTF-8 "OPEN"
 *       16  05 00 00 00 00 00 00 00   balance       int64 5
 * </pre>
 * <b>Renaming, reordering, adding or removing a field, or changing its type, changes the format</b>; so does moving
 * or renaming an enum or record type used by a field. Bytes written by another layout are then rejected up front
 * with a {@link CodecException} saying the fingerprint does not match, instead of being decoded as garbage. Enum
 * constants are written by name, so reordering or adding constants is safe.
 *
 * <p><b>Decoding</b> treats the bytes as untrusted exactly as {@link RecordCodec} does: every length and count is
 * checked before anything is allocated, exactly {@code length} bytes must be consumed, and every problem is a
 * {@link CodecException} whose {@link CodecException#field()} is the field path, such as {@code Account.balance} or
 * {@code Account.lines[2].price}, and whose {@link CodecException#offset()} is the offset of the bad bytes.
 *
 * <p>A codec is immutable once built and may be used from several threads at once, as long as each encoded state
 * object is not modified while it is being encoded.
 *
 * @param <T> the state class.
 */
public final class StateCodec<T> implements PayloadCodec<T>
{
    /** Bytes of the fingerprint in front of the fields. */
    public static final int FINGERPRINT_LENGTH = Long.BYTES;

    private static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private final Class<T> type;
    private final Supplier<T> factory;
    private final int typeId;
    private final int version;
    private final String path;
    private final long fingerprint;
    private final FieldCodec[] codecs;
    private final Object[] getters;
    private final MethodHandle[] setters;
    private final AtomicReference<DecodeCursor> spareCursor = new AtomicReference<>(new DecodeCursor());

    private StateCodec(final Class<T> type, final Supplier<T> factory, final int typeId, final int version)
    {
        this.type = type;
        this.factory = factory;
        this.typeId = typeId;
        this.version = version;
        this.path = type.getSimpleName();
        final List<Field> fields = fields(type);
        codecs = new FieldCodec[fields.size()];
        getters = new Object[fields.size()];
        setters = new MethodHandle[fields.size()];
        final StringBuilder descriptor = new StringBuilder();
        for (int i = 0; i < codecs.length; i++)
        {
            final Field field = fields.get(i);
            codecs[i] = RecordResolver.resolveField(field.getDeclaringClass(), field, path + "." + field.getName());
            getters[i] = codecs[i].componentGetter(getter(field), null);
            setters[i] = decodeAndSet(codecs[i], setter(field), field.getType());
            descriptor.append(field.getName()).append(':');
            describe(descriptor, field.getGenericType());
            descriptor.append(';');
        }
        fingerprint = fnv1a(descriptor.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The codec for a state class built with its no-arg constructor, with type id and version 0.
     *
     * @param type the state class.
     * @param <T>  the state type.
     * @return the codec.
     * @throws IllegalArgumentException if the class has no no-arg constructor, or naming the field if a field's type
     *                                  is not supported or a final field cannot be set.
     */
    public static <T> StateCodec<T> of(final Class<T> type)
    {
        return of(type, noArgConstructor(type), 0, 0);
    }

    /**
     * The codec for a state class built with a factory, with type id and version 0.
     *
     * @param type    the state class.
     * @param factory returns a new instance of exactly {@code type} for each decode; its field values are replaced.
     * @param <T>     the state type.
     * @return the codec.
     * @throws IllegalArgumentException naming the field if a field's type is not supported or a final field cannot be
     *                                  set.
     */
    public static <T> StateCodec<T> of(final Class<T> type, final Supplier<T> factory)
    {
        return of(type, factory, 0, 0);
    }

    /**
     * The codec for a state class, resolved once.
     *
     * @param type    the state class: a concrete class that is not a record, enum, array, interface or primitive.
     * @param factory returns a new instance of exactly {@code type} for each decode; its field values are replaced.
     * @param typeId  its stable type id.
     * @param version its schema version, 0 to 65535.
     * @param <T>     the state type.
     * @return the codec.
     * @throws IllegalArgumentException if the type or version is not acceptable, or naming the field if a field's
     *                                  type is not supported or a final field cannot be set.
     */
    public static <T> StateCodec<T> of(
        final Class<T> type, final Supplier<T> factory, final int typeId, final int version)
    {
        checkType(type);
        if (null == factory)
        {
            throw new IllegalArgumentException("no factory given for state class " + type.getName());
        }
        Wire.checkVersion(version);
        return new StateCodec<>(type, factory, typeId, version);
    }

    @Override
    public Class<T> type()
    {
        return type;
    }

    @Override
    public int typeId()
    {
        return typeId;
    }

    @Override
    public int version()
    {
        return version;
    }

    /**
     * The fingerprint of the field layout written in front of every encoding.
     *
     * @return the fingerprint.
     */
    public long fingerprint()
    {
        return fingerprint;
    }

    @Override
    public int encode(final T value, final MutableDirectBuffer buffer, final int offset)
    {
        if (offset < 0)
        {
            throw new CodecException(path, offset, "negative offset");
        }
        if (null == value || value.getClass() != type)
        {
            throw new CodecException(path, offset, null == value ? "cannot encode null" :
                "expected " + type.getName() + " but found " + value.getClass().getName());
        }
        try
        {
            Wire.ensure(buffer, offset, FINGERPRINT_LENGTH, path);
            buffer.putLong(offset, fingerprint, Wire.ORDER);
            int position = offset + FINGERPRINT_LENGTH;
            for (int i = 0; i < codecs.length; i++)
            {
                position = codecs[i].encodeComponent(getters[i], value, buffer, position);
            }
            return position - offset;
        }
        catch (final FieldException ex)
        {
            throw ex.toCodecException();
        }
    }

    @Override
    public T decode(final DirectBuffer buffer, final int offset, final int length)
    {
        return decodeInto(buffer, offset, length);
    }

    /**
     * Decode a state: take a new instance from the factory and set every field from exactly {@code length} bytes.
     *
     * @param buffer holding the bytes.
     * @param offset where the encoding starts.
     * @param length number of bytes in the encoding.
     * @return the new instance.
     * @throws CodecException naming the field and offset if the bytes are not a valid encoding of this layout, or if
     *                        the factory fails or returns null or an instance of another class.
     */
    public T decodeInto(final DirectBuffer buffer, final int offset, final int length)
    {
        if (offset < 0 || length < 0 || offset > buffer.capacity() - length)
        {
            throw new CodecException(path, offset, "length " + length + " at offset " + offset +
                " is outside the buffer of capacity " + buffer.capacity());
        }
        if (length < FINGERPRINT_LENGTH)
        {
            throw new CodecException(path, offset, "truncated: " + FINGERPRINT_LENGTH +
                " bytes of fingerprint needed, " + length + " given");
        }
        final long found = buffer.getLong(offset, Wire.ORDER);
        if (found != fingerprint)
        {
            throw new CodecException(path, offset, "fingerprint " + Long.toHexString(found) + " does not match " +
                Long.toHexString(fingerprint) + ": the bytes were written by a different field layout of " +
                type.getName() + " (a field renamed, reordered, added, removed or retyped)");
        }
        final T state = newInstance(offset);
        // Reuse one cursor when uncontended; a concurrent or re-entrant decode gets its own.
        final DecodeCursor spare = spareCursor.getAndSet(null);
        final DecodeCursor cursor = null == spare ? new DecodeCursor() : spare;
        cursor.reset(offset + FINGERPRINT_LENGTH, offset + length);
        try
        {
            for (int i = 0; i < setters.length; i++)
            {
                set(i, state, buffer, cursor);
            }
            if (cursor.remaining() != 0)
            {
                throw new CodecException(path, cursor.position(), cursor.remaining() +
                    " bytes left after the last field");
            }
            return state;
        }
        catch (final FieldException ex)
        {
            throw ex.toCodecException();
        }
        finally
        {
            spareCursor.lazySet(cursor);
        }
    }

    private void set(final int i, final T state, final DirectBuffer buffer, final DecodeCursor cursor)
    {
        final int start = cursor.position();
        try
        {
            setters[i].invokeExact((Object)state, buffer, cursor);
        }
        catch (final Throwable t)
        {
            throw FieldException.failure(codecs[i].path(), start, "setting the field failed", t);
        }
    }

    private T newInstance(final int offset)
    {
        final T state;
        try
        {
            state = factory.get();
        }
        catch (final RuntimeException ex)
        {
            throw FieldException.failure(path, offset, "factory of " + type.getName() + " failed", ex)
                .toCodecException();
        }
        if (null == state || state.getClass() != type)
        {
            throw new CodecException(path, offset, "factory of " + type.getName() + " returned " +
                (null == state ? "null" : "an instance of " + state.getClass().getName()));
        }
        return state;
    }

    private static void checkType(final Class<?> type)
    {
        if (null == type)
        {
            throw new IllegalArgumentException("no state class given");
        }
        if (type.isRecord() || type.isEnum() || type.isArray() || type.isPrimitive() || type.isInterface() ||
            Modifier.isAbstract(type.getModifiers()))
        {
            throw new IllegalArgumentException("not a concrete plain class: " + type.getName() +
                (type.isRecord() ? "; use RecordCodec for records" : ""));
        }
    }

    private static MethodHandles.Lookup privateLookup(final Class<?> type)
    {
        try
        {
            return MethodHandles.privateLookupIn(type, MethodHandles.lookup());
        }
        catch (final IllegalAccessException ex)
        {
            throw new IllegalArgumentException("cannot access the fields of " + type.getName() +
                "; open its package to the codec: " + ex.getMessage(), ex);
        }
    }

    private static <T> Supplier<T> noArgConstructor(final Class<T> type)
    {
        checkType(type);
        final MethodHandle constructor;
        try
        {
            constructor = privateLookup(type).findConstructor(type, MethodType.methodType(void.class))
                .asType(MethodType.methodType(Object.class));
        }
        catch (final NoSuchMethodException | IllegalAccessException ex)
        {
            throw new IllegalArgumentException("state class " + type.getName() + " has no accessible no-arg " +
                "constructor; add one or give a factory to StateCodec.of(type, factory)", ex);
        }
        return () ->
        {
            try
            {
                return type.cast((Object)constructor.invokeExact());
            }
            catch (final Throwable t)
            {
                if (t instanceof RuntimeException)
                {
                    throw (RuntimeException)t;
                }
                if (t instanceof Error)
                {
                    throw (Error)t;
                }
                throw new IllegalStateException("constructor of " + type.getName() + " failed", t);
            }
        };
    }

    private static List<Field> fields(final Class<?> type)
    {
        final List<Class<?>> hierarchy = new ArrayList<>();
        for (Class<?> c = type; null != c && Object.class != c; c = c.getSuperclass())
        {
            hierarchy.add(0, c);
        }
        final List<Field> fields = new ArrayList<>();
        for (final Class<?> c : hierarchy)
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
        return fields;
    }

    private static MethodHandle getter(final Field field)
    {
        try
        {
            return privateLookup(field.getDeclaringClass()).unreflectGetter(field);
        }
        catch (final IllegalAccessException ex)
        {
            throw new IllegalArgumentException("cannot read field " + name(field) +
                "; open its package to the codec: " + ex.getMessage(), ex);
        }
    }

    private static MethodHandle setter(final Field field)
    {
        try
        {
            if (!Modifier.isFinal(field.getModifiers()))
            {
                return privateLookup(field.getDeclaringClass()).unreflectSetter(field);
            }
            // A final instance field can only be written through a handle made after setAccessible(true).
            field.setAccessible(true);
            return MethodHandles.lookup().unreflectSetter(field);
        }
        catch (final InaccessibleObjectException | IllegalAccessException | SecurityException ex)
        {
            throw new IllegalArgumentException("cannot set field " + name(field) +
                (Modifier.isFinal(field.getModifiers()) ? "; make it non-final" : "; open its package to the codec") +
                ": " + ex.getMessage(), ex);
        }
    }

    /**
     * {@code (Object state, DirectBuffer, DecodeCursor) void}: read the field's value with its codec and set it,
     * primitives unboxed.
     */
    private static MethodHandle decodeAndSet(
        final FieldCodec codec, final MethodHandle setter, final Class<?> fieldType)
    {
        final MethodHandle reader = codec.componentReader()
            .asType(MethodType.methodType(fieldType, DirectBuffer.class, DecodeCursor.class));
        final MethodHandle set = setter.asType(MethodType.methodType(void.class, Object.class, fieldType));
        return MethodHandles.collectArguments(set, 1, reader);
    }

    private static String name(final Field field)
    {
        return field.getDeclaringClass().getName() + "." + field.getName();
    }

    private static void describe(final StringBuilder descriptor, final Type type)
    {
        descriptor.append(type.getTypeName());
        if (type instanceof Class && ((Class<?>)type).isRecord())
        {
            descriptor.append('(');
            for (final RecordComponent component : ((Class<?>)type).getRecordComponents())
            {
                descriptor.append(component.getName()).append(':');
                describe(descriptor, component.getGenericType());
                descriptor.append(';');
            }
            descriptor.append(')');
        }
        else if (type instanceof ParameterizedType)
        {
            for (final Type argument : ((ParameterizedType)type).getActualTypeArguments())
            {
                descriptor.append('[');
                describe(descriptor, argument);
                descriptor.append(']');
            }
        }
    }

    private static long fnv1a(final byte[] bytes)
    {
        long hash = FNV_OFFSET_BASIS;
        for (final byte b : bytes)
        {
            hash ^= b & 0xFF;
            hash *= FNV_PRIME;
        }
        return hash;
    }
}
