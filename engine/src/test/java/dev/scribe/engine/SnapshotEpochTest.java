package dev.scribe.engine;

import dev.scribe.journal.PositionFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.scribe.engine.EngineBank.await;
import static dev.scribe.engine.SnapshotTesting.accepted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A journal of three epochs (the first primary's, a promoted standby's, and a primary launched in a later epoch),
 * with snapshots in each, one of them at the promoted standby's epoch record: recovering from any of the snapshots
 * gives the epoch history and epoch a replay of the whole journal gives.
 */
class SnapshotEpochTest
{
    @TempDir
    Path dir;

    /** What recovery rebuilt: the state hash, the epoch and the epoch history. */
    private record Rebuilt(long hash, long epoch, String history)
    {
    }

    @Test
    void epochHistoryAfterRecoveryFromEachSnapshotIsThatOfAFullReplay() throws IOException
    {
        final List<SnapshotInfo> snapshots = new ArrayList<>();
        final long firstStart;
        try (Engine engine = Engine.launch(context().epoch(1)))
        {
            firstStart = accepted(engine.send(new Bank.Open("a"))).position();
            deposits(engine);
            snapshots.add(await(engine.snapshot()));
        }
        try (Engine engine = Engine.launch(context().role(EngineRole.STANDBY)
            .replicationLink(new RecordingLink())))
        {
            assertEquals(2, engine.promote());
            snapshots.add(await(engine.snapshot()));
            deposits(engine);
            snapshots.add(await(engine.snapshot()));
        }
        final long fifthStart;
        try (Engine engine = Engine.launch(context().epoch(5)))
        {
            fifthStart = accepted(engine.send(new Bank.Deposit("a", 100))).position();
            snapshots.add(await(engine.snapshot()));
            deposits(engine);
        }
        final long secondStart = snapshots.get(1).position();
        assertEquals(List.of(1L, 2L, 2L, 5L), snapshots.stream().map(SnapshotInfo::epoch).toList());

        final Rebuilt replayed = SnapshotTesting.withoutSnapshots(dir, () ->
        {
            try (Engine engine = Engine.launch(context()))
            {
                assertNull(engine.recovery().snapshot());
                return rebuilt(engine);
            }
        });
        assertEquals("EpochHistory{1@" + PositionFormat.position(firstStart) + ", 2@" +
            PositionFormat.position(secondStart) + ", 5@" + PositionFormat.position(fifthStart) + "}",
            replayed.history());
        assertEquals(5, replayed.epoch());

        for (int i = snapshots.size() - 1; i >= 0; i--)
        {
            try (Engine engine = Engine.launch(context()))
            {
                assertEquals(snapshots.get(i).file(), engine.recovery().snapshot(), engine.recovery().toString());
                assertEquals(replayed, rebuilt(engine), "recovered from " + snapshots.get(i));
            }
            Files.delete(snapshots.get(i).file());
        }
    }

    private EngineContext context()
    {
        return Bank.context(dir).snapshots(new SnapshotPolicy().keep(10));
    }

    private static void deposits(final Engine engine)
    {
        for (int i = 1; i <= 3; i++)
        {
            accepted(engine.send(new Bank.Deposit("a", i)));
        }
    }

    private static Rebuilt rebuilt(final Engine engine)
    {
        return new Rebuilt(engine.stateHash(), engine.epoch(), engine.epochHistory().toString());
    }
}
