package dev.scribe.replication;

import dev.scribe.codecs.CodecException;
import dev.scribe.codecs.journal.RecordView;
import dev.scribe.engine.Engine;
import dev.scribe.engine.EngineConfiguration;
import dev.scribe.engine.EngineContext;
import dev.scribe.engine.EngineException;
import dev.scribe.engine.EngineRole;
import dev.scribe.engine.replica.ReplicaPort;
import dev.scribe.engine.replica.ReplicaSetup;
import dev.scribe.journal.FileAccess;
import dev.scribe.journal.Journal;
import dev.scribe.journal.JournalTailer;
import dev.scribe.journal.PositionFormat;
import dev.scribe.journal.RecordHandler;
import dev.scribe.journal.Truncation;
import dev.scribe.replication.node.RecordId;
import dev.scribe.replication.node.ReplicaLog;
import org.agrona.DirectBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The node agent's {@link ReplicaLog} over a real engine and its Chronicle journal. The engine is launched as a
 * standby, whatever role the node had: the agent decides whether it leads after comparing journals with its peer.
 * Leading journals an epoch record of exactly the agent's epoch ({@link ReplicaPort#lead}); following relaunches the
 * engine as a standby; a truncation closes the engine, truncates the journal (the dropped records kept under
 * {@code dropped/} in the engine directory) and relaunches it.
 *
 * <p>Records are read through two tailers over the engine's journal kept open between calls: one looks records up by
 * position ({@link #last()} looks up each new position once and is cached by position), the other streams records
 * and is moved only when a read does not go on from where the last one stopped. Beside the journal, in the node's
 * {@code replication} directory, are the epoch promise ({@link EpochPromise}) and the journal mark
 * ({@link TailMark}).
 *
 * <p>Called only on the agent's thread; {@link #engine()} and {@link #truncations()} from any thread.
 */
final class EngineReplicaLog implements ReplicaLog
{
    private final ReplicationContext context;
    private final NodeLink link;
    private final Consumer<String> log;
    private final Path directory;
    private final Path journalDirectory;
    private final FileAccess access;
    private final EpochPromise promise;
    private final TailMark mark;
    private final AckFloor floor;
    private final RecordView view = new RecordView();
    private final RecordHandler lookupHandler = this::onLookup;
    private final RecordHandler streamHandler = this::onStreamed;
    private volatile Engine engine;
    private volatile ReplicaPort port;
    private volatile long truncations;
    private boolean closed;

    private JournalTailer lookup;
    private long foundEpoch;
    private int foundCrc;
    private RecordId last = RecordId.NONE;

    private JournalTailer stream;
    private long streamedTo;
    private long skipUpTo;
    private RecordSink sink;
    private int delivered;

    /**
     * Launch the node's engine as a standby, read the node's promise and journal mark and record that the node runs.
     *
     * @param context the node's settings; its engine supplier gives the engine's context.
     * @param link    the engine's replication link, kept across relaunches.
     * @param log     receives a line for each notable event.
     * @throws IllegalStateException naming the file if the promise or the mark is damaged.
     */
    EngineReplicaLog(final ReplicationContext context, final NodeLink link, final Consumer<String> log)
    {
        this(context, link, log, () -> TailMark.bootId(TailMark.BOOT_ID_FILE));
    }

    /**
     * As the public constructor, with the source of the machine's boot id (null for unknown).
     */
    EngineReplicaLog(final ReplicationContext context, final NodeLink link, final Consumer<String> log,
        final Supplier<String> bootId)
    {
        this.context = context;
        this.link = link;
        this.log = log;
        final Engine first = launch(context.engine().get());
        directory = first.context().directory();
        journalDirectory = first.context().journalContext().directory();
        access = first.context().journalContext().fileAccess();
        final String suspect;
        try
        {
            final Path stateDirectory = directory.resolve(ControlFile.DIRECTORY);
            try
            {
                access.createDirectories(stateDirectory);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot create " + stateDirectory + ": " + ex.getMessage(), ex);
            }
            promise = new EpochPromise(stateDirectory, access);
            mark = new TailMark(stateDirectory, access, bootId.get());
            floor = new AckFloor(stateDirectory, access);
            final long lastPosition = port.lastPosition();
            suspect = mark.start(lastPosition == RecordId.NO_POSITION, context.newCluster(),
                floor.position() > lastPosition ? "the journal ends at " + PositionFormat.position(lastPosition) +
                ", before position " +
                PositionFormat.position(floor.position()) + " that this node knew acknowledged (" + floor.file() +
                "): records were lost" :
                null);
        }
        catch (final RuntimeException ex)
        {
            first.close();
            throw ex;
        }
        if (null != suspect)
        {
            log.accept("node " + context.nodeId() + " may have lost journal records: " + suspect + "; it does " +
                "not lead on its own until it has caught up with a primary");
        }
    }

    /**
     * Launch the node's engine as a standby with the node's link, and take the port the engine hands the link.
     *
     * @throws IllegalStateException if the engine supplier gave another directory than the first time.
     */
    private Engine launch(final EngineContext engineContext)
    {
        if (null != directory)
        {
            // refused before the launch, which would make the other directory's journal and take its lock
            sameDirectory(plannedDirectory(engineContext));
        }
        final Engine started = Engine.launch(engineContext,
            new ReplicaSetup(EngineRole.STANDBY, link, context.hashCheckInterval()));
        if (null != directory)
        {
            try
            {
                sameDirectory(started.context().directory());
            }
            catch (final IllegalStateException ex)
            {
                started.close();
                throw ex;
            }
        }
        link.divergence().errorHandler(link.port().errorHandler());
        link.takeRefusal(); // a refusal by the engine before is no news about this one
        engine = started;
        port = link.port();
        last = RecordId.NONE;
        log.accept("node " + context.nodeId() + " is " + port.role() + " at epoch " + port.epoch() +
            ", last position " + PositionFormat.position(port.lastPosition()));
        return started;
    }

    private void sameDirectory(final Path launched)
    {
        if (!launched.equals(directory))
        {
            throw new IllegalStateException("the node's engine supplier gave the directory " + launched + " after " +
                directory + "; it must give the same one every time");
        }
    }

    /** The directory an engine context not yet concluded will launch in, as its conclude() resolves it. */
    private static Path plannedDirectory(final EngineContext engineContext)
    {
        final Path given = engineContext.directory();
        return (null == given ? Path.of(System.getProperty(EngineConfiguration.DIRECTORY_PROP_NAME,
            EngineConfiguration.DIRECTORY_DEFAULT)) : given).toAbsolutePath().normalize();
    }

    /** Close the readers and the engine, then launch a new engine as a standby. */
    private void relaunch()
    {
        closeReaders();
        engine.close();
        launch(context.engine().get());
    }

    private void closeReaders()
    {
        if (null != lookup)
        {
            lookup.close();
            lookup = null;
        }
        if (null != stream)
        {
            stream.close();
            stream = null;
        }
        sink = null;
        last = RecordId.NONE;
    }

    /**
     * The current engine; it changes when the engine is relaunched ({@link #follow()}, {@link #truncateFrom}).
     *
     * @return the engine.
     */
    Engine engine()
    {
        return engine;
    }

    /**
     * The current engine's replication port; it changes with the engine.
     *
     * @return the port.
     */
    ReplicaPort port()
    {
        return port;
    }

    /**
     * How many truncations this node has made.
     *
     * @return the count.
     */
    long truncations()
    {
        return truncations;
    }

    @Override
    public RecordId last()
    {
        final long position = port.lastPosition();
        if (position != last.position())
        {
            last = position == RecordId.NO_POSITION ? RecordId.NONE : journaled(position);
            if (!last.none())
            {
                mark.holds();
            }
        }
        return last;
    }

    private RecordId journaled(final long position)
    {
        final RecordId id = recordAt(position);
        if (null == id)
        {
            throw new IllegalStateException("the engine reports the record at " + PositionFormat.position(position) +
                " as journaled but " +
                "journal " + journalDirectory + " holds none there");
        }
        return id;
    }

    @Override
    public RecordId settledLast()
    {
        final ReplicaPort p = port;
        if (p.role() == EngineRole.STANDBY)
        {
            p.barrier(); // every record handed to the engine is journaled by now
        }
        return last();
    }

    @Override
    public RecordId recordAt(final long position)
    {
        if (position == last.position() && !last.none())
        {
            return last;
        }
        if (null == lookup)
        {
            lookup = port.tailer(Journal.NULL_POSITION);
        }
        return lookup.readAt(position, lookupHandler) ? new RecordId(position, foundEpoch, foundCrc) : null;
    }

    @Override
    public RecordId recordBefore(final long position)
    {
        if (position <= 0)
        {
            return RecordId.NONE;
        }
        final RecordId previous = recordAt(position - 1);
        if (null != previous)
        {
            return previous;
        }
        // position begins a cycle file (or holds nothing): walk from the start of the epoch the record before is in
        long from = Journal.NULL_POSITION;
        for (long e = port.epochHistory().floorEpoch(Long.MAX_VALUE); e >= 0; e = port.epochHistory().floorEpoch(
            e - 1))
        {
            final long start = port.epochHistory().startOf(e);
            if (start != RecordId.NO_POSITION && start < position)
            {
                from = start - 1;
                break;
            }
        }
        final RecordId[] found = {RecordId.NONE};
        final long[] at = {RecordId.NO_POSITION};
        try (JournalTailer walk = port.tailer(from))
        {
            final RecordHandler note = (p, record) ->
            {
                at[0] = p;
                if (p < position)
                {
                    found[0] = new RecordId(p, record.epoch(), record.crc32c());
                }
            };
            int read;
            do
            {
                read = walk.poll(note, 1);
            }
            while (read > 0 && at[0] < position);
        }
        return found[0];
    }

    @Override
    public long acknowledgedFloor()
    {
        return floor.position();
    }

    @Override
    public void acknowledgedFloor(final long position)
    {
        floor.raise(position, System.nanoTime());
    }

    private void onLookup(final long position, final RecordView record)
    {
        foundEpoch = record.epoch();
        foundCrc = record.crc32c();
    }

    @Override
    public long startOf(final long epoch)
    {
        return port.epochHistory().startOf(epoch);
    }

    @Override
    public long floorEpoch(final long epoch)
    {
        return port.epochHistory().floorEpoch(epoch);
    }

    @Override
    public long nextEpochStart(final long epoch)
    {
        return port.epochHistory().nextEpochStart(epoch);
    }

    @Override
    public long promisedEpoch()
    {
        return Math.max(promise.epoch(), port.epoch()); // an engine may start above its journal (a snapshot's epoch)
    }

    @Override
    public void promise(final long epoch)
    {
        promise.raise(epoch);
    }

    @Override
    public boolean mayHaveLostTail()
    {
        return mark.suspect();
    }

    @Override
    public void journalWhole()
    {
        mark.whole(port.lastPosition() == RecordId.NO_POSITION);
    }

    @Override
    public RecordId lead(final long epoch)
    {
        if (epoch > promise.epoch())
        {
            throw new IllegalStateException("node " + context.nodeId() + " cannot lead epoch " + epoch + " before " +
                "promising it; its promise in " + promise.file() + " is epoch " + promise.epoch());
        }
        // The old primary hashes its state after a record as soon as it applies it, before the record is streamed:
        // its hashes for positions this journal never got describe records the new epoch now replaces. The agent
        // closed every connection before leading, so none arrives after this (the epoch record's own hash included).
        link.divergence().reset();
        final long position = port.lead(epoch);
        final RecordId first = journaled(position);
        if (first.epoch() != epoch)
        {
            throw new IllegalStateException("the epoch record journaled at " + PositionFormat.position(position) +
                " for epoch " + epoch +
                " is of epoch " + first.epoch());
        }
        log.accept("node " + context.nodeId() + " leads epoch " + epoch + " from " + PositionFormat.position(position));
        return first;
    }

    @Override
    public void follow()
    {
        floor.persist();
        if (port.role() == EngineRole.PRIMARY)
        {
            log.accept("node " + context.nodeId() + " stops leading at epoch " + port.epoch());
            link.divergence().reset();
            relaunch();
        }
    }

    @Override
    public boolean append(final RecordId record, final DirectBuffer buffer, final int offset, final int length)
    {
        if (link.takeRefusal())
        {
            // records handed over behind the refused one are refused too: let them pass before the next stream
            port.barrier();
            link.takeRefusal();
            return false;
        }
        try
        {
            view.wrap(buffer, offset, length);
        }
        catch (final CodecException ex)
        {
            return false;
        }
        if (view.crc32c() != record.crc() || view.epoch() != record.epoch())
        {
            return false;
        }
        try
        {
            port.replicate(record.position(), buffer, offset, length);
            return true;
        }
        catch (final EngineException ex)
        {
            return false;
        }
    }

    @Override
    public void truncateFrom(final long position)
    {
        floor.persist();
        closeReaders();
        final Engine closing = engine;
        final EngineContext closedContext = closing.context();
        closing.close();
        try
        {
            final Path dropped = directory.resolve("dropped").resolve("from-" + position + "-" +
                System.currentTimeMillis());
            final Truncation truncation = Journal.truncate(closedContext.journalContext(), position, dropped);
            link.divergence().reset(); // hashes of the dropped records' positions no longer describe this journal
            truncations++;
            log.accept("node " + context.nodeId() + " truncated its journal: " + truncation + "; the dropped " +
                "records are kept in " + dropped);
        }
        finally
        {
            launch(context.engine().get());
        }
    }

    @Override
    public int read(final long afterPosition, final int limit, final RecordSink recordSink)
    {
        if (null == stream)
        {
            stream = port.tailer(afterPosition);
            streamedTo = afterPosition;
            skipUpTo = afterPosition;
        }
        else if (afterPosition != streamedTo)
        {
            stream.seek(afterPosition);
            streamedTo = afterPosition;
            skipUpTo = afterPosition;
        }
        sink = recordSink;
        delivered = 0;
        try
        {
            while (delivered < limit)
            {
                final int before = delivered;
                final int read = stream.poll(streamHandler, limit - delivered);
                if (0 == read || delivered - before == read)
                {
                    break; // caught up, or read only records delivered (none skipped): the limit was reached
                }
            }
        }
        finally
        {
            sink = null;
        }
        return delivered;
    }

    private void onStreamed(final long position, final RecordView record)
    {
        if (position <= skipUpTo)
        {
            return;
        }
        streamedTo = position;
        delivered++;
        sink.onRecord(new RecordId(position, record.epoch(), record.crc32c()), record.buffer(), record.offset(),
            record.length());
    }

    @Override
    public void acknowledged(final long epoch, final long position)
    {
        port.acknowledged(epoch, position);
    }

    @Override
    public void standbyConnected(final boolean connected)
    {
        port.standbyConnected(connected);
    }

    /**
     * Close the engine, force its journal to storage and record the clean stop, so that a start after a machine
     * crash does not take this journal as suspect. If the journal cannot be forced the stop is not recorded as
     * clean.
     */
    void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try (AckFloor closing = floor)
        {
            closing.persist();
        }
        closeReaders();
        engine.close();
        try
        {
            Journal.forceAll(journalDirectory);
        }
        catch (final RuntimeException ex)
        {
            log.accept("node " + context.nodeId() + " could not force its journal to storage at close, so the " +
                "stop is not recorded as clean: " + ex.getMessage());
            return;
        }
        mark.stoppedCleanly(port.lastPosition() == RecordId.NO_POSITION);
    }
}
