package dev.scribe.engine;

import dev.scribe.journal.PositionFormat;
import java.nio.file.Path;
import java.util.List;

/**
 * How an engine rebuilt its state at launch: from which snapshot, if any, and how much journal it replayed.
 *
 * @param snapshot         the snapshot loaded, or null if the whole journal was replayed.
 * @param snapshotPosition the position the snapshot's state is at, or -1.
 * @param skipped          why each newer snapshot was not used, one sentence each naming the file.
 * @param replayedRecords  records applied after the snapshot (or from the start).
 * @param nanos            time from opening the journal to the end of replay.
 */
public record Recovery(
    Path snapshot,
    long snapshotPosition,
    List<String> skipped,
    long replayedRecords,
    long nanos)
{
    /**
     * Make a recovery report.
     *
     * @param snapshot         the snapshot loaded, or null.
     * @param snapshotPosition its position, or -1.
     * @param skipped          why newer snapshots were skipped.
     * @param replayedRecords  records applied from the journal.
     * @param nanos            how long recovery took.
     */
    public Recovery
    {
        skipped = List.copyOf(skipped);
    }

    @Override
    public String toString()
    {
        return (null == snapshot ? "replayed the whole journal" : "loaded snapshot " + snapshot + " at position " +
            PositionFormat.position(snapshotPosition) + " and replayed what follows") + ": " + replayedRecords +
            " records in " +
            nanos / 1_000_000 + " ms" + (skipped.isEmpty() ? "" : "; skipped " + skipped);
    }
}
