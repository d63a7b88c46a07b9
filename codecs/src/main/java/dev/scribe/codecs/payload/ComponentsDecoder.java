package dev.scribe.codecs.payload;

import org.agrona.DirectBuffer;

/**
 * Decodes a record's components at a cursor and constructs the record: {@link RecordNode}'s decoding method handle,
 * run through a class of its own that holds it as a constant (see {@link ConstantHandles}).
 */
interface ComponentsDecoder
{
    /**
     * Decode the record at the cursor.
     *
     * @param buffer holding the bytes.
     * @param cursor where the record's components start; moved past them.
     * @return the record.
     * @throws Throwable whatever a component's reader or the constructor throws.
     */
    Object decode(DirectBuffer buffer, DecodeCursor cursor) throws Throwable;
}
