package dev.scribe.codecs.payload;

import org.agrona.MutableDirectBuffer;

/**
 * Encodes a record's components: {@link RecordNode}'s encoding method handle, run through a class of its own that
 * holds it as a constant (see {@link ConstantHandles}).
 */
interface ComponentsEncoder
{
    /**
     * Encode the components of a record of the node's type.
     *
     * @param record the record, of the node's type.
     * @param buffer to write into.
     * @param offset where the first component goes.
     * @return the offset after the last component.
     * @throws Throwable whatever an accessor or a component's writer throws.
     */
    int encode(Object record, MutableDirectBuffer buffer, int offset) throws Throwable;
}
