package dev.scribe.codecs.payload;

import dev.scribe.codecs.CodecException;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The payload codecs an application uses, found by class when writing and by type id when reading.
 *
 * <p>Register every codec before the registry is shared; lookups are then safe from any thread.
 */
public final class CodecRegistry
{
    private final Int2ObjectHashMap<PayloadCodec<?>> byTypeId = new Int2ObjectHashMap<>();
    private final Map<Class<?>, PayloadCodec<?>> byType = new IdentityHashMap<>();
    private final List<PayloadCodec<?>> codecs = new ArrayList<>();
    private final Upcasters upcasters = new Upcasters();

    /**
     * Register a codec.
     *
     * @param codec to register.
     * @return this registry.
     * @throws IllegalArgumentException if its type id or class is already registered, or its version is out of range.
     */
    public CodecRegistry register(final PayloadCodec<?> codec)
    {
        final PayloadCodec<?> sameId = byTypeId.get(codec.typeId());
        if (null != sameId)
        {
            throw new IllegalArgumentException("type id " + codec.typeId() + " of " + codec.type().getName() +
                " is already registered for " + sameId.type().getName());
        }
        if (byType.containsKey(codec.type()))
        {
            throw new IllegalArgumentException(codec.type().getName() + " is already registered with type id " +
                byType.get(codec.type()).typeId());
        }
        checkVersion(codec);
        byTypeId.put(codec.typeId(), codec);
        byType.put(codec.type(), codec);
        codecs.add(codec);
        return this;
    }

    /**
     * Register the built-in codec for a plain Java record at version 1.
     *
     * @param type   the record class.
     * @param typeId its stable type id.
     * @param <T>    the record type.
     * @return this registry.
     */
    public <T extends Record> CodecRegistry record(final Class<T> type, final int typeId)
    {
        return register(RecordCodec.of(type, typeId, 1));
    }

    /**
     * Register the codec of an older version of a type: payloads journaled at that version are decoded with it and
     * then upcast, step by step, to the current version (see {@link #upcaster}).
     *
     * @param codec the old version's codec: the same type id as the current one, a lower version, its own class.
     * @return this registry.
     * @throws IllegalArgumentException if that version of the type id is already registered.
     */
    public CodecRegistry registerPrevious(final PayloadCodec<?> codec)
    {
        checkVersion(codec);
        upcasters.previous(codec);
        return this;
    }

    /**
     * Register the step that turns a payload of a type id at one version into the next version.
     *
     * @param typeId      the type id.
     * @param fromVersion the version it takes; it returns version {@code fromVersion + 1}.
     * @param from        the class of that version.
     * @param upcast      the step.
     * @param <A>         the older class.
     * @return this registry.
     * @throws IllegalArgumentException if that step is already registered.
     */
    @SuppressWarnings("unchecked")
    public <A> CodecRegistry upcaster(final int typeId, final int fromVersion, final Class<A> from,
        final Function<? super A, ?> upcast)
    {
        upcasters.step(new Upcasters.Step(typeId, fromVersion, from, (Function<Object, Object>)upcast));
        return this;
    }

    /**
     * Check that every older version registered can be upcast to its current codec.
     *
     * @return this registry.
     * @throws IllegalArgumentException naming every missing or mismatched upcaster.
     */
    public CodecRegistry checkUpcasters()
    {
        final List<String> problems = upcasters.problems(byTypeId::get);
        if (!problems.isEmpty())
        {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return this;
    }

    /**
     * Decode a payload journaled at another version than its current codec writes: with the old version's codec,
     * then the upcasters, step by step, to the current version.
     *
     * @param current the type id's current codec.
     * @param version the version the payload was written at.
     * @param buffer  holding the payload.
     * @param offset  where it starts.
     * @param length  its length.
     * @param field   the version field's name, for error messages.
     * @param at      where the version was read, for error messages.
     * @return the value, of the current codec's class.
     * @throws CodecException if no codec for that version is registered, or an upcaster is missing or fails.
     */
    public Object decodeVersion(final PayloadCodec<?> current, final int version, final DirectBuffer buffer,
        final int offset, final int length, final String field, final int at)
    {
        final int typeId = current.typeId();
        final PayloadCodec<?> old = version >= current.version() ? null : upcasters.previous(typeId, version);
        if (null == old)
        {
            throw new CodecException(field, at, "version " + version + " of " + current.type().getName() +
                " but its codec writes " + current.version() + (version > current.version() ?
                "; the payload is newer than this code" : " and no codec for version " + version + " is registered"));
        }
        Object value = old.decode(buffer, offset, length);
        for (int v = version; v < current.version(); v++)
        {
            final Upcasters.Step step = upcasters.step(typeId, v);
            if (null == step)
            {
                throw new CodecException(field, at, "no upcaster from version " + v + " of " +
                    current.type().getName() + " (type id " + typeId + ")");
            }
            try
            {
                value = step.upcast().apply(value);
            }
            catch (final RuntimeException ex)
            {
                throw new CodecException(field, at, "the upcaster from version " + v + " of " +
                    current.type().getName() + " failed: " + ex);
            }
        }
        if (!current.type().isInstance(value))
        {
            throw new CodecException(field, at, "upcasting version " + version + " of type id " + typeId + " gave " +
                (null == value ? "null" : "a " + value.getClass().getName()) + ", not a " + current.type().getName());
        }
        return value;
    }

    /**
     * The codec for a class.
     *
     * @param type of the value.
     * @param <T>  the value type.
     * @return its codec.
     * @throws IllegalArgumentException if none is registered.
     */
    @SuppressWarnings("unchecked")
    public <T> PayloadCodec<T> codecFor(final Class<T> type)
    {
        final PayloadCodec<?> codec = byType.get(type);
        if (null == codec)
        {
            throw new IllegalArgumentException("no codec registered for " + type.getName());
        }
        return (PayloadCodec<T>)codec;
    }

    /**
     * The codec for a type id read from a journal or frame.
     *
     * @param typeId read from the bytes.
     * @param offset where the type id was read, for the error message.
     * @return its codec.
     * @throws CodecException if no codec has that type id.
     */
    public PayloadCodec<?> codecFor(final int typeId, final int offset)
    {
        final PayloadCodec<?> codec = byTypeId.get(typeId);
        if (null == codec)
        {
            throw new CodecException("eventTypeId", offset, "unknown type id " + typeId);
        }
        return codec;
    }

    /**
     * Whether a type id is registered.
     *
     * @param typeId to look for.
     * @return true if a codec has it.
     */
    public boolean contains(final int typeId)
    {
        return byTypeId.containsKey(typeId);
    }

    /**
     * Whether a class has a codec.
     *
     * @param type to look for.
     * @return true if a codec is registered for it.
     */
    public boolean hasType(final Class<?> type)
    {
        return byType.containsKey(type);
    }

    /**
     * All registered codecs in registration order.
     *
     * @return an unmodifiable list.
     */
    public List<PayloadCodec<?>> codecs()
    {
        return Collections.unmodifiableList(codecs);
    }

    private static void checkVersion(final PayloadCodec<?> codec)
    {
        if (!Wire.validVersion(codec.version()))
        {
            throw new IllegalArgumentException("version of " + codec.type().getName() + " must be 0..65535: " +
                codec.version());
        }
    }
}
