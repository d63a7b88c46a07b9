package dev.scribe.engine;

import dev.scribe.engine.monitor.CountersSnapshot;
import dev.scribe.engine.monitor.SnapshotRequestFile;
import dev.scribe.engine.snapshot.SnapshotStore;
import dev.scribe.engine.snapshot.SnapshotWriter;
import dev.scribe.journal.Journal;
import dev.scribe.journal.JournalPage;
import dev.scribe.journal.OwnedFiles;
import dev.scribe.journal.PositionFormat;
import org.agrona.ErrorHandler;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The snapshot writer: on its own thread it sorts a captured copy of the state by aggregate id, decodes every
 * aggregate back to check the copy and compute its state hash, writes the snapshot crash-safe through the
 * {@link SnapshotStore}, prunes old snapshots and applies the journal retention.
 */
final class SnapshotTaker implements AutoCloseable
{
    static final int SNAPSHOTS_WRITTEN_TYPE_ID = CountersSnapshot.SNAPSHOTS_WRITTEN_TYPE_ID;
    static final int LAST_SNAPSHOT_POSITION_TYPE_ID = CountersSnapshot.LAST_SNAPSHOT_POSITION_TYPE_ID;
    static final int MAX_SNAPSHOT_PAUSE_NS_TYPE_ID = 12;

    private static final Logger LOG = EngineLog.SNAPSHOT;

