package dev.scribe.engine;

import dev.scribe.engine.snapshot.SnapshotStore;
import dev.scribe.journal.Journal;
import dev.scribe.journal.JournalTailer;
import org.agrona.ErrorHandler;

import java.nio.file.Path;
import java.util.List;

/**
 * Rebuilds the in-memory state at launch: loads the newest usable snapshot (unless told not to), then replays the
 * journal from where every part of the state needs it, up to a position or to the end.
 */
final class StateRecovery
{
    private static final int PROGRESS_EVERY = 1 << 16;

    private final Registry registry;
    private final AggregateCodecs codecs;
    private final SnapshotRestore restore;
    private final Replayer replayer;
    private final Leadership leadership;
    private final Journal journal;
    private final Path directory;
    private final List<ProjectionHandler> projections;

    StateRecovery(
        final EngineContext context,
        final AggregateStore store,
        final IdempotencyKeys idempotency,
        final Leadership leadership,
        final List<ProjectionHandler> projections,
        final ErrorHandler errorHandler,
        final Journal journal,
        final SnapshotStore snapshots)
    {
        this.registry = context.registry();
        this.leadership = leadership;
        this.journal = journal;
        this.directory = context.directory();
        this.projections = projections;
        this.codecs = new AggregateCodecs(registry, context.snapshots());
        this.restore = new SnapshotRestore(context.snapshots(), codecs, store, idempotency, leadership, projections,
            journal, snapshots);
        this.replayer = new Replayer(registry, store, idempotency, projections, errorHandler, leadership);
    }

    /** Refuse to rebuild from a journal whose start retention removed, unless a snapshot covers what is gone. */
    private void checkReleased(final long snapshotPosition)
    {
        if (!ReleasedJournal.released(directory))
        {
            return;
        }
        final long first = journal.firstPosition();
        if (snapshotPosition < first || (snapshotPosition != Journal.NULL_POSITION && restore.replayFrom() < first))
        {
            throw new EngineException("the start of the journal in " + directory + " was archived or deleted by " +
                "snapshot retention (see " + ReleasedJournal.FILE_NAME + "); it now begins at position " + first +
                ", so the state can only be rebuilt from a snapshot at or after it" +
                (snapshotPosition < first ? ", and no usable one was found" + (restore.skipped().isEmpty() ? "" :
                ": " + restore.skipped()) : ", but a projection needs records from before it"));
        }
    }

    AggregateCodecs codecs()
    {
        return codecs;
    }

    Replayer replayer()
    {
        return replayer;
    }

    /**
     * Rebuild the state as of a position.
     *
     * @param upTo         the last position to apply; {@code Long.MAX_VALUE} for the whole journal.
     * @param useSnapshots whether to start from a snapshot.
     * @param progress     told of progress, or null.
     * @return the report.
     */
    Recovery recover(final long upTo, final boolean useSnapshots, final ReplayProgress progress)
    {
        final long start = System.nanoTime();
        for (final ProjectionHandler projection : projections)
        {
            projection.resumeAfterCheckpoint(journal);
        }
        final long snapshotPosition = useSnapshots ? restore.load(upTo) : Journal.NULL_POSITION;
        checkReleased(snapshotPosition);
        replayer.aggregatesAfter(snapshotPosition);
        replayer.upTo(upTo);
        final long from = useSnapshots ? restore.replayFrom() : Journal.NULL_POSITION;
        try (JournalTailer tailer = journal.tailer(from))
        {
            long nextReport = PROGRESS_EVERY;
            while (!replayer.pastEnd() && tailer.poll(replayer, PROGRESS_EVERY) > 0)
            {
                if (null != progress && replayer.records() >= nextReport)
                {
                    progress.onProgress(replayer.records(), replayer.events(), replayer.lastPosition(),
                        System.nanoTime() - start);
                    nextReport = replayer.records() + PROGRESS_EVERY;
                }
            }
        }
        leadership.replayed(replayer.lastPosition());
        for (final ProjectionHandler projection : projections)
        {
            projection.recovered(leadership.lastPosition());
        }
        final long nanos = System.nanoTime() - start;
        if (null != progress)
        {
            progress.onProgress(replayer.records(), replayer.events(), replayer.lastPosition(), nanos);
        }
        return new Recovery(restore.loaded(), snapshotPosition, restore.skipped(), replayer.records(), nanos);
    }
}
