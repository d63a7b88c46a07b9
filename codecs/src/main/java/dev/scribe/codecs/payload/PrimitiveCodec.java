package dev.scribe.codecs.payload;

import org.agrona.MutableDirectBuffer;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;

/**
 * A fixed-width primitive value, as a record component of the primitive type (no null marker, no boxing: the
 * component moves between the record and the buffer through handles of the primitive type) or as its box (a
 * presence byte, then the value). Subclasses say how one type is read and written.
 */
abstract class PrimitiveCodec extends FixedWidthCodec
{
    private final boolean primitive;
    private final Class<?> primitiveType;
    private final MethodHandle decodePrimitive;

    PrimitiveCodec(
        final String path,
        final boolean primitive,
        final int length,
        final Class<?> boxType,
        final Class<?> primitiveType,
        final MethodHandle decodePrimitive)
    {
        super(path, length, boxType);
        this.primitive = primitive;
        this.primitiveType = primitiveType;
        this.decodePrimitive = decodePrimitive;
    }

    @Override
    final int minLength()
    {
        return primitive ? length() : 1;
    }

    @Override
    final MethodHandle componentGetter(final MethodHandle accessor)
    {
        return primitive ?
            accessor.asType(MethodType.methodType(primitiveType, Object.class)) : super.componentGetter(accessor);
    }

    @Override
    final int encodeComponent(
        final MethodHandle getter, final Object record, final MutableDirectBuffer buffer, final int offset)
    {
        if (!primitive)
        {
            return super.encodeComponent(getter, record, buffer, offset);
        }
        Wire.ensure(buffer, offset, length(), path());
        encodePrimitive(getter, record, buffer, offset);
        return offset + length();
    }

    @Override
    final MethodHandle componentReader()
    {
        return primitive ? decodePrimitive.bindTo(this) : super.componentReader();
    }

    /**
     * Read the primitive component with {@code getter} (typed by {@link #componentGetter}) and write it at
     * {@code offset}; room is ensured.
     */
    abstract void encodePrimitive(MethodHandle getter, Object record, MutableDirectBuffer buffer, int offset);
}
