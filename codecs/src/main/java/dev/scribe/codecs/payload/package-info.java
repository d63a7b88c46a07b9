/**
 * Payload codecs: how the application's commands and events become bytes.
 *
 * <p>A {@link dev.scribe.codecs.payload.PayloadCodec} encodes one type under a stable type id and version;
 * a {@link dev.scribe.codecs.payload.CodecRegistry} finds the codec by class when writing and by type id when
 * reading. {@link dev.scribe.codecs.payload.RecordCodec} is the built-in codec for plain Java records, resolved
 * once per type, so applications need not write codecs by hand; an SBE flyweight codec plugs into the same
 * interface where a hot path must not allocate.
 *
 * <p>Inside, {@code RecordCodec.of} resolves a record type into a tree of package-private field codecs, one per
 * component, list element, map key and value and optional content. Encoding walks the tree from the record's
 * accessors straight into the buffer; decoding walks it with a cursor that checks every read against the bytes
 * given and hands the values to the record's canonical constructor, through one method handle per record type run
 * from a hidden class of its own that holds it as a constant, so the JIT compiles the readers and the constructor
 * inline.
 *
 * <p>{@link dev.scribe.codecs.payload.StateCodec} reuses the same field codecs for plain mutable state classes,
 * such as aggregate state in snapshots: it writes a fingerprint of the field layout, then each field read through a
 * getter handle, and decodes into a fresh instance from a factory through setter handles.
 */
package dev.scribe.codecs.payload;
