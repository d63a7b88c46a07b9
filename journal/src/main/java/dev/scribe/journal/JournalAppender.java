package dev.scribe.journal;

import dev.scribe.codecs.journal.RecordView;
import dev.scribe.codecs.journal.RecordWriter;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.core.io.ReferenceOwner;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.IllegalIndexException;
import net.openhft.chronicle.queue.impl.single.InternalAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.Wire;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The writing side of a journal: appends at the next position the clock gives, or at a position the caller names
 * (a standby copying its primary, a truncation copying the records it keeps).
 *
 * <p>In a journal of format 1 each record is written as its own Chronicle document at once. In one of format 2 the
 * records of a batch ({@link #beginBatch} to {@link #commitBatch}) are staged in memory ({@link BatchStager}) and
 * written as one document when the batch commits, or when the next record would make the document too large (then
 * the next one is begun); a record appended outside a batch is a document of its own, written at once. A record's
 * position is known, and returned, when it is staged; nothing of a batch is in the files, for a reader or after a
 * crash, before its document is written. Every document goes to the Chronicle index worked out for it, so the
 * positions handed out hold whatever the clock does meanwhile: one that follows the last document in the cycle the
 * appender is in is appended plainly, with the journal's clock pinned inside that cycle for the write, and any other
 * goes through {@code InternalAppender.writeBytes(index, bytes)}, which finds its place from the cycle's index.
 *
 * <p>A document that cannot be written (a mapped file that faults, an index Chronicle refuses) loses the records
 * staged in it, whose positions were handed out; the appender then refuses every append, naming that failure,
 * until the journal is reopened, so that nothing is appended after records that are not there.
 *
 * <p>The journal's last position is cached once known: the journal has one writer, so only this appender moves it.
 */
final class JournalAppender implements AutoCloseable
{
    private static final long UNKNOWN = Long.MIN_VALUE;

    private final SingleChronicleQueue queue;
    private final JournalReader reader;
    private final PositionLayout layout;
    private final RollCycle rollCycle;
    private final Path directory;
    private final int maxRecordBytes;
    private final boolean writable;
    private final boolean batched;
    private final CycleRetention retention;
    private final FileAccess access;
    private final RecordMac.Sealer sealer;
    private final byte[] tag = new byte[RecordMac.MAC_BYTES];
    private final JournalSync sync;
    private final CycleLedger ledger;
    private final BatchStager stager;
    /** Brings the pages ahead of the writer in, or null if the journal does not pretouch. */
    private final JournalPretoucher pretoucher;
    private File cycleFile;
    /** The queue's clock when it is the journal's own, which the appender pins while it writes; else null. */
    private final ChronicleClock clock;
    private final ExpandableDirectByteBuffer staging = new ExpandableDirectByteBuffer(256);
    private final RecordView checkView = new RecordView();
    private final Object creationLock = new Object();
    private ExcerptAppender appender;
    private ByteBuffer wrappedBuffer;
    private Bytes<ByteBuffer> wrappedBytes;
    private long lastPosition = UNKNOWN;
    private long lastDocument = UNKNOWN;
    private int writtenCycle = -1;
    private boolean inBatch;
    private String failure;
    private boolean droppedOnClose;
    // read by a release on another thread; set under creationLock, so a release under way finishes first
    private volatile boolean closed;

    /**
     * An appender over a queue; nothing is created in the queue until the first append.
     *
     * @param reader    the journal's reading side: its queue, record MACs (each record appended is sealed when the
     *                  journal is keyed) and format (that of the records appended).
     * @param limits    the largest record and batch document.
     * @param retention deletes old cycles after appends, or null to keep every cycle.
     * @param access    given to each cycle file the appender creates.
     * @param sync      told of each cycle file appended to, or null.
     * @param ledger    told of each cycle appended to, or null.
     */
    JournalAppender(
        final JournalReader reader,
        final Path directory,
        final AppendLimits limits,
        final boolean writable,
        final CycleRetention retention,
        final FileAccess access,
        final JournalSync sync,
        final CycleLedger ledger)
    {
        this.access = access;
        this.sealer = reader.mac().sealer();
        if (writable && null != sealer && !sealer.keyed())
        {
            throw new IllegalStateException("a keyed journal is written only with its key");
        }
        this.queue = reader.queue();
        this.reader = reader;
        this.rollCycle = queue.rollCycle();
        this.clock = queue.time() instanceof ChronicleClock own ? own : null;
        this.pretoucher = writable && limits.pretouchBytes() > 0 ?
            new JournalPretoucher(limits.pretouchBytes(), "scribe-journal-pretouch") : null;
        this.layout = new PositionLayout(rollCycle);
        this.directory = directory;
        this.maxRecordBytes = limits.maxRecordBytes();
        this.writable = writable;
        this.batched = reader.format() == JournalFormat.V2;
        this.stager = batched ? new BatchStager(limits.maxBatchRecords(), limits.maxBatchBytes(),
            null == sealer ? 0 : RecordMac.MAC_BYTES) : null;
        this.retention = retention;
        this.sync = sync;
        this.ledger = ledger;
    }

    /**
     * Begin a batch: in a journal of format 2, the records appended until {@link #commitBatch} share documents.
     *
     * @throws IllegalStateException if a batch is open already.
     */
    void beginBatch()
    {
        checkWritable(0);
        if (inBatch)
        {
            throw new IllegalStateException("journal " + directory + " has a batch open already");
        }
        inBatch = true;
    }

    /**
     * Whether a batch is open.
     */
    boolean inBatch()
    {
        return inBatch;
    }

    /**
     * Write the open batch's document, if it has records, and end the batch.
     *
     * @return the position of the last record written so far, or {@link Journal#NULL_POSITION} if none.
     * @throws JournalException if the document cannot be written; its records are lost.
     */
    long commitBatch()
    {
        final boolean open = inBatch;
        inBatch = false;
        if (open && droppedOnClose)
        {
            throw new JournalException("journal " + directory + " was closed before its batch was committed: the " +
                "records appended in the batch are not in it");
        }
        if (batched && stager.open())
        {
            return writeStaged();
        }
        return lastPosition();
    }

    long append(final RecordWriter writer)
    {
        checkWritable(writer.length());
        if (batched)
        {
            return stageNext(writer.buffer(), 0, writer.length());
        }
        if (null != sealer)
        {
            return appendSealed(writer.buffer(), 0, writer.length());
        }
        return appendNext(wrap(writer.buffer().byteBuffer(), writer.length()));
    }

    long append(final DirectBuffer buffer, final int offset, final int length)
    {
        checkView.wrap(buffer, offset, length);
        checkWritable(length);
        if (batched)
        {
            return stageNext(buffer, offset, length);
        }
        if (null != sealer)
        {
            return appendSealed(buffer, offset, length);
        }
        return appendNext(stage(buffer, offset, length));
    }

    long appendAt(final long position, final DirectBuffer buffer, final int offset, final int length)
    {
        checkView.wrap(buffer, offset, length);
        checkWritable(length);
        checkNextPosition(position, lastAppended());
        if (batched)
        {
            return stageAt(position, buffer, offset, length);
        }
        if (null != sealer)
        {
            sealer.seal(position, buffer, offset, length, tag);
            return committed(writeAt(position, stageSealed(buffer, offset, length)));
        }
        return committed(writeAt(position, stage(buffer, offset, length)));
    }

    /**
     * Stage a record at the next position the clock gives: in the open document if it has room, else in a new one.
     */
    private long stageNext(final DirectBuffer buffer, final int offset, final int length)
    {
        if (stager.open() && !stager.fits(length))
        {
            writeStaged();
        }
        if (!stager.open())
        {
            checkClock();
            final int cycle = queue.cycle();
            final long last = lastPosition();
            if (Journal.NULL_POSITION != last && layout.cycleOf(last) == cycle)
            {
                checkRoom(last);
                stager.begin(last + 1, lastDocument() + 1);
            }
            else
            {
                stager.begin(layout.position(cycle, 0), layout.position(cycle, 0));
            }
        }
        else
        {
            checkRoom(stager.lastPosition());
        }
        return stageRecord(stager.nextPosition(), buffer, offset, length);
    }

    /**
     * Stage a record at a position already checked to be the next: in the open document if it goes on from it and
     * has room, else in a new one.
     */
    private long stageAt(final long position, final DirectBuffer buffer, final int offset, final int length)
    {
        if (stager.open() && (position != stager.nextPosition() || !layout.sameCycle(position, stager.index()) ||
            !stager.fits(length)))
        {
            writeStaged();
        }
        if (!stager.open())
        {
            final long last = lastPosition();
            stager.begin(position, Journal.NULL_POSITION != last && layout.sameCycle(last, position) ?
                lastDocument() + 1 : layout.position(layout.cycleOf(position), 0));
        }
        return stageRecord(position, buffer, offset, length);
    }

    private long stageRecord(final long position, final DirectBuffer buffer, final int offset, final int length)
    {
        if (null != sealer)
        {
            sealer.seal(position, buffer, offset, length, tag);
        }
        stager.add(buffer, offset, length, null == sealer ? null : tag);
        if (!inBatch)
        {
            writeStaged();
        }
        return position;
    }

    private void checkRoom(final long last)
    {
        if (layout.lastOfCycle(last))
        {
            throw new JournalException("cannot append to journal " + directory + ": its cycle " +
                layout.cycleOf(last) + " holds the most records a cycle of its roll cycle can hold (last position " +
                layout.describe(last) + "); the next record goes in when the clock starts the next cycle");
        }
    }

    /**
     * Write the staged document at its index. The staged records are gone whether or not this succeeds.
     *
     * @return the position of its last record.
     */
    private long writeStaged()
    {
        stager.seal();
        final long last = stager.lastPosition();
        final long index = stager.index();
        final int length = stager.length();
        stager.clear();
        try
        {
            writeAt(index, wrap(stager.buffer().byteBuffer(), length));
        }
        catch (final Throwable ex)
        {
            // an Error too: the document may or may not be written, so nothing after it may reuse its positions
            failure = String.valueOf(ex.getMessage());
            inBatch = false; // the batch is lost: its caller learns so from inBatch()
            forgetLast();
            if (ex instanceof VirtualMachineError)
            {
                throw ex;
            }
            throw new JournalException("journal " + directory + " could not write the batch document of the " +
                "records up to position " + layout.describe(last) + ", which are lost; it refuses appends until " +
                "it is reopened: " + ex.getMessage(), ex);
        }
        lastPosition = last;
        return last;
    }

    /**
     * The position of the last record appended, staged or written.
     */
    private long lastAppended()
    {
        return batched && stager.open() ? stager.lastPosition() : lastPosition();
    }

    /**
     * Copy a record's bytes as they are, unchecked and with no size limit, to a position.
     */
    long copyAt(final long index, final BytesStore<?, ?> bytes)
    {
        checkWritable(0);
        checkNextPosition(index, lastDocument());
        return writeAt(index, bytes);
    }

    /**
     * The position of the last record written (a staged one is not), read from the queue the first time and then
     * kept up to date.
     */
    long lastPosition()
    {
        if (UNKNOWN == lastPosition)
        {
            lastPosition = reader.lastPosition();
        }
        return lastPosition;
    }

    /**
     * The Chronicle index of the last document written, read from the queue the first time and then kept up to date.
     */
    private long lastDocument()
    {
        if (UNKNOWN == lastDocument)
        {
            lastDocument = reader.lastDocument();
        }
        return lastDocument;
    }

    /** A document of format 1 was written at an index: the index is its record's position. */
    private long committed(final long index)
    {
        lastPosition = index;
        return index;
    }

    /**
     * The Chronicle appender, or null if nothing was appended yet.
     */
    ExcerptAppender chronicle()
    {
        return appender;
    }

    private void checkWritable(final int length)
    {
        if (!writable)
        {
            throw new JournalException("journal " + directory + " is open read-only");
        }
        if (closed)
        {
            throw new JournalException("journal " + directory + " is closed");
        }
        if (null != failure)
        {
            throw new JournalException("journal " + directory + " refuses appends until it is reopened: a batch " +
                "document could not be written (" + failure + ")");
        }
        if (length > maxRecordBytes)
        {
            throw new JournalException("record of " + length + " bytes is over maxRecordBytes " + maxRecordBytes +
                " of journal " + directory);
        }
        // Chronicle would leave a longer document in the cycle cut short, damaged for every later read and append
        final long document = (batched ? BatchDocument.HEADER_BYTES + BatchDocument.LENGTH_BYTES : 0) + (long)length +
            (null == sealer ? 0 : RecordMac.MAC_BYTES);
        if (document > queue.overlapSize())
        {
            throw new JournalException("record of " + length + " bytes does not fit a document of journal " +
                directory + ": with its header and MAC it takes " + document + " bytes, over the " +
                queue.overlapSize() + " Chronicle writes at once");
        }
    }

    /**
     * A position is next if it follows the last record in the same cycle, or starts a later cycle: a primary may
     * have rolled, skipping cycles in which it wrote nothing. Chronicle itself would ignore a position already
     * taken without a word, so it is refused here first.
     */
    private void checkNextPosition(final long position, final long last)
    {
        final boolean startsCycle = 0 == rollCycle.toSequenceNumber(position);
        final int cycle = layout.cycleOf(position);
        final boolean next;
        if (cycle < 0)
        {
            next = false;
        }
        else if (Journal.NULL_POSITION == last)
        {
            next = startsCycle;
        }
        else
        {
            next = position == last + 1 && cycle == rollCycle.toCycle(last) || position > last && startsCycle;
        }
        if (!next)
        {
            throw new JournalException("cannot append at position " + layout.describe(position) + " to journal " +
                directory + ": its last position is " + layout.describe(last) + (position <= last ?
                " and positions only grow" : "; the next is the last + 1 or sequence 0 of a later cycle"));
        }
    }

    private long appendNext(final BytesStore<?, ?> bytes)
    {
        checkClock();
        try
        {
            appender().writeBytes(bytes);
        }
        catch (final InternalError fault)
        {
            forgetLast();
            throw MappedFault.of(directory, fault);
        }
        return committed(appended());
    }

    private void checkClock()
    {
        final long last = lastPosition();
        final int clockCycle = queue.cycle();
        if (Journal.NULL_POSITION != last && clockCycle < rollCycle.toCycle(last))
        {
            // Chronicle would go back to the earlier cycle's file, and positions would run backwards
            throw new JournalException("cannot append to journal " + directory + ": its clock is in cycle " +
                clockCycle + ", before the cycle of its last position " + layout.describe(last));
        }
    }

    /**
     * Append a record and its MAC as one document. The MAC covers the position, which Chronicle gives the document
     * once it is open for writing; the position appended is checked against it afterwards.
     */
    private long appendSealed(final DirectBuffer buffer, final int offset, final int length)
    {
        checkClock();
        final Bytes<ByteBuffer> record = stage(buffer, offset, length);
        final long position;
        try
        {
            final DocumentContext document = appender().writingDocument();
            try
            {
                position = document.index();
                sealer.seal(position, staging, 0, length, tag);
                final Bytes<?> out = ChronicleQueues.bytesOf(document, directory);
                out.write(record);
                out.write(tag);
            }
            catch (final RuntimeException ex)
            {
                document.rollbackOnClose();
                throw ex;
            }
            finally
            {
                document.close();
            }
        }
        catch (final InternalError fault)
        {
            forgetLast();
            throw MappedFault.of(directory, fault);
        }
        final long written = committed(appended());
        if (written != position)
        {
            throw new JournalException("journal " + directory + " sealed a record for position " +
                PositionFormat.position(position) +
                " but appended it at " + written);
        }
        return written;
    }

    /**
     * Write a document at a Chronicle index, the next one (checked by the caller).
     *
     * @return the index.
     */
    private long writeAt(final long index, final BytesStore<?, ?> bytes)
    {
        final long written;
        try
        {
            final InternalAppender indexed = (InternalAppender)appender();
            final long last = lastDocument();
            if (nextInCycle(indexed, last, index))
            {
                writeNextInCycle(indexed, index, bytes);
            }
            else
            {
                if (Journal.NULL_POSITION != last && rollCycle.toCycle(index) != rollCycle.toCycle(last) &&
                    indexed.cycle() != rollCycle.toCycle(last))
                {
                    placeInCycleOf(indexed, last, bytes);
                }
                indexed.writeBytes(index, bytes);
            }
            written = appended();
        }
        catch (final IllegalIndexException | IllegalStateException ex)
        {
            forgetLast();
            throw new JournalException("cannot append at " + (batched ? "document index " : "position ") +
                layout.describe(index) + " to journal " + directory + ": " + ex.getMessage(), ex);
        }
        catch (final InternalError fault)
        {
            forgetLast();
            throw MappedFault.of(directory, fault);
        }
        if (written != index)
        {
            forgetLast();
            throw new JournalException("journal " + directory + " did not append at " + (batched ?
                "document index " : "position ") + layout.describe(index) + "; its last is " +
                layout.describe(lastDocument()));
        }
        return written;
    }

    /**
     * Whether a document goes right after the last one, in the cycle the appender is in: then Chronicle's plain
     * append puts it at that index, without working the index out again from the cycle's index (a scan of the
     * documents since the last indexed one, at every write).
     */
    private boolean nextInCycle(final InternalAppender indexed, final long last, final long index)
    {
        return null != clock && Journal.NULL_POSITION != last && index == last + 1 &&
            rollCycle.toCycle(index) == rollCycle.toCycle(last) && indexed.cycle() == rollCycle.toCycle(index);
    }

    /**
     * Append a document at the next index of the appender's cycle, with the clock pinned inside that cycle so that
     * the append cannot roll to the next one; the caller checks the index it went to.
     */
    private void writeNextInCycle(final InternalAppender indexed, final long index, final BytesStore<?, ?> bytes)
    {
        clock.pin(queue.epoch() + rollCycle.toCycle(index) * (long)rollCycle.lengthInMillis());
        try
        {
            indexed.writeBytes(bytes);
        }
        finally
        {
            clock.unpin();
        }
    }

    /** Read the last position and document from the queue again when next asked. */
    private void forgetLast()
    {
        lastPosition = UNKNOWN;
        lastDocument = UNKNOWN;
    }

    /**
     * Readers move from one cycle to the next only past the end-of-cycle marker, which Chronicle's appender writes
     * when it rolls out of the cycle it is in. After a reopen it is not always in the last cycle (it backs down to
     * the last cycle that has the marker), and the markers it adds to earlier cycles go only as far as the clock,
     * which on a standby may be behind its primary's positions. Asked to write at the last position, which it
     * ignores, it moves into the last cycle, so the roll that follows writes the marker there.
     */
    private static void placeInCycleOf(final InternalAppender indexed, final long last, final BytesStore<?, ?> bytes)
    {
        indexed.writeBytes(last, bytes);
    }

    private long appended()
    {
        final long position = appender.lastIndexAppended();
        lastDocument = position;
        final int cycle = appender.cycle();
        if (cycle != writtenCycle)
        {
            cycleFile = onNewCycle(cycle);
            writtenCycle = cycle;
        }
        if (null != pretoucher)
        {
            final Wire wire = appender.wire();
            if (null != wire)
            {
                pretoucher.wrote(cycleFile, wire.bytes().writePosition());
            }
        }
        return position;
    }

    /**
     * The first append into a cycle since the journal was opened, or since the last append went into another one.
     * Chronicle created the cycle file with the process's umask: it is given the journal's access here, once per
     * cycle, on the appending thread (a roll is rare, so this is off the hot path).
     *
     * @return the cycle's file.
     */
    private File onNewCycle(final int cycle)
    {
        final File file = appender.currentFile();
        if (null == file)
        {
            throw new JournalException("journal " + directory + ": appended to cycle " + cycle +
                " but Chronicle names no cycle file");
        }
        restrict(file);
        if (null != sync)
        {
            sync.written(file.toPath().toAbsolutePath());
        }
        if (null != ledger)
        {
            ledger.started(cycle);
        }
        if (null != retention)
        {
            retention.onAppend(cycle);
        }
        return file;
    }

    private void restrict(final File file)
    {
        try
        {
            access.restrictFile(file.toPath());
        }
        catch (final IOException ex)
        {
            throw new JournalException("cannot restrict journal cycle file " + file + " to " + access + ": " + ex,
                ex);
        }
    }

    /**
     * Run an action that removes old cycle files, from any thread, refused like an append if the journal is
     * read-only or closed. Creating the Chronicle appender (on the first append) walks back over the older cycles to
     * add end-of-cycle markers they lack, and would map, even recreate, a file removed under it; so the creation
     * waits for the action, and actions run one at a time. Once the appender exists, appends never take the lock.
     */
    <T> T whileNotCreating(final Supplier<T> action)
    {
        synchronized (creationLock)
        {
            checkWritable(0);
            return action.get();
        }
    }

    private ExcerptAppender appender()
    {
        if (null == appender)
        {
            synchronized (creationLock)
            {
                final ExcerptAppender created = queue.createAppender();
                // appends may move between threads (the caller hands the journal over, e.g. to a business-logic
                // thread)
                created.singleThreadedCheckDisabled(true);
                appender = created;
            }
        }
        return appender;
    }

    /** The record and then its MAC, from {@link #tag}, in the staging buffer. */
    private Bytes<ByteBuffer> stageSealed(final DirectBuffer buffer, final int offset, final int length)
    {
        staging.checkLimit(length + RecordMac.MAC_BYTES);
        staging.putBytes(0, buffer, offset, length);
        staging.putBytes(length, tag);
        return wrap(staging.byteBuffer(), length + RecordMac.MAC_BYTES);
    }

    private Bytes<ByteBuffer> stage(final DirectBuffer buffer, final int offset, final int length)
    {
        staging.checkLimit(length);
        staging.putBytes(0, buffer, offset, length);
        return wrap(staging.byteBuffer(), length);
    }

    private Bytes<ByteBuffer> wrap(final ByteBuffer byteBuffer, final int length)
    {
        if (byteBuffer != wrappedBuffer)
        {
            if (null != wrappedBytes)
            {
                wrappedBytes.releaseLast();
            }
            wrappedBuffer = byteBuffer;
            wrappedBytes = follow(byteBuffer);
        }
        wrappedBytes.readLimit(length).readPosition(0);
        return wrappedBytes;
    }

    /**
     * A read view of a buffer the journal does not own (the caller's record writer, or the staging buffer it goes on
     * using). {@code Bytes.wrapForRead} would take ownership: releasing the view frees the buffer's memory, on
     * Chronicle's background thread, while its owner still writes to it. A followed buffer is left to its owner.
     */
    private static Bytes<ByteBuffer> follow(final ByteBuffer byteBuffer)
    {
        final BytesStore<?, ByteBuffer> store = BytesStore.follow(byteBuffer);
        try
        {
            final Bytes<ByteBuffer> bytes = store.bytesForRead();
            // appends may move between threads, as the journal's documents are staged in one buffer
            bytes.singleThreadedCheckDisabled(true);
            return bytes;
        }
        finally
        {
            store.release(ReferenceOwner.INIT);
        }
    }

    @Override
    public void close()
    {
        synchronized (creationLock)
        {
            if (closed)
            {
                return;
            }
            closed = true;
        }
        if (batched && stager.open())
        {
            droppedOnClose = true;
            stager.clear(); // a batch not committed is dropped: none of its records was ever in the journal
        }
        if (null != pretoucher)
        {
            pretoucher.close();
        }
        if (null != appender)
        {
            appender.close();
        }
        if (null != wrappedBytes)
        {
            wrappedBytes.releaseLast();
        }
    }
}
