package dev.scribe.engine.snapshot;

import dev.scribe.engine.snapshot.Snapshots.Section;
import dev.scribe.journal.PositionFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Writing, listing, choosing and pruning snapshots in a directory.
 */
class SnapshotStoreTest
{
    private static final long MB = 1024 * 1024;

    @TempDir
    Path dir;

    private final List<String> log = new ArrayList<>();

    @Test
    void emptyBody() throws IOException
    {
        final SnapshotStore store = new SnapshotStore(dir, log::add);
        final Path file = store.write(0, 1, 2, writer ->
        {
        });
        assertEquals(SnapshotFormat.HEADER_LENGTH, Files.size(file));
        try (SnapshotReader reader = SnapshotReader.open(file))
        {
            assertEquals(0, reader.sectionCount());
            assertEquals(0, reader.bodyLength());
            assertEquals(List.of(), Snapshots.readAll(reader));
        }
        assertEquals(List.of(), log);
    }

    @Test
    void largeSectionsAreStreamed() throws IOException
    {
        final long[] lengths = {7 * MB + 13, 0, 3 * MB, 11};
        final SnapshotStore store = new SnapshotStore(dir, log::add);
        store.write(42, 3, 4, writer ->
        {
            for (int i = 0; i < lengths.length; i++)
            {
                try (OutputStream out = writer.openSection(100 + i))
                {
                    Snapshots.writeGenerated(out, i, lengths[i]);
                }
            }
        });
        try (SnapshotReader reader = store.newestValid().orElseThrow())
        {
            assertEquals(42, reader.position());
            assertEquals(lengths.length, reader.sectionCount());
            final int[] index = {0};
            reader.forEachSection((typeId, buffer, offset, length) ->
            {
                assertEquals(100 + index[0], typeId);
                Snapshots.assertGenerated(buffer, offset, length, index[0], lengths[index[0]]);
                index[0]++;
            });
            assertEquals(lengths.length, index[0]);
        }
    }

    @Test
    void namesSortByPositionAndListIgnoresOtherFiles() throws IOException
    {
        final SnapshotStore store = new SnapshotStore(dir, log::add);
        for (final long position : new long[] {0x10, 0x2, Long.MAX_VALUE, 0xABC})
        {
            store.write(position, 0, position, section("at " + position));
        }
        Files.writeString(dir.resolve("README"), "not a snapshot");
        Files.writeString(dir.resolve("snapshot-000000000000ABC.snap"), "upper case, too short");
        assertEquals(List.of("snapshot-0000000000000002.snap", "snapshot-0000000000000010.snap",
            "snapshot-0000000000000abc.snap", "snapshot-7fffffffffffffff.snap"),
            store.list().stream().map(file -> file.getFileName().toString()).toList());
        try (SnapshotReader reader = store.newestValid().orElseThrow())
        {
            assertEquals(Long.MAX_VALUE, reader.position());
        }
        assertThrows(IllegalArgumentException.class, () -> store.write(-1, 0, 0, section("negative")));
    }

    @Test
    void newestValidFallsBackToAnOlderSnapshotAndSaysWhy() throws IOException
    {
        final SnapshotStore store = new SnapshotStore(dir, log::add);
        store.write(10, 1, 10, section("ten"));
        store.write(20, 1, 20, section("twenty"));
        final Path thirty = store.write(30, 1, 30, section("thirty"));
        final Path forty = store.write(40, 1, 40, section("forty"));
        SnapshotCorruptionTest.flip(forty, SnapshotFormat.HEADER_LENGTH + 9);
        Files.write(thirty, Files.readAllBytes(thirty), StandardOpenOption.APPEND);
        try (SnapshotReader reader = store.newestValid().orElseThrow())
        {
            assertEquals(20, reader.position());
            assertEquals(List.of(new Section(7, "twenty".getBytes(StandardCharsets.UTF_8))),
                Snapshots.readAll(reader));
        }
        assertEquals(2, log.size(), log::toString);
        assertTrue(log.get(0).contains(forty.toString()) && log.get(0).contains("body CRC32C mismatch") &&
            log.get(0).endsWith("skipped"), log.get(0));
        assertTrue(log.get(1).contains(thirty.toString()) && log.get(1).contains("trailing bytes"), log.get(1));
    }

