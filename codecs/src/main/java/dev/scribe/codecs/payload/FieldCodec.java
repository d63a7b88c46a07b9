package dev.scribe.codecs.payload;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.function.Function;

/**
 * Encodes and decodes the values of one node of a record's type tree: a record component, a list element, a map
 * key or value, or the value inside an optional. Built once per record type by {@link RecordResolver}; holds no
 * per-call state, so one tree serves every thread.
 *
 * <p>Reference values carry their own null marker. Codecs of primitive components override
 * {@link #componentGetter(MethodHandle)}, {@link #encodeComponent(MethodHandle, Object, MutableDirectBuffer, int)}
 * and {@link #componentReader()} so the value moves between the record and the buffer without boxing.
 */
abstract class FieldCodec
{
    private static final MethodHandle DECODE = Handles.virtual(
        MethodHandles.lookup(), FieldCodec.class, "decode", Object.class);
    private static final MethodHandle ENCODE = Handles.writer(
        MethodHandles.lookup(), FieldCodec.class, "encode", Object.class);

    private final String path;

    FieldCodec(final String path)
    {
        this.path = path;
    }

    /**
     * Component path used in error messages, e.g. {@code Order.lines[].price}; list and map codecs fill in the
     * {@code []} with the index when an error passes through them.
     */
    final String path()
    {
        return path;
    }

    /**
     * Smallest number of bytes any value, null included, takes; bounds list and map counts before they allocate.
     */
    abstract int minLength();

    /**
     * Encode a value, which may be null for reference types.
     *
     * @return the offset after the value.
     */
    abstract int encode(Object value, MutableDirectBuffer buffer, int offset);

    /**
     * Decode a value at the cursor's position and advance the cursor past it.
     */
    abstract Object decode(DirectBuffer buffer, DecodeCursor cursor);

    /**
     * The getter {@link #encodeComponent} is given for a component: its accessor method bound as a generated class
     * where it can be, else its handle adapted to the type {@code (Object)Object}.
     *
     * @param accessor the component's accessor handle.
     * @param method   the accessor method, or null (a field read, which stays a handle).
     * @return the getter.
     */
    Object componentGetter(final MethodHandle accessor, final Method method)
    {
        final Object bound = Accessors.function(method);
        return null != bound ? bound : accessor.asType(MethodType.methodType(Object.class, Object.class));
    }

    /**
     * Encode the component of {@code record} read with {@code getter}.
     *
     * @return the offset after the value.
     */
    @SuppressWarnings("unchecked")
    int encodeComponent(
        final Object getter, final Object record, final MutableDirectBuffer buffer, final int offset)
    {
        final Object value;
        try
        {
            value = getter instanceof Function ?
                ((Function<Object, Object>)getter).apply(record) : (Object)((MethodHandle)getter).invokeExact(record);
        }
        catch (final Throwable t)
        {
            throw accessorFailed(offset, t);
        }
        return encode(value, buffer, offset);
    }

    /**
     * A handle {@code (Object record, MutableDirectBuffer, int offset)} returning the offset after the component it
     * read from the record with {@code accessor} and wrote: a link of the record's encoding chain.
     *
     * @param accessor the component's accessor handle.
     */
    MethodHandle componentWriter(final MethodHandle accessor)
    {
        return MethodHandles.filterArguments(ENCODE.bindTo(this), 0,
            accessor.asType(MethodType.methodType(Object.class, Object.class)));
    }

    /**
     * A handle {@code (DirectBuffer, DecodeCursor)} returning the component value, passed to the canonical
     * constructor.
     */
    MethodHandle componentReader()
    {
        return DECODE.bindTo(this);
    }

    /**
     * An exception thrown by a component's accessor, reported against this field.
     */
    final FieldException accessorFailed(final int offset, final Throwable cause)
    {
        return FieldException.failure(path(), offset, "accessor failed", cause);
    }
}
