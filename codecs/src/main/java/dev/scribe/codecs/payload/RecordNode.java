package dev.scribe.codecs.payload;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * A record's components in declaration order. Nested in another value it is preceded by a presence byte; at the
 * top level {@link RecordCodec} writes and reads the components alone.
 *
 * <p>Decoding runs one method handle built at resolution: the canonical constructor with each argument folded in
 * from its component's reader, in component order, so primitive components reach the constructor unboxed and no
 * argument array is allocated. The handle runs through a class of its own ({@link ConstantDecoders}) that holds it as a
 * constant, so the JIT compiles the readers and the constructor inline.
 */
final class RecordNode extends FieldCodec
{
    private final Class<?> type;
    private final FieldCodec[] components;
    private final Object[] getters;
    private final ComponentsDecoder decoder;

    /**
     * A record node.
     *
     * @param path       of the record in the tree.
     * @param type       the record class.
     * @param components codec of each component, in declaration order.
     * @param getters    each component's accessor, adapted by its codec.
     * @param canonical  the canonical constructor.
     */
    RecordNode(
        final String path,
        final Class<?> type,
        final FieldCodec[] components,
        final Object[] getters,
        final MethodHandle canonical)
    {
        super(path);
        this.type = type;
        this.components = components;
        this.getters = getters;
        this.decoder = ConstantDecoders.of(decoder(canonical, components));
    }

    private static MethodHandle decoder(final MethodHandle canonical, final FieldCodec[] components)
    {
        final MethodType constructorType = canonical.type();
        MethodHandle decoder = MethodHandles.dropArguments(
            canonical.asType(constructorType.changeReturnType(Object.class)),
            components.length,
            DirectBuffer.class,
            DecodeCursor.class);
        // Fold from the last argument back so the outermost fold, the first component, is read first.
        for (int i = components.length - 1; i >= 0; i--)
        {
            final MethodHandle reader = components[i].componentReader().asType(
                MethodType.methodType(constructorType.parameterType(i), DirectBuffer.class, DecodeCursor.class));
            decoder = MethodHandles.foldArguments(decoder, i, reader);
        }
        return decoder;
    }

    @Override
    int minLength()
    {
        return 1;
    }

    @Override
    int encode(final Object value, final MutableDirectBuffer buffer, final int offset)
    {
        if (null == value)
        {
            return Wire.putPresence(buffer, offset, false, 0, path());
        }
        if (!type.isInstance(value))
        {
            throw FieldException.wrongType(path(), offset, type, value);
        }
        return encodeComponents(value, buffer, Wire.putPresence(buffer, offset, true, 0, path()));
    }

    /**
     * Encode the components of a non-null record of this type.
     *
     * @return the offset after the last component.
     */
    int encodeComponents(final Object record, final MutableDirectBuffer buffer, final int offset)
    {
        int position = offset;
        for (int i = 0; i < components.length; i++)
        {
            position = components[i].encodeComponent(getters[i], record, buffer, position);
        }
        return position;
    }

    @Override
    Object decode(final DirectBuffer buffer, final DecodeCursor cursor)
    {
        final int start = cursor.position();
        return cursor.present(buffer, path()) ? decodeComponents(buffer, cursor, start) : null;
    }

    /**
     * Decode the components at the cursor and construct the record.
     *
     * @param start offset of the record's encoding, reported if the constructor rejects the values.
     */
    Object decodeComponents(final DirectBuffer buffer, final DecodeCursor cursor, final int start)
    {
        try
        {
            return decoder.decode(buffer, cursor);
        }
        catch (final Throwable t)
        {
            throw FieldException.failure(path(), start, "constructor of " + type.getName() + " failed", t);
        }
    }
}