    @Test
    void aSnapshotWhoseNameLiesAboutItsPositionIsSkipped() throws IOException
    {
        final SnapshotStore store = new SnapshotStore(dir, log::add);
        store.write(1, 1, 1, section("one"));
        final Path two = store.write(2, 1, 2, section("two"));
        final Path renamed = dir.resolve(SnapshotFormat.fileName(3));
        Files.move(two, renamed);
        try (SnapshotReader reader = store.newestValid().orElseThrow())
        {
            assertEquals(1, reader.position());
        }
        assertEquals(1, log.size());
        assertTrue(log.get(0).contains(renamed.toString()) &&
            log.get(0).contains("holds position " + PositionFormat.position(2)), log.get(0));
    }

    @Test
    void noValidSnapshotIsEmpty() throws IOException
    {
        final SnapshotStore store = new SnapshotStore(dir, log::add);
        assertEquals(Optional.empty(), store.newestValid());
        Files.write(dir.resolve(SnapshotFormat.fileName(5)), new byte[10]);
        assertEquals(Optional.empty(), store.newestValid());
        assertTrue(log.get(0).contains("truncated"), log::toString);
    }

    @Test
    void aLeftoverTempFileIsIgnoredThenRemoved() throws IOException
    {
        SnapshotStore store = new SnapshotStore(dir, log::add);
        store.write(5, 1, 5, section("five"));
        final Path temp = dir.resolve(SnapshotFormat.tempFileName(9));
        Files.write(temp, new byte[1000]);
        assertEquals(1, store.list().size());
        try (SnapshotReader reader = store.newestValid().orElseThrow())
        {
            assertEquals(5, reader.position());
        }
        assertEquals(List.of(), log);
        store = new SnapshotStore(dir, log::add);
        assertFalse(Files.exists(temp));
        assertTrue(log.get(0).contains(temp.toString()), log::toString);

        Files.write(temp, new byte[1000]);
        assertEquals(List.of(temp), store.prune(1));
        assertEquals(List.of(SnapshotFormat.fileName(5)), Snapshots.fileNames(dir));
    }

    @Test
    void aFailedWriteLeavesNoFile() throws IOException
    {
        final SnapshotStore store = new SnapshotStore(dir, log::add);
        store.write(1, 1, 1, section("one"));
        final IOException failure = new IOException("codec failed");
        final SnapshotException thrown = assertThrows(SnapshotException.class, () -> store.write(2, 1, 2, writer ->
        {
            writer.section(1, new byte[100]);
            throw failure;
        }));
        assertEquals(failure, thrown.getCause());
        assertThrows(IllegalStateException.class, () -> store.write(3, 1, 3, writer ->
        {
            writer.openSection(1);
            writer.section(2, new byte[1]);
        }));
        assertEquals(List.of(SnapshotFormat.fileName(1)), Snapshots.fileNames(dir));
    }

    @Test
    void pruneKeepsTheNewestValidOnes() throws IOException
    {
        final SnapshotStore store = new SnapshotStore(dir, log::add);
        final List<Path> files = new ArrayList<>();
        for (int i = 1; i <= 6; i++)
        {
            files.add(store.write(i * 100L, 1, i, section("snapshot " + i)));
        }
        SnapshotCorruptionTest.flip(files.get(5), 3);
        SnapshotCorruptionTest.flip(files.get(3), SnapshotFormat.HEADER_LENGTH);

        final List<Path> deleted = store.prune(2);
        assertEquals(List.of(files.get(5), files.get(3), files.get(1), files.get(0)), deleted);
        assertEquals(List.of(files.get(2), files.get(4)), store.list());
        assertEquals(List.of(), store.prune(2));
        assertEquals(List.of(files.get(2)), store.prune(1));
        assertEquals(List.of(), store.prune(1));
        try (SnapshotReader reader = store.newestValid().orElseThrow())
        {
            assertEquals(500, reader.position());
        }
        assertThrows(IllegalArgumentException.class, () -> store.prune(0));
    }

    private static SectionsWriter section(final String text)
    {
        return writer -> writer.section(7, text.getBytes(StandardCharsets.UTF_8));
    }
}
