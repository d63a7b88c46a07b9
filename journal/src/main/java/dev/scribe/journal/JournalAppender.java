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
 * <p>The journal's last position is cached once known: the journal has one writer, so only this appender moves it.
 */
final class JournalAppender implements AutoCloseable
{
    private static final long UNKNOWN = Long.MIN_VALUE;

    private final SingleChronicleQueue queue;
    private final RollCycle rollCycle;
    private final Path directory;
    private final int maxRecordBytes;
    private final boolean writable;
    private final CycleRetention retention;
    private final FileAccess access;
    private final RecordMac.Sealer sealer;
    private final byte[] tag = new byte[RecordMac.MAC_BYTES];
    private final JournalSync sync;
    private final CycleLedger ledger;
    private final ExpandableDirectByteBuffer staging = new ExpandableDirectByteBuffer(256);
    private final RecordView checkView = new RecordView();
    private final Object creationLock = new Object();
    private ExcerptAppender appender;
    private ByteBuffer wrappedBuffer;
    private Bytes<ByteBuffer> wrappedBytes;
    private long lastPosition = UNKNOWN;
    private int writtenCycle = -1;
    // read by a release on another thread; set under creationLock, so a release under way finishes first
    private volatile boolean closed;

    /**
     * An appender over a queue; nothing is created in the queue until the first append.
     *
     * @param retention deletes old cycles after appends, or null to keep every cycle.
     * @param access    given to each cycle file the appender creates.
     * @param mac       the journal's record MACs: each record appended is sealed when the journal is keyed.
     * @param sync      told of each cycle file appended to, or null.
     * @param ledger    told of each cycle appended to, or null.
     */
    JournalAppender(
        final SingleChronicleQueue queue,
        final Path directory,
        final int maxRecordBytes,
        final boolean writable,
        final CycleRetention retention,
        final FileAccess access,
        final RecordMac mac,
        final JournalSync sync,
        final CycleLedger ledger)
    {
        this.access = access;
        this.sealer = mac.sealer();
        if (writable && null != sealer && !sealer.keyed())
        {
            throw new IllegalStateException("a keyed journal is written only with its key");
        }
        this.queue = queue;
        this.rollCycle = queue.rollCycle();
        this.directory = directory;
        this.maxRecordBytes = maxRecordBytes;
        this.writable = writable;
        this.retention = retention;
        this.sync = sync;
        this.ledger = ledger;
    }

    long append(final RecordWriter writer)
    {
        checkWritable(writer.length());
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
        checkNextPosition(position);
        if (null != sealer)
        {
            sealer.seal(position, buffer, offset, length, tag);
            return writeAt(position, stageSealed(buffer, offset, length));
        }
        return writeAt(position, stage(buffer, offset, length));
    }

    /**
     * Copy a record's bytes as they are, unchecked and with no size limit, to a position.
     */
    long copyAt(final long position, final BytesStore<?, ?> bytes)
    {
        checkWritable(0);
        checkNextPosition(position);
        return writeAt(position, bytes);
    }

    /**
     * The position of the last record, read from the queue the first time and then kept up to date.
     */
    long lastPosition()
    {
        if (UNKNOWN == lastPosition)
        {
            lastPosition = JournalReader.lastPosition(queue);
        }
        return lastPosition;
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
        if (length > maxRecordBytes)
        {
            throw new JournalException("record of " + length + " bytes is over maxRecordBytes " + maxRecordBytes +
                " of journal " + directory);
        }
    }

    /**
     * A position is next if it follows the last record in the same cycle, or starts a later cycle: a primary may
     * have rolled, skipping cycles in which it wrote nothing. Chronicle itself would ignore a position already
     * taken without a word, so it is refused here first.
     */
    private void checkNextPosition(final long position)
    {
        final long last = lastPosition();
        final boolean startsCycle = 0 == rollCycle.toSequenceNumber(position);
        final int cycle = cycleOf(position);
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
            throw new JournalException("cannot append at position " + describe(position) + " to journal " +
                directory + ": its last position is " + describe(last) + (position <= last ?
                " and positions only grow" : "; the next is the last + 1 or sequence 0 of a later cycle"));
        }
    }

    private String describe(final long position)
    {
        if (Journal.NULL_POSITION == position)
        {
            return position + " (empty)";
        }
        if (cycleOf(position) < 0)
        {
            return Long.toString(position);
        }
        return position + " (cycle " + rollCycle.toCycle(position) + ", sequence " +
            rollCycle.toSequenceNumber(position) + ")";
    }

    /**
     * The cycle of a position, or -1 for a negative one or one whose cycle does not fit Chronicle's 31 bits.
     */
    private int cycleOf(final long position)
    {
        if (position < 0)
        {
            return -1;
        }
        try
        {
            return rollCycle.toCycle(position);
        }
        catch (final ArithmeticException ex)
        {
            return -1;
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
            lastPosition = UNKNOWN;
            throw MappedFault.of(directory, fault);
        }
        return appended();
    }

    private void checkClock()
    {
        final long last = lastPosition();
        final int clockCycle = queue.cycle();
        if (Journal.NULL_POSITION != last && clockCycle < rollCycle.toCycle(last))
        {
            // Chronicle would go back to the earlier cycle's file, and positions would run backwards
            throw new JournalException("cannot append to journal " + directory + ": its clock is in cycle " +
                clockCycle + ", before the cycle of its last position " + describe(last));
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
            lastPosition = UNKNOWN;
            throw MappedFault.of(directory, fault);
        }
        final long written = appended();
        if (written != position)
        {
            throw new JournalException("journal " + directory + " sealed a record for position " + position +
                " but appended it at " + written);
        }
        return written;
    }

    private long writeAt(final long position, final BytesStore<?, ?> bytes)
    {
        final long written;
        try
        {
            final InternalAppender indexed = (InternalAppender)appender();
            final long last = lastPosition();
            if (Journal.NULL_POSITION != last && rollCycle.toCycle(position) != rollCycle.toCycle(last) &&
                indexed.cycle() != rollCycle.toCycle(last))
            {
                placeInCycleOf(indexed, last, bytes);
            }
            indexed.writeBytes(position, bytes);
            written = appended();
        }
        catch (final IllegalIndexException | IllegalStateException ex)
        {
            lastPosition = UNKNOWN;
            throw new JournalException("cannot append at position " + describe(position) + " to journal " +
                directory + ": " + ex.getMessage(), ex);
        }
        catch (final InternalError fault)
        {
            lastPosition = UNKNOWN;
            throw MappedFault.of(directory, fault);
        }
        if (written != position)
        {
            lastPosition = UNKNOWN;
            throw new JournalException("journal " + directory + " did not append at position " +
                describe(position) + "; its last position is " + describe(lastPosition()));
        }
        return written;
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
        lastPosition = position;
        final int cycle = appender.cycle();
        if (cycle != writtenCycle)
        {
            onNewCycle(cycle);
            writtenCycle = cycle;
        }
        return position;
    }

    /**
     * The first append into a cycle since the journal was opened, or since the last append went into another one.
     * Chronicle created the cycle file with the process's umask: it is given the journal's access here, once per
     * cycle, on the appending thread (a roll is rare, so this is off the hot path).
     */
    private void onNewCycle(final int cycle)
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
            return store.bytesForRead();
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
