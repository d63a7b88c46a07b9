package dev.scribe.engine;

import dev.scribe.engine.snapshot.SnapshotException;
import dev.scribe.engine.snapshot.SnapshotReader;
import dev.scribe.engine.snapshot.SnapshotStore;
import dev.scribe.journal.Journal;
import dev.scribe.journal.JournalPage;
import dev.scribe.journal.PositionFormat;
import org.agrona.DirectBuffer;
import org.slf4j.Logger;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Recovery's first step: load the newest snapshot that is valid and fits this journal and this code, newest first,
 * skipping (with the reason) every one that does not. A snapshot is used only if its file checks out, its position
 * is in the journal with the same record there, every aggregate type it holds is registered with the same state
 * layout, every aggregate decodes and, unless the policy says not to, the state hash of what was loaded is the one
 * in its header. Loading stops at an older {@code maxPosition} for rebuilding the state as of a position.
 */
final class SnapshotRestore
{
    private static final Logger LOG = EngineLog.SNAPSHOT;

    private final SnapshotPolicy policy;
    private final AggregateCodecs codecs;
    private final AggregateStore store;
    private final IdempotencyKeys idempotency;
    private final Leadership leadership;
    private final List<ProjectionHandler> projections;
    private final Journal journal;
    private final SnapshotStore snapshots;
    private final List<String> skipped = new ArrayList<>();
    private String diverged;
    private Path loaded;
    private long position = Journal.NULL_POSITION;

    SnapshotRestore(
        final SnapshotPolicy policy,
        final AggregateCodecs codecs,
        final AggregateStore store,
        final IdempotencyKeys idempotency,
        final Leadership leadership,
        final List<ProjectionHandler> projections,
        final Journal journal,
        final SnapshotStore snapshots)
    {
        this.policy = policy;
        this.codecs = codecs;
        this.store = store;
        this.idempotency = idempotency;
        this.leadership = leadership;
        this.projections = projections;
        this.journal = journal;
        this.snapshots = snapshots;
    }

    /**
     * Load the newest usable snapshot at or before a position.
     *
     * @return the position its state is at, or {@link Journal#NULL_POSITION} if none was loaded.
     */
    long load(final long maxPosition)
    {
        final List<Path> files = snapshots.list();
        final long last = journal.lastPosition();
        for (int i = files.size() - 1; i >= 0; i--)
        {
            final Path file = files.get(i);
            if (SnapshotStore.positionOf(file) > maxPosition)
            {
                continue;
            }
            try (SnapshotReader reader = snapshots.open(file))
            {
                if (reader.position() > last)
                {
                    diverged = "it is after the end of the journal";
                    throw new SnapshotException("snapshot " + file + " is at position " +
                        PositionFormat.position(reader.position()) +
                        ", after the end of the journal at " + last);
                }
                loadFrom(reader);
                loaded = file;
                position = reader.position();
                return position;
            }
            catch (final RuntimeException ex)
            {
                store.clear();
                idempotency.clear();
                final String reason = (ex instanceof SnapshotException ? ex.getMessage() :
                    "snapshot " + file + " cannot be loaded: " + ex) + "; skipped";
                skipped.add(reason);
                LOG.warn(reason);
                setAsideIfDiverged(file);
            }
        }
        return Journal.NULL_POSITION;
    }

    /** A snapshot of another history can never be used here: move it out of the way of recovery and pruning. */
    private void setAsideIfDiverged(final Path file)
    {
        final String reason = diverged;
        diverged = null;
        if (null != reason && !snapshots.isReadOnly())
        {
            try
            {
                snapshots.setAside(file, reason);
            }
            catch (final SnapshotException ex)
            {
                LOG.warn(ex.getMessage());
            }
        }
    }

    Path loaded()
    {
        return loaded;
    }

    List<String> skipped()
    {
        return skipped;
    }

    /**
     * Where replay must start so that every projection gets what it lacks: the snapshot's position, or earlier for
     * a projection that is rebuilt from the start or whose checkpoint is behind.
     */
    long replayFrom()
    {
        long from = position;
        for (final ProjectionHandler projection : projections)
        {
            from = Math.min(from, projection.replayFrom());
        }
        return from;
    }

