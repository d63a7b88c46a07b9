package dev.scribe.engine;

import dev.scribe.engine.snapshot.SnapshotReader;
import dev.scribe.engine.snapshot.SnapshotStore;
import dev.scribe.engine.testing.ExpectedErrors;
import dev.scribe.journal.Journal;
import dev.scribe.test.Deadlines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.scribe.engine.EngineBank.await;
import static dev.scribe.engine.SnapshotTesting.accepted;
import static dev.scribe.engine.SnapshotTesting.snapshotFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When snapshots are taken and how many are kept: every so many records as they flow, pruned to the number kept;
 * never on a primary when they are for standbys only (but on the standby); and an aggregate whose state has no codec
 * makes each snapshot fail, naming the class, while the engine goes on taking commands.
 */
class SnapshotScheduleTest
{
    private static final int EVERY = 5;

    @TempDir
    Path dir;

    private final List<Throwable> errors = new CopyOnWriteArrayList<>();

    /** An aggregate with an array of longs, which the built-in state codec does not encode. */
    static final class Tally implements Aggregate
    {
        long[] marks = new long[0];

        void apply(final Marked event)
        {
            marks = Arrays.copyOf(marks, marks.length + 1);
            marks[marks.length - 1] = event.value();
        }
    }

    record Mark(String tally, long value)
    {
    }

    record Marked(long value)
    {
    }

    @Test
    void everyRecordsTakesSnapshotsAsRecordsFlowAndKeepsTheNewest()
    {
        final List<Long> positions = new ArrayList<>();
        final TreeSet<Long> seen = new TreeSet<>();
        try (Engine engine = Engine.launch(Bank.context(dir).errorHandler(errors::add)
            .snapshots(new SnapshotPolicy().everyRecords(EVERY).keep(2))))
        {
            positions.add(accepted(engine.send(new Bank.Open("a"))).position());
            // not a bare wait: each pass sends the next command, which is what schedules snapshots
            final Duration deadline = Deadlines.standard();
            final long deadlineNs = System.nanoTime() + deadline.toNanos();
            while (seen.size() < 4)
            {
                assertTrue(System.nanoTime() - deadlineNs < 0,
                    "four scheduled snapshots within " + Deadlines.describe(deadline) + ": " + seen);
                positions.add(accepted(engine.send(new Bank.Deposit("a", 1))).position());
                snapshotFiles(dir).forEach(file -> seen.add(SnapshotStore.positionOf(file)));
            }
        }
        snapshotFiles(dir).forEach(file -> seen.add(SnapshotStore.positionOf(file)));
        assertEquals(positions.get(EVERY - 1), seen.first(), "the first after " + EVERY + " records");
        long previous = -1;
        for (final long position : seen)
        {
            final int index = positions.indexOf(position);
            assertTrue(index >= 0, "snapshot at " + position + " is at a record");
            assertTrue(index - previous >= EVERY, "at least " + EVERY + " records between snapshots: " + seen);
            previous = index;
        }
        final List<Path> kept = snapshotFiles(dir);
        assertEquals(List.of(seen.lower(seen.last()), seen.last()),
            kept.stream().map(SnapshotStore::positionOf).toList(), "the newest two are kept");
        for (final Path file : kept)
        {
            try (SnapshotReader reader = SnapshotReader.open(file))
            {
                assertTrue(reader.sectionCount() >= 4, reader.toString());
            }
        }
        assertEquals(List.of(), errors);
    }

    @Test
    void snapshotsOnlyOnStandbyAreNotScheduledOnAPrimary()
    {
        final SnapshotPolicy policy = new SnapshotPolicy().everyRecords(1).onlyOnStandby(true);
        final Path primaryDir = dir.resolve("primary");
        final SnapshotInfo asked;
        try (Engine engine = Engine.launch(Bank.context(primaryDir).errorHandler(errors::add).snapshots(policy)))
        {
            accepted(engine.send(new Bank.Open("a")));
            for (int i = 0; i < 10; i++)
            {
                accepted(engine.send(new Bank.Deposit("a", 1 + i)));
            }
            asked = await(engine.snapshot());
            for (int i = 0; i < 10; i++)
            {
                accepted(engine.send(new Bank.Deposit("a", 1 + i)));
            }
        }
        // closing drains the ring and waits for the snapshot thread: any scheduled snapshot would be written by now
        assertEquals(List.of(asked.file()), snapshotFiles(primaryDir), "only the snapshot asked for");

        final Path standbyDir = dir.resolve("standby");
        try (Engine standby = Engine.launch(Bank.context(standbyDir).errorHandler(errors::add).snapshots(policy)
            .role(EngineRole.STANDBY).replicationLink(new RecordingLink())))
        {
            try (Journal journal = Journal.openReadOnly(primaryDir.resolve("journal")))
            {
                journal.replay(Journal.NULL_POSITION, (position, record) ->
                    standby.replicate(position, record.buffer(), record.offset(), record.length()));
            }
            Deadlines.await(() -> !snapshotFiles(standbyDir).isEmpty(), "a snapshot on the standby");
        }
        assertEquals(List.of(), errors);
    }

    @ExpectedErrors("snapshot not taken")
    @Test
    void anAggregateWithoutACodecFailsEverySnapshotAndTheEngineGoesOn()
    {
        try (Engine engine = Engine.launch(new EngineContext().directory(dir).errorHandler(errors::add)
            .snapshots(new SnapshotPolicy().everyRecords(2))
            .aggregate(Tally.class, Tally::new)
            .command(Mark.class, Mark::tally, (Mark cmd, Tally tally, Decision out) -> out.emit(
                new Marked(cmd.value())))))
        {
            accepted(engine.send(new Mark("t", 6)));
            accepted(engine.send(new Mark("t", 7)));
            final CompletableFuture<SnapshotInfo> snapshot = engine.snapshot();
            Deadlines.await(snapshot::isDone, "the snapshot asked for to fail");
            final CompletionException failed = assertThrows(CompletionException.class, snapshot::join);
            assertInstanceOf(EngineException.class, failed.getCause());
            assertTrue(failed.getCause().getMessage().contains(Tally.class.getName()), failed.getCause().getMessage());
            Deadlines.await(() -> !errors.isEmpty(), "the scheduled snapshot's failure to be reported");
            assertTrue(errors.get(0).getMessage().contains(Tally.class.getName()), errors.get(0).getMessage());

            assertEquals(3, accepted(engine.send(new Mark("t", 8))).version());
            assertEquals(4, accepted(engine.send(new Mark("t", 9))).version());
            assertEquals(List.of(), snapshotFiles(dir));
        }
    }
}
