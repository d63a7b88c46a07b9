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
 * argument array is allocated. The handle runs through a class of its own ({@link ConstantHandles}) that holds it as a
 * constant, so the JIT compiles the readers and the constructor inline.
 *
 * <p>Encoding runs one handle too, built the same way: each component's accessor and writer chained in component
 * order, each writer given the offset the one before returned. If it fails with anything but a {@link FieldException},
 * the components are encoded again one at a time, through the getters, so the failure is reported against the
 * component whose accessor failed.
 */
final class RecordNode extends FieldCodec
{
    private final Class<?> type;
    private final FieldCodec[] components;
    private final Object[] getters;
    private final ComponentsDecoder decoder;
    private final ComponentsEncoder encoder;

    /**
     * A record node.
     *
     * @param path       of the record in the tree.
     * @param type       the record class.
     * @param components codec of each component, in declaration order.
     * @param getters    each component's accessor, adapted by its codec.
     * @param accessors  each component's accessor handle.
     * @param canonical  the canonical constructor.
     */
    RecordNode(
        final String path,
        final Class<?> type,
        final FieldCodec[] components,
        final Object[] getters,
        final MethodHandle[] accessors,
        final MethodHandle canonical)
    {
        super(path);
        this.type = type;
        this.components = components;
        this.getters = getters;
        this.decoder = ConstantHandles.decoder(decoder(canonical, components));
        this.encoder = ConstantHandles.encoder(encoder(components, accessors));
    }

    private static MethodHandle encoder(final FieldCodec[] components, final MethodHandle[] accessors)
    {
        // (record, buffer, offset) -> offset: nothing written; each component wraps the chain so far.
        MethodHandle encoder = MethodHandles.dropArguments(MethodHandles.identity(int.class), 0, Object.class,
            MutableDirectBuffer.class);
        for (int i = 0; i < components.length; i++)
        {
            // (offsetAfterPrevious, record, buffer, offset) -> the component written at offsetAfterPrevious.
            final MethodHandle next = MethodHandles.permuteArguments(components[i].componentWriter(accessors[i]),
                MethodType.methodType(int.class, int.class, Object.class, MutableDirectBuffer.class, int.class),
                1, 2, 0);
            encoder = MethodHandles.foldArguments(next, encoder);
        }
        return encoder;
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
        try
        {
            return encoder.encode(record, buffer, offset);
        }
        catch (final FieldException | VirtualMachineError ex)
        {
            throw ex;
        }
        catch (final Throwable t)
        {
            return encodeEach(record, buffer, offset); // an accessor failed: name it
        }
    }

    private int encodeEach(final Object record, final MutableDirectBuffer buffer, final int offset)
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