    private final SnapshotPolicy policy;
    private final AggregateCodecs codecs;
    private final SnapshotStore store;
    private final Journal journal;
    private final ErrorHandler errorHandler;
    private final String[] projectionNames;
    private final String unsnapshottedProjection;
    private final Path archiveDirectory;
    private final Path engineDirectory;
    private final boolean replicated;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable ->
    {
        final Thread t = new Thread(runnable, "scribe-snapshot");
        t.setDaemon(true);
        return t;
    });
    /** The copy buffer of the last snapshot written, reused by the next so that its pause does not grow one. */
    private final AtomicReference<ExpandableArrayBuffer> spare =
        new AtomicReference<>();
    private final AtomicCounter written;
    private final AtomicCounter lastPosition;
    private final AtomicCounter maxPauseNs;
    private final AtomicCounter pauseTotalNs;
    private final EngineCounters counters;

    SnapshotTaker(
        final EngineContext context,
        final SnapshotPolicy policy,
        final AggregateCodecs codecs,
        final SnapshotStore store,
        final Journal journal,
        final ErrorHandler errorHandler,
        final List<ProjectionHandler> projections,
        final EngineCounters counters)
    {
        this.written = counters.snapshotsWritten();
        this.lastPosition = counters.lastSnapshotPosition();
        this.maxPauseNs = counters.maxSnapshotPauseNs();
        this.pauseTotalNs = counters.snapshotPauseTotalNs();
        this.counters = counters;
        this.policy = policy;
        this.codecs = codecs;
        this.store = store;
        this.journal = journal;
        this.errorHandler = errorHandler;
        this.projectionNames = projections.stream().map(ProjectionHandler::snapshotName)
            .filter(Objects::nonNull).toArray(String[]::new);
        this.unsnapshottedProjection = projections.stream().filter(ProjectionHandler::rebuiltFromStart)
            .map(p -> p.projection().getClass().getName()).findFirst().orElse(null);
        this.engineDirectory = context.directory();
        this.replicated = null != context.replicationLink();
        this.archiveDirectory = null != policy.archiveDirectory() ? policy.archiveDirectory() :
            context.directory().resolve("journal-archive");
    }

    /**
     * Look for a snapshot request from another process ({@link SnapshotRequestFile}) every {@code periodMs}, on the
     * snapshot thread (which an engine that takes no requests starts only for its first snapshot): a file in the
     * engine directory, deleted when seen, and answered by asking the engine for a snapshot. A request is taken only
     * from a regular file owned by the engine's user, holding a process id, read without following a link; anything
     * else is removed and reported as an error, without its content. The counter of requests taken, which exists
     * only from here on, tells the snapshot tool that this engine takes them.
     */
    void watchRequests(final Runnable takeSnapshot, final long periodMs)
    {
        final Path request = engineDirectory.resolve(SnapshotRequestFile.FILE_NAME);
        final UserPrincipal user;
        try
        {
            user = OwnedFiles.processUser(engineDirectory);
        }
        catch (final IOException ex)
        {
            throw new EngineException("cannot find the user owning the files of " + engineDirectory, ex);
        }
        final AtomicCounter taken = counters.newCounter("snapshot requests taken",
            CountersSnapshot.SNAPSHOT_REQUESTS_TYPE_ID);
        thread.scheduleWithFixedDelay(() -> takeRequest(request, user, () ->
        {
            taken.incrementRelease();
            takeSnapshot.run();
        }), periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    private void takeRequest(final Path request, final UserPrincipal user,
        final Runnable takeSnapshot)
    {
        try
        {
            final String text = OwnedFiles.readRequest(request, user, SnapshotRequestFile.MAX_REQUEST_BYTES);
            if (null == text)
            {
                return;
            }
            Files.deleteIfExists(request);
            if (!SnapshotRequestFile.isRequest(text))
            {
                errorHandler.onError(new EngineException("refused the snapshot request " + request +
                    ": it does not hold a process id"));
                return;
            }
            takeSnapshot.run();
        }
        catch (final OwnedFiles.RefusedException ex)
        {
            deleteQuietly(request);
            errorHandler.onError(new EngineException("refused the snapshot request " + request + ": " +
                ex.problem()));
        }
        catch (final IOException | RuntimeException ex)
        {
            errorHandler.onError(new EngineException("cannot take the snapshot requested by " + request, ex));
        }
    }

    private void deleteQuietly(final Path request)
    {
        try
        {
            Files.deleteIfExists(request); // a link is removed itself, not its target
        }
        catch (final IOException ex)
        {
            errorHandler.onError(new EngineException("cannot remove the refused snapshot request " + request, ex));
        }
    }

    SnapshotStore store()
    {
        return store;
    }

    /** A new capture to send through the ring; a scheduled one marks the taker busy until it is written. */
    StateCapture newCapture(final boolean scheduled)
    {
        if (scheduled)
        {
            busy.set(true);
        }
        final ExpandableArrayBuffer buffer = spare.getAndSet(null);
        return new StateCapture(scheduled, null != buffer ? buffer : new ExpandableArrayBuffer(4096), projectionNames,
            this::captured);
    }

    boolean busy()
    {
        return busy.get();
    }

    private void captured(final StateCapture capture)
    {
        try
        {
            thread.execute(() -> write(capture));
        }
        catch (final RuntimeException ex)
        {
            finish(capture, null, new EngineException("the engine is closing; the snapshot was not written", ex));
        }
    }

    private void write(final StateCapture capture)
    {
        try
        {
            final String failure = failure(capture);
            if (null != failure)
            {
                finish(capture, null, new EngineException("snapshot not taken: " + failure));
                return;
            }
            final long start = System.nanoTime();
            final CapturedAggregates aggregates = CapturedAggregates.sort(capture, codecs);
            final long stateHash = aggregates.stateHash(codecs);
            final int recordCrc = recordCrc(capture.position);
            final Path file = store.write(capture.position, capture.epoch, stateHash,
                writer -> writeSections(writer, capture, aggregates, recordCrc));
            final SnapshotInfo info = new SnapshotInfo(file, capture.position, capture.epoch, stateHash,
                capture.aggregateCount, Files.size(file), capture.captureNanos, System.nanoTime() - start);
            pauseTotalNs.getAndAddRelease(info.captureNanos());
            written.incrementRelease();
            lastPosition.setRelease(info.position());
            if (info.captureNanos() > maxPauseNs.get())
            {
                maxPauseNs.setRelease(info.captureNanos());
            }
            final long floor = retentionFloor(capture);
            store.prune(policy.keep(), floor);
            retainJournal(floor);
            finish(capture, info, null);
        }
        catch (final Throwable t)
        {
            finish(capture, null, t instanceof EngineException ? t :
                new EngineException("snapshot at position " + PositionFormat.position(capture.position) + " failed: " +
                t.getMessage(), t));
        }
    }

    private static String failure(final StateCapture capture)
    {
        if (null != capture.failure)
        {
            return capture.failure;
        }
        for (final StateCapture.ProjectionCapture projection : capture.projections)
        {
            if (null != projection.failure)
            {
                return projection.failure;
            }
        }
        return null;
    }

    private void finish(final StateCapture capture, final SnapshotInfo info, final Throwable error)
    {
        spare.set(capture.aggregates);
        if (capture.scheduled)
        {
            busy.set(false);
        }
        if (null != error)
        {
            if (capture.scheduled)
            {
                errorHandler.onError(error);
            }
            capture.future.completeExceptionally(error);
        }
        else
        {
            LOG.debug("snapshot written: {}", info);
            capture.future.complete(info);
        }
    }

    private int recordCrc(final long position)
    {
        final JournalPage page = journal.readForward(position, 1);
        if (page.entries().isEmpty() || page.entries().get(0).position() != position)
        {
            throw new EngineException("the journal holds no record at the snapshot's position " +
                PositionFormat.position(position));
        }
        return page.entries().get(0).view().crc32c();
    }

    private void writeSections(
        final SnapshotWriter writer,
        final StateCapture capture,
        final CapturedAggregates aggregates,
        final int recordCrc) throws IOException
    {
        final ExpandableArrayBuffer meta = new ExpandableArrayBuffer(256);
        int offset = 0;
        offset = putInt(meta, offset, SnapshotSections.FORMAT);
        offset = putLong(meta, offset, capture.position);
        offset = putLong(meta, offset, capture.epoch);
        offset = putInt(meta, offset, recordCrc);
        offset = putInt(meta, offset, codecs.count());
        for (int i = 0; i < codecs.count(); i++)
        {
            offset = putString(meta, offset, codecs.type(i).type().getName());
            offset = putInt(meta, offset, codecs.version(i));
            offset = putLong(meta, offset, codecs.fingerprint(i));
        }
        offset = putLong(meta, offset, capture.aggregateCount);
        offset = putInt(meta, offset, capture.keyCount);
        offset = putInt(meta, offset, capture.projections.length);
        writer.section(SnapshotSections.META, meta, 0, offset);

        final EpochHistory history = capture.history;
        final ExpandableArrayBuffer epochs = new ExpandableArrayBuffer(64);
        offset = putInt(epochs, 0, history.size());
        for (int i = 0; i < history.size(); i++)
        {
            offset = putLong(epochs, offset, history.epochAt(i));
            offset = putLong(epochs, offset, history.startAt(i));
        }
        writer.section(SnapshotSections.EPOCHS, epochs, 0, offset);

        try (OutputStream out = writer.openSection(SnapshotSections.AGGREGATES))
        {
            aggregates.writeSorted(out);
        }
        writer.section(SnapshotSections.KEYS, capture.keys, 0, capture.keysLength);
        for (final StateCapture.ProjectionCapture projection : capture.projections)
        {
            final ExpandableArrayBuffer section = new ExpandableArrayBuffer(projection.length + 64);
            offset = putString(section, 0, projection.name);
            offset = putInt(section, offset, projection.length);
            section.putBytes(offset, projection.state, 0, projection.length);
            writer.section(SnapshotSections.PROJECTION, section, 0, offset + projection.length);
        }
    }

    /**
     * The last position a rejoin after truncation may keep, if this node can be truncated: the floor the replication
     * node set, else, on an engine that replicates, the position before the start of the newest epoch (a truncation
     * may drop the epoch's first record itself); -1 for none.
     */
    private long retentionFloor(final StateCapture capture)
    {
        final long floor = journal.retentionFloor();
        if (Journal.NULL_POSITION != floor || !replicated || policy.journalRetention() ==
            SnapshotPolicy.JournalRetention.KEEP)
        {
            return floor;
        }
        final EpochHistory history = capture.history;
        return null == history || 0 == history.size() ? Journal.NULL_POSITION :
            Math.max(Journal.NULL_POSITION, history.startAt(history.size() - 1) - 1);
    }

    /**
     * Release the journal before the snapshot recovery starts from in the worst case: the oldest kept, or with a
     * retention floor the newest at or before the floor (pruning keeps it), so that a journal truncated back to the
     * floor still has a snapshot and every record after it.
     */
    private void retainJournal(final long floor) throws IOException
    {
        if (policy.journalRetention() == SnapshotPolicy.JournalRetention.KEEP)
        {
            return;
        }
        if (null != unsnapshottedProjection)
        {
            LOG.warn("journal retention {} not applied: projection {} is rebuilt " +
                "from the whole journal at launch; give it a snapshot name or a checkpoint",
                policy.journalRetention(), unsnapshottedProjection);
            return;
        }
        final long base = baseSnapshot(store.list(), floor);
        if (Journal.NULL_POSITION == base || journal.cycleOf(base) <= journal.cycleOf(journal.firstPosition()))
        {
            return;
        }
        ReleasedJournal.mark(engineDirectory, base, journal.context().fileAccess());
        final List<Path> released = journal.releaseBefore(base,
            policy.journalRetention() == SnapshotPolicy.JournalRetention.ARCHIVE ? archiveDirectory : null);
        for (final Path file : released)
        {
            LOG.info("journal cycle file {} {}: it lies before the snapshot at " +
                "position {}, which recovery needs at most", file,
                policy.journalRetention() == SnapshotPolicy.JournalRetention.ARCHIVE ?
                "archived to " + archiveDirectory : "deleted", base);
        }
    }

    /**
     * The position of the oldest snapshot, or with a floor of the newest at or before it; -1 if there is none.
     */
    private static long baseSnapshot(final List<Path> files, final long floor)
    {
        if (files.isEmpty())
        {
            return Journal.NULL_POSITION;
        }
        if (Journal.NULL_POSITION == floor)
        {
            return SnapshotStore.positionOf(files.get(0));
        }
        for (int i = files.size() - 1; i >= 0; i--)
        {
            final long position = SnapshotStore.positionOf(files.get(i));
            if (position <= floor)
            {
                return position;
            }
        }
        return Journal.NULL_POSITION;
    }

    private static int putInt(final ExpandableArrayBuffer buffer, final int offset, final int value)
    {
        buffer.putInt(offset, value, SectionCursor.ORDER);
        return offset + Integer.BYTES;
    }

    private static int putLong(final ExpandableArrayBuffer buffer, final int offset, final long value)
    {
        buffer.putLong(offset, value, SectionCursor.ORDER);
        return offset + Long.BYTES;
    }

    private static int putString(final ExpandableArrayBuffer buffer, final int offset, final String value)
    {
        final int length = buffer.putStringWithoutLengthUtf8(offset + Integer.BYTES, value);
        buffer.putInt(offset, length, SectionCursor.ORDER);
        return offset + Integer.BYTES + length;
    }

    @Override
    public void close()
    {
        thread.shutdown();
        try
        {
            if (!thread.awaitTermination(60, TimeUnit.SECONDS))
            {
                errorHandler.onError(new EngineException("a snapshot was still being written 60 s after close; " +
                    "its temporary file is removed at the next launch"));
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
