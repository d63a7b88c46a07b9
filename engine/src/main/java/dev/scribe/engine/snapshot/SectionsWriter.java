package dev.scribe.engine.snapshot;

import java.io.IOException;

/**
 * Writes the sections of one snapshot, in the order they should be read back, through a {@link SnapshotWriter}.
 */
@FunctionalInterface
public interface SectionsWriter
{
    /**
     * Write every section of the snapshot.
     *
     * @param writer to write the sections through; valid only during this call.
     * @throws IOException if a section cannot be written.
     */
    void writeSections(SnapshotWriter writer) throws IOException;
}
