/**
 * Scribe's codecs: the bytes of everything Scribe writes to a journal or sends over a wire.
 *
 * <p>{@link dev.scribe.codecs.journal} encodes and validates journal records (SBE schema {@code scribe-journal.xml},
 * generated at build time into {@code dev.scribe.codecs.sbe}); {@link dev.scribe.codecs.payload} turns the
 * application's commands and events into payload bytes. Every decoder checks each length and count against the
 * bytes it was given before it uses them and reports bad input as a {@link dev.scribe.codecs.CodecException}
 * naming the field and offset. {@link dev.scribe.codecs.SecretKeys} reads the keys an operator keeps as hex text
 * (the journal's record MAC key, the replication secret) and keys HMAC-SHA256 with them.
 * {@link dev.scribe.codecs.MethodBinding} binds a method once as a generated class implementing a functional
 * interface, for the record codec's accessors and the engine's {@code apply} methods.
 */
package dev.scribe.codecs;
