package dev.scribe.codecs.payload;

import org.agrona.MutableDirectBuffer;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;

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
    private final MethodHandle encodePrimitive;

    PrimitiveCodec(
        final String path,
        final boolean primitive,
        final int length,
        final Class<?> boxType,
        final Class<?> primitiveType,
        final MethodHandle decodePrimitive,
        final MethodHandle encodePrimitive)
    {
        super(path, length, boxType);
        this.primitive = primitive;
        this.primitiveType = primitiveType;
        this.decodePrimitive = decodePrimitive;
        this.encodePrimitive = encodePrimitive;
    }

    @Override
    final int minLength()
    {
        return primitive ? length() : 1;
    }

    @Override
    final Object componentGetter(final MethodHandle accessor, final Method method)
    {
        return primitive ? bindPrimitive(method, accessor.asType(MethodType.methodType(primitiveType, Object.class))) :
            super.componentGetter(accessor, method);
    }

    /**
     * The getter {@link #encodePrimitive} is given: the accessor handle adapted to return the primitive, unless the
     * codec binds the accessor method as a generated class.
     *
     * @param accessor the accessor method, or null (a field read).
     * @param adapted  the accessor handle, of type {@code (Object)primitive}.
     * @return the getter.
     */
    Object bindPrimitive(final Method accessor, final MethodHandle adapted)
    {
        return adapted;
    }

    @Override
    final int encodeComponent(
        final Object getter, final Object record, final MutableDirectBuffer buffer, final int offset)
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
    final MethodHandle componentWriter(final MethodHandle accessor)
    {
        return primitive ? MethodHandles.filterArguments(encodePrimitive.bindTo(this), 0,
            accessor.asType(MethodType.methodType(primitiveType, Object.class))) : super.componentWriter(accessor);
    }

    /**
     * Ensure room for the value at {@code offset}, as a primitive component's writer does before it writes.
     *
     * @return {@code offset}.
     */
    final int room(final MutableDirectBuffer buffer, final int offset)
    {
        Wire.ensure(buffer, offset, length(), path());
        return offset;
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
    abstract void encodePrimitive(Object getter, Object record, MutableDirectBuffer buffer, int offset);
}
