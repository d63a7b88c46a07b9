package dev.scribe.codecs.payload;

import dev.scribe.codecs.CodecException;
import org.agrona.collections.Int2ObjectHashMap;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

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
        if (codec.version() < 0 || codec.version() > 0xFFFF)
        {
            throw new IllegalArgumentException("version of " + codec.type().getName() + " must be 0..65535: " +
                codec.version());
        }
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
}