    private void loadFrom(final SnapshotReader reader)
    {
        final Sections sections = Sections.of(reader);
        final String file = reader.file().toString();
        final int[] typeMap = readMeta(sections, reader);
        final long count = sections.aggregateCount;
        final StateHasher hasher = new StateHasher().putLong(count);
        final SectionCursor in = sections.aggregates;
        String previous = null;
        for (long i = 0; i < count; i++)
        {
            final int stored = in.getInt();
            if (stored < 0 || stored >= typeMap.length)
            {
                throw in.damaged("aggregate type index " + stored + " of " + typeMap.length);
            }
            final String id = in.getString("aggregate id");
            if (null != previous && previous.compareTo(id) >= 0)
            {
                throw in.damaged("aggregate ids are not in ascending order: " + id + " follows " + previous);
            }
            final long version = in.getLong();
            final int length = in.getLength("aggregate state");
            final int typeIndex = typeMap[stored];
            final Aggregate state = codecs.decode(typeIndex, in.buffer(), in.position(), length);
            in.skip(length);
            final AggregateEntry entry = new AggregateEntry(id, codecs.type(typeIndex), state);
            entry.version = version;
            store.keep(entry);
            if (policy.verify())
            {
                AggregateStore.hashEntry(hasher, entry.type, id, version, state);
            }
            previous = id;
        }
        in.expectEnd();
        if (policy.verify() && hasher.hash() != reader.stateHash())
        {
            throw new SnapshotException("snapshot " + file + " holds state whose hash " +
                PositionFormat.hash(hasher.hash()) + " is not the " + PositionFormat.hash(reader.stateHash()) +
                " in its header");
        }
        readKeys(sections.keys, sections.keyCount);
        leadership.restored(readEpochs(sections.epochs), reader.position());
        restoreProjections(sections, reader.position());
    }

    private int[] readMeta(final Sections sections, final SnapshotReader reader)
    {
        final SectionCursor meta = sections.meta;
        final int format = meta.getInt();
        if (format != SnapshotSections.FORMAT)
        {
            throw meta.damaged("engine snapshot format " + format + " is not " + SnapshotSections.FORMAT);
        }
        final long position = meta.getLong();
        meta.getLong(); // epoch, also in the file header
        final int recordCrc = meta.getInt();
        if (position != reader.position())
        {
            throw meta.damaged("position " + PositionFormat.position(position) + " is not the header's " +
                PositionFormat.position(reader.position()));
        }
        checkRecord(position, recordCrc, reader.file());
        final int types = meta.getCount(16, "aggregate type");
        final int[] typeMap = new int[types];
        for (int i = 0; i < types; i++)
        {
            final String className = meta.getString("aggregate class name");
            final int version = meta.getInt();
            final long fingerprint = meta.getLong();
            typeMap[i] = matchType(className, version, fingerprint, reader.file());
        }
        sections.aggregateCount = meta.getLong();
        if (sections.aggregateCount < 0 || sections.aggregateCount > sections.aggregates.remaining() / 20)
        {
            throw meta.damaged("aggregate count " + sections.aggregateCount + " does not fit in its section");
        }
        sections.keyCount = meta.getInt();
        if (sections.keyCount < 0 || sections.keyCount > sections.keys.remaining() / 20)
        {
            throw meta.damaged("idempotency key count " + sections.keyCount + " does not fit in its section");
        }
        meta.getInt(); // projection count: the projection sections are found by name
        meta.expectEnd();
        return typeMap;
    }

    private int matchType(final String className, final int version, final long fingerprint, final Path file)
    {
        for (int i = 0; i < codecs.count(); i++)
        {
            if (codecs.type(i).type().getName().equals(className))
            {
                if (!codecs.available(i))
                {
                    throw new SnapshotException("snapshot " + file + " holds " + className + " state, which this " +
                        "engine cannot decode: " + codecs.problem());
                }
                if (codecs.version(i) != version || codecs.fingerprint(i) != fingerprint)
                {
                    throw new SnapshotException("snapshot " + file + " holds " + className + " state written by " +
                        "layout version " + version + " fingerprint " + Long.toHexString(fingerprint) + "; this " +
                        "code's is version " + codecs.version(i) + " fingerprint " +
                        Long.toHexString(codecs.fingerprint(i)) + ", so the state is rebuilt from the journal");
                }
                return i;
            }
        }
        throw new SnapshotException("snapshot " + file + " holds aggregates of type " + className +
            ", which is not registered");
    }

