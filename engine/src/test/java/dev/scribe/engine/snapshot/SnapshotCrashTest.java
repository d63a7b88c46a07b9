package dev.scribe.engine.snapshot;

import dev.scribe.test.ChildJvm;
import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A process writing large snapshots in a loop is killed with SIGKILL at a random moment; the newest valid snapshot is
 * then the last one whose write returned, or the one being renamed when it died, complete, and never a partial one.
 */
class SnapshotCrashTest
{
    private static final Duration DEADLINE = Deadlines.scaled(Duration.ofSeconds(60));
    private static final int ROUNDS = 4;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {0x5EED5L, 20_251_124L, 7L})
    void killedWriterLeavesTheLastCompleteSnapshot(final long seed) throws Exception
    {
        System.out.println("SnapshotCrashTest seed " + seed);
        final SplittableRandom random = new SplittableRandom(seed);
        final Path snapshots = dir.resolve("snapshots");
        final Path logs = Files.createDirectories(dir.resolve("logs"));
        long lastWritten = -1;
        for (int round = 0; round < ROUNDS; round++)
        {
            final int killAfterLines = random.nextInt(90);
            System.out.println("round " + round + ": kill after " + killAfterLines + " lines");
            final List<String> seen;
            try (ChildJvm child = ChildJvm.start(SnapshotWritingChild.class, logs.resolve("child-" + round + ".err"),
                snapshots.toString(), Long.toString(lastWritten < 0 ? SnapshotWritingChild.STEP :
                    lastWritten + SnapshotWritingChild.STEP)))
            {
                child.awaitLine("READY"::equals, DEADLINE);
                final int[] lines = {0};
                child.awaitLine(line -> ++lines[0] > killAfterLines, DEADLINE);
                child.kill(DEADLINE);
                seen = child.seen();
            }
            for (final String line : seen)
            {
                if (line.startsWith("WROTE "))
                {
                    lastWritten = Math.max(lastWritten, Long.parseLong(line.substring("WROTE ".length())));
                }
            }

            final List<String> log = new ArrayList<>();
            final SnapshotStore store = new SnapshotStore(snapshots, log::add);
            log.removeIf(line -> line.startsWith("snapshot temporary file"));
            final Optional<SnapshotReader> newest = store.newestValid();
            System.out.println("round " + round + ": last written " + lastWritten + ", newest valid " +
                newest.map(SnapshotReader::position).orElse(-1L));
            assertEquals(List.of(), log, "every snapshot under its final name is complete");
            assertTrue(store.list().stream().noneMatch(SnapshotFormat::isTempFile));
            if (lastWritten < 0)
            {
                newest.ifPresent(SnapshotReader::close);
                assertTrue(newest.isEmpty() || newest.get().position() == SnapshotWritingChild.STEP);
                lastWritten = newest.isEmpty() ? -1 : SnapshotWritingChild.STEP;
                continue;
            }
            assertFalse(newest.isEmpty(), "a written snapshot is there");
            try (SnapshotReader reader = newest.get())
            {
                final long position = reader.position();
                assertTrue(position >= lastWritten && position <= lastWritten + SnapshotWritingChild.STEP,
                    "newest valid at " + position + " after the child wrote " + lastWritten);
                assertComplete(reader);
                lastWritten = position;
            }
            for (final Path file : store.list())
            {
                try (SnapshotReader reader = SnapshotReader.open(file))
                {
                    assertComplete(reader);
                }
            }
        }
    }

    private static void assertComplete(final SnapshotReader reader)
    {
        final long position = reader.position();
        assertEquals(position / SnapshotWritingChild.STEP, reader.epoch());
        assertEquals(~position, reader.stateHash());
        assertEquals(SnapshotWritingChild.SECTIONS, reader.sectionCount());
        final int[] index = {0};
        reader.forEachSection((typeId, buffer, offset, length) ->
        {
            assertEquals(index[0], typeId);
            Snapshots.assertGenerated(buffer, offset, length, SnapshotWritingChild.sectionSeed(position, index[0]),
                SnapshotWritingChild.sectionLength(position, index[0]));
            index[0]++;
        });
    }
}
