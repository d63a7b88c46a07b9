package dev.scribe.engine.snapshot;

import dev.scribe.engine.snapshot.Snapshots.Section;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Random sections, written each way the writer offers, read back as they were.
 */
class SnapshotRoundTripTest
{
    @Property(tries = 200)
    void sectionsComeBackAsWritten(
        @ForAll("sections") @Size(max = 12) final List<Section> sections,
        @ForAll final long position0,
        @ForAll final long epoch,
        @ForAll final long stateHash,
        @ForAll("ways") final List<Integer> ways) throws IOException
    {
        final long position = position0 & Long.MAX_VALUE;
        final Path dir = Files.createTempDirectory("snapshot-roundtrip");
        try
        {
            final SnapshotStore store = new SnapshotStore(dir, reason ->
            {
                throw new AssertionError(reason);
            }, () -> 1234L);
            final Path file = store.write(position, epoch, stateHash, writer ->
            {
                for (int i = 0; i < sections.size(); i++)
                {
                    write(writer, sections.get(i), ways.get(i % ways.size()));
                }
            });
            assertEquals(SnapshotFormat.fileName(position), file.getFileName().toString());
            try (SnapshotReader reader = store.newestValid().orElseThrow())
            {
                assertEquals(position, reader.position());
                assertEquals(epoch, reader.epoch());
                assertEquals(stateHash, reader.stateHash());
                assertEquals(1234L, reader.timestampMs());
                assertEquals(sections.size(), reader.sectionCount());
                assertEquals(Files.size(file) - SnapshotFormat.HEADER_LENGTH, reader.bodyLength());
                assertEquals(sections, Snapshots.readAll(reader));
                final List<byte[]> streamed = new ArrayList<>();
                reader.forEachSection((typeId, buffer, offset, length) ->
                {
                    try (InputStream in = SnapshotReader.stream(buffer, offset, length))
                    {
                        streamed.add(in.readAllBytes());
                    }
                    catch (final IOException ex)
                    {
                        throw new AssertionError(ex);
                    }
                });
                for (int i = 0; i < sections.size(); i++)
                {
                    assertArrayEquals(sections.get(i).bytes(), streamed.get(i));
                }
            }
            assertEquals(List.of(file.getFileName().toString()), Snapshots.fileNames(dir));
        }
        finally
        {
            deleteTree(dir);
        }
    }

    @Provide
    Arbitrary<List<Section>> sections()
    {
        final Arbitrary<byte[]> bytes = Arbitraries.oneOf(
            Arbitraries.bytes().array(byte[].class).ofMaxSize(64),
            Arbitraries.bytes().array(byte[].class).ofMinSize(60_000).ofMaxSize(200_000));
        return Combinators.combine(Arbitraries.integers(), bytes).as(Section::new).list().ofMaxSize(12);
    }

    @Provide
    Arbitrary<List<Integer>> ways()
    {
        return Arbitraries.integers().between(0, 3).list().ofMinSize(1).ofMaxSize(5);
    }

    /**
     * Way 0: from a byte array; 1: from a DirectBuffer at an offset; 2: a stream byte by byte; 3: a stream of chunks.
     */
    private static void write(final SnapshotWriter writer, final Section section, final int way) throws IOException
    {
        final byte[] bytes = section.bytes();
        switch (way)
        {
            case 0 -> writer.section(section.typeId(), bytes);
            case 1 ->
            {
                final UnsafeBuffer buffer = new UnsafeBuffer(new byte[bytes.length + 7]);
                buffer.putBytes(3, bytes);
                writer.section(section.typeId(), buffer, 3, bytes.length);
            }
            case 2 ->
            {
                try (OutputStream out = writer.openSection(section.typeId()))
                {
                    for (final byte b : bytes)
                    {
                        out.write(b);
                    }
                }
            }
            default ->
            {
                try (OutputStream out = writer.openSection(section.typeId()))
                {
                    for (int i = 0; i < bytes.length; i += 1000)
                    {
                        out.write(bytes, i, Math.min(1000, bytes.length - i));
                    }
                }
            }
        }
    }

    static void deleteTree(final Path dir) throws IOException
    {
        try (Stream<Path> files = Files.walk(dir))
        {
            for (final Path file : files.sorted(Comparator.reverseOrder()).toList())
            {
                Files.delete(file);
            }
        }
    }
}