    private void checkRecord(final long position, final int recordCrc, final Path file)
    {
        final JournalPage page = journal.readForward(position, 1);
        if (page.entries().isEmpty() || page.entries().get(0).position() != position)
        {
            throw new SnapshotException("snapshot " + file + " is at position " + PositionFormat.position(position) +
                ", which holds no record in the journal");
        }
        if (page.entries().get(0).view().crc32c() != recordCrc)
        {
            diverged = "the journal holds another record at its position";
            throw new SnapshotException("snapshot " + file + " was taken of another journal: the record at " +
                "position " + PositionFormat.position(position) + " is not the one it was taken after");
        }
    }

    private void readKeys(final SectionCursor keys, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            final String key = keys.getString("idempotency key");
            final long keyPosition = keys.getLong();
            final long version = keys.getLong();
            idempotency.remember(key, keyPosition, version);
        }
        keys.expectEnd();
    }

    private static EpochHistory readEpochs(final SectionCursor epochs)
    {
        final int count = epochs.getCount(16, "epoch");
        EpochHistory history = EpochHistory.EMPTY;
        for (int i = 0; i < count; i++)
        {
            final long epoch = epochs.getLong();
            final long start = epochs.getLong();
            try
            {
                history = history.with(epoch, start);
            }
            catch (final IllegalStateException ex)
            {
                throw epochs.damaged(ex.getMessage());
            }
        }
        epochs.expectEnd();
        return history;
    }

    private void restoreProjections(final Sections sections, final long snapshotPosition)
    {
        for (final ProjectionHandler projection : projections)
        {
            final String name = projection.snapshotName();
            if (null == name)
            {
                continue;
            }
            final SectionCursor state = sections.projections.get(name);
            if (null == state)
            {
                LOG.info("projection {} is not in the snapshot; it is rebuilt from the " +
                    "start of the journal", name);
                continue;
            }
            try
            {
                projection.restore(state.buffer(), state.position(), state.remaining(), snapshotPosition);
            }
            catch (final RuntimeException ex)
            {
                LOG.warn("projection {} cannot be restored from the snapshot ({}); " +
                    "it is rebuilt from the start of the journal", name, ex.getMessage());
            }
        }
    }

    /** The sections of one snapshot, found and checked for presence before anything is loaded. */
    private static final class Sections
    {
        SectionCursor meta;
        SectionCursor epochs;
        SectionCursor aggregates;
        SectionCursor keys;
        final Map<String, SectionCursor> projections = new HashMap<>();
        long aggregateCount;
        int keyCount;

        static Sections of(final SnapshotReader reader)
        {
            final Sections sections = new Sections();
            reader.forEachSection(sections::onSection);
            if (null == sections.meta || null == sections.epochs || null == sections.aggregates ||
                null == sections.keys)
            {
                throw new SnapshotException("snapshot " + reader.file() + " lacks one of its sections (meta, " +
                    "epochs, aggregates, idempotency keys)");
            }
            return sections;
        }

        private void onSection(final int typeId, final DirectBuffer buffer, final int offset, final int length)
        {
            switch (typeId)
            {
                case SnapshotSections.META -> meta = new SectionCursor("meta", buffer, offset, length);
                case SnapshotSections.EPOCHS -> epochs = new SectionCursor("epochs", buffer, offset, length);
                case SnapshotSections.AGGREGATES ->
                    aggregates = new SectionCursor("aggregates", buffer, offset, length);
                case SnapshotSections.KEYS -> keys = new SectionCursor("keys", buffer, offset, length);
                case SnapshotSections.PROJECTION ->
                {
                    final SectionCursor cursor = new SectionCursor("projection", buffer, offset, length);
                    final String name = cursor.getString("projection name");
                    final int stateLength = cursor.getLength("projection state");
                    projections.put(name, new SectionCursor("projection " + name, buffer, cursor.position(),
                        stateLength));
                }
                default -> throw new SnapshotException("unknown snapshot section type " + typeId);
            }
        }
    }
}
