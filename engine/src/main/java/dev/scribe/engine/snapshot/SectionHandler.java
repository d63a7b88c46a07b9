package dev.scribe.engine.snapshot;

import org.agrona.DirectBuffer;

/**
 * Receives the sections of a snapshot that has been validated as a whole, in the order they were written.
 */
@FunctionalInterface
public interface SectionHandler
{
    /**
     * One section.
     *
     * @param typeId what the section holds, as chosen by its writer.
     * @param buffer holding the section's bytes; valid until the reader is closed.
     * @param offset where the section's bytes start in {@code buffer}.
     * @param length how many bytes the section has.
     */
    void onSection(int typeId, DirectBuffer buffer, int offset, int length);
}
