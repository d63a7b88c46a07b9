package dev.scribe.codecs.payload;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Turns values of one application type into payload bytes and back.
 *
 * <p>Each type has a stable numeric type id, written into the journal with every event, and a schema version.
 * Type ids must never be reused for another type; bump the version when the encoding changes.
 *
 * <p>Implementations are used by one thread at a time; a codec may reuse an instance it returns from
 * {@link #decode(DirectBuffer, int, int)} (a flyweight) when it documents so.
 *
 * @param <T> the application type.
 */
public interface PayloadCodec<T>
{
    /**
     * The type this codec encodes.
     *
     * @return the class of the values.
     */
    Class<T> type();

    /**
     * Stable id of the type in journals and on the wire.
     *
     * @return the type id.
     */
    int typeId();

    /**
     * Schema version of the encoding this codec writes.
     *
     * @return the version, from 0 to 65535.
     */
    int version();

    /**
     * Encode a value.
     *
     * @param value  to encode.
     * @param buffer to encode into; an expandable buffer grows as needed.
     * @param offset where the encoding starts.
     * @return the number of bytes written.
     * @throws dev.scribe.codecs.CodecException if the value cannot be encoded.
     */
    int encode(T value, MutableDirectBuffer buffer, int offset);

    /**
     * Decode a value from exactly {@code length} bytes.
     *
     * @param buffer holding the bytes.
     * @param offset where the encoding starts.
     * @param length number of bytes in the encoding.
     * @return the value.
     * @throws dev.scribe.codecs.CodecException naming the field and offset if the bytes are not a valid encoding.
     */
    T decode(DirectBuffer buffer, int offset, int length);
}
