/**
 * Payload codecs: how the application's commands and events become bytes.
 *
 * <p>A {@link dev.scribe.codecs.payload.PayloadCodec} encodes one type under a stable type id and version;
 * a {@link dev.scribe.codecs.payload.CodecRegistry} finds the codec by class when writing and by type id when
 * reading. {@link dev.scribe.codecs.payload.RecordCodec} is the built-in codec for plain Java records, resolved
 * once per type, so applications need not write codecs by hand; an SBE flyweight codec plugs into the same
 * interface where a hot path must not allocate.
 */
package dev.scribe.codecs.payload;
