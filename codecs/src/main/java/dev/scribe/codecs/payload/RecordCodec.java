package dev.scribe.codecs.payload;

import dev.scribe.codecs.CodecException;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The built-in codec for plain Java records.
 *
 * <p>{@link #of(Class, int, int)} reads the record's components and their generic types once, rejects anything it
 * cannot encode faithfully, and looks up the accessors and canonical constructor as method handles; encoding and
 * decoding then use no reflection and no Java serialization. Records may be non-public or nested, as long as their
 * package is open to this codec (always true on the class path).
 *
 * <p><b>Supported component types:</b> all primitives and their boxes, {@link String}, enums, {@code byte[]},
 * {@link java.util.UUID}, {@link java.time.Instant}, nested records, and {@link java.util.List},
 * {@link java.util.Map} and {@link java.util.Optional} of any supported type, nested to any depth. Every reference
 * may be null, including boxes, nested records, lists, maps, list elements, map keys and values, and an
 * {@code Optional} itself. Rejected with an {@link IllegalArgumentException} naming the record and component:
 * {@code Object}, other collections such as {@code Set}, raw or wildcard types, type variables, arrays other than
 * {@code byte[]}, and records that contain themselves.
 *
 * <p><b>Wire format</b>, version {@link #version()}: the components in declaration order with nothing before,
 * between or after them. All numbers are little-endian.
 * <pre>
 *   record at top level := component*                              in declaration order, no header
 *   boolean             := int8 0 | 1
 *   byte, short, int    := int8, int16, int32
 *   long                := int64
 *   char                := uint16                                  a UTF-16 code unit
 *   float, double       := int32, int64                            raw IEEE 754 bits, NaN payloads kept
 *   boxed primitive     := presence:int8 [primitive]               presence 0 = null, 1 = value follows
 *   String              := length:int32 utf8[length]               length -1 = null; strict UTF-8
 *   byte[]              := length:int32 byte[length]               length -1 = null
 *   enum                := length:int32 utf8[length]               the constant's name; length -1 = null
 *   UUID                := presence:int8 [msb:int64 lsb:int64]
 *   Instant             := presence:int8 [epochSecond:int64 nano:int32]
 *   nested record       := presence:int8 [component*]
 *   List&lt;E&gt;             := count:int32 E[count]                    count -1 = null
 *   Map&lt;K, V&gt;           := count:int32 (K V)[count]                count -1 = null; iteration order
 *   Optional&lt;E&gt;         := tag:int8 [E]                             tag 0 = null, 1 = empty, 2 = E follows
 * </pre>
 * For example {@code record Deposit(long account, String note, List<Integer> lots)} with the value
 * {@code new Deposit(7, "hi", List.of(5))} encodes to 23 bytes:
 * <pre>
 *   offset  bytes                     component
 *        0  07 00 00 00 00 00 00 00   account       int64 7
 *        8  02 00 00 00               note          length 2
 *       12  68 69                     note          UTF-8 "hi"
 *       14  01 00 00 00               lots          count 1
 *       18  01                        lots[0]       present
 *       19  05 00 00 00               lots[0]       int32 5
 * </pre>
 * Enums are written by name so constants may be reordered or added; renaming or removing one, or changing any
 * component, changes the format and needs a new version.
 *
 * <p><b>Decoding</b> gives a mutable {@link java.util.ArrayList} for a list and a mutable
 * {@link java.util.LinkedHashMap}, in encoded order, for a map. Bytes are untrusted: every length and count is
 * checked against the bytes remaining before anything is allocated for it, and exactly {@code length} bytes must be
 * consumed. Truncated or trailing bytes, bad lengths, counts, presence bytes or tags, malformed UTF-8, unknown enum
 * names, repeated map keys, out-of-range instants and a canonical constructor that rejects the values are all
 * reported as a {@link CodecException} whose {@link CodecException#field()} is the component path, such as
 * {@code Order.lines[3].price} or {@code Order.tags[0].key}, and whose {@link CodecException#offset()} is the
 * offset in the buffer of the bytes found to be bad. Apart from the decoded objects themselves a decode allocates
 * nothing in steady state.
 *
 * <p><b>Encoding</b> grows an expandable buffer as needed and fails with a {@link CodecException} when a fixed buffer
 * is too small, leaving the bytes written so far in place. Strings with unpaired surrogates are rejected rather than
 * altered.
 *
 * <p>A codec is immutable once built and may be used from several threads at once.
 *
 * @param <T> the record type.
 */
public final class RecordCodec<T extends Record> implements PayloadCodec<T>
{
    private final Class<T> type;
    private final int typeId;
    private final int version;
    private final RecordNode root;
    private final AtomicReference<DecodeCursor> spareCursor = new AtomicReference<>(new DecodeCursor());

    private RecordCodec(final Class<T> type, final int typeId, final int version, final RecordNode root)
    {
        this.type = type;
        this.typeId = typeId;
        this.version = version;
        this.root = root;
    }

    /**
     * The codec for a record type, resolved once.
     *
     * @param type    the record class.
     * @param typeId  its stable type id.
     * @param version its schema version, 0 to 65535.
     * @param <T>     the record type.
     * @return the codec.
     * @throws IllegalArgumentException naming the record and component if a component's type is not supported, or
     *                                  if the version is out of range.
     */
    public static <T extends Record> RecordCodec<T> of(final Class<T> type, final int typeId, final int version)
    {
        Wire.checkVersion(version);
        return new RecordCodec<>(type, typeId, version, RecordResolver.resolve(type));
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

    @Override
    public int encode(final T value, final MutableDirectBuffer buffer, final int offset)
    {
        if (offset < 0)
        {
            throw new CodecException(root.path(), offset, "negative offset");
        }
        if (!type.isInstance(value))
        {
            throw new CodecException(root.path(), offset, null == value ? "cannot encode null" :
                "expected " + type.getName() + " but found " + value.getClass().getName());
        }
        try
        {
            return root.encodeComponents(value, buffer, offset) - offset;
        }
        catch (final FieldException ex)
        {
            throw ex.toCodecException();
        }
    }

    @Override
    public T decode(final DirectBuffer buffer, final int offset, final int length)
    {
        if (offset < 0 || length < 0 || offset > buffer.capacity() - length)
        {
            throw new CodecException(root.path(), offset, "length " + length + " at offset " + offset +
                " is outside the buffer of capacity " + buffer.capacity());
        }
        // Reuse one cursor when uncontended; a concurrent or re-entrant decode gets its own.
        final DecodeCursor spare = spareCursor.getAndSet(null);
        final DecodeCursor cursor = null == spare ? new DecodeCursor() : spare;
        cursor.reset(offset, offset + length);
        try
        {
            final Object value = root.decodeComponents(buffer, cursor, offset);
            if (cursor.remaining() != 0)
            {
                throw new CodecException(root.path(), cursor.position(), cursor.remaining() +
                    " bytes left after the last component");
            }
            return type.cast(value);
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
}
