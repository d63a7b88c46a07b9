package dev.scribe.journal;

import dev.scribe.codecs.CodecException;
import dev.scribe.codecs.journal.RecordView;
import dev.scribe.codecs.journal.RecordWriter;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.core.io.ReferenceOwner;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Scribe's journal: records appended atomically to memory-mapped Chronicle Queue cycle files, each checked by its
 * CRC32C whenever it is read.
 *
 * <p>A record's <em>position</em> is its Chronicle index: it grows with every record and encodes the cycle file the
 * record is in, so positions are ordered but not dense across cycles. Pass only positions the journal returned
 * (or the cursors of a {@link JournalPage}) back to it.
 *
 * <p>One process at a time may open a directory for writing; the writer lock is released by the OS if that process
 * dies, and a record torn by the crash is skipped on the next open. Appends come from one thread at a time. Reads,
 * pages, replays and tailers may be used from other threads, each tailer by one thread.
 */
public final class Journal implements AutoCloseable
{
    /** Position meaning "none", e.g. of an empty journal. */
    public static final long NULL_POSITION = -1;

    private final JournalContext context;
    private final SingleChronicleQueue queue;
    private final WriterLock writerLock;
    private final JournalSync sync;
    private final ExpandableDirectByteBuffer staging = new ExpandableDirectByteBuffer(256);
    private final RecordView checkView = new RecordView();
    private final CycleRetention retention;
    private ExcerptAppender appender;
    private ByteBuffer wrappedBuffer;
    private Bytes<ByteBuffer> wrappedBytes;
    private boolean closed;

    private Journal(final JournalContext context)
    {
        this.context = context;
        WriterLock lock = null;
        SingleChronicleQueue q = null;
        try
        {
            if (!context.readOnly())
            {
                Files.createDirectories(context.directory());
                lock = WriterLock.acquire(context.directory());
            }
            else if (!Files.isDirectory(context.directory()))
            {
                throw new JournalException("journal directory " + context.directory() + " does not exist");
            }
            q = buildQueue(context);
        }
        catch (final java.io.IOException ex)
        {
            throw new JournalException("cannot create journal directory " + context.directory() + ": " +
                ex.getMessage(), ex);
        }
        catch (final RuntimeException ex)
        {
            if (null != lock)
            {
                lock.close();
            }
            throw ex instanceof JournalException ? ex :
                new JournalException("cannot open journal " + context.directory() + ": " + ex.getMessage(), ex);
        }
        this.writerLock = lock;
        this.queue = q;
        this.retention = new CycleRetention(context);
        retention.queue(q);
        this.sync = new JournalSync(context.directory());
    }

    /**
     * Open a journal; for writing unless the context says read-only.
     *
     * @param context the journal's settings; concluded here.
     * @return the open journal.
     * @throws JournalException if the directory is locked by another writer or cannot be opened.
     */
    public static Journal open(final JournalContext context)
    {
        return new Journal(context.conclude());
    }

    /**
     * Open a journal read-only with default settings.
     *
     * @param directory the journal directory.
     * @return the open journal.
     */
    public static Journal openReadOnly(final Path directory)
    {
        return open(new JournalContext().directory(directory).readOnly(true));
    }

    private static SingleChronicleQueue buildQueue(final JournalContext context)
    {
        final SingleChronicleQueueBuilder builder = SingleChronicleQueueBuilder.binary(context.directory())
            .timeProvider(new ChronicleClock(context.epochClock()))
            .timeoutMS(context.tornTailTimeoutMs())
            .readOnly(context.readOnly());
        if (!context.readOnly())
        {
            // a read-only journal takes the roll cycle recorded in the journal's metadata
            builder.rollCycle(context.rollCycle().chronicle());
        }
        return builder.build();
    }

    /**
     * Append the record a writer has finished, as one unit.
     *
     * @param writer holding a finished record.
     * @return the record's position.
     * @throws JournalException if the journal is read-only or closed, or the record is over the size limit.
     */
    public long append(final RecordWriter writer)
    {
        return appendBytes(writer.buffer().byteBuffer(), writer.length());
    }

    /**
     * Append a record encoded elsewhere (for example received from a primary), checking it first.
     *
     * @param buffer holding the record.
     * @param offset where it starts.
     * @param length its length.
     * @return the record's position.
     * @throws CodecException if the bytes are not a valid record; nothing is written.
     */
    public long append(final DirectBuffer buffer, final int offset, final int length)
    {
        checkView.wrap(buffer, offset, length);
        staging.checkLimit(length);
        staging.putBytes(0, buffer, offset, length);
        return appendBytes(staging.byteBuffer(), length);
    }

    private long appendBytes(final ByteBuffer byteBuffer, final int length)
    {
        if (null == writerLock)
        {
            throw new JournalException("journal " + context.directory() + " is open read-only");
        }
        if (closed)
        {
            throw new JournalException("journal " + context.directory() + " is closed");
        }
        if (length > context.maxRecordBytes())
        {
            throw new JournalException("record of " + length + " bytes is over maxRecordBytes " +
                context.maxRecordBytes() + " of journal " + context.directory());
        }
        if (null == appender)
        {
            appender = queue.createAppender();
            // appends may move between threads (the caller hands the journal over, e.g. to a business-logic thread)
            appender.singleThreadedCheckDisabled(true);
        }
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
        appender.writeBytes(wrappedBytes);
        final long position = appender.lastIndexAppended();
        retention.onAppend(appender.cycle());
        return position;
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

    /**
     * Force the journal's files to storage up to and including a position (msync/fsync), so the record there
     * survives an OS crash or power loss.
     *
     * @param position of the last record that must be durable.
     */
    public void sync(final long position)
    {
        if (null == appender || position <= sync.syncedPosition())
        {
            return;
        }
        sync.syncUpTo(position, appender.lastIndexAppended(), queue.rollCycle().toCycle(position),
            appender.currentFile());
    }

    /**
     * Position of the first record.
     *
     * @return the position, or {@link #NULL_POSITION} if the journal is empty.
     */
    public long firstPosition()
    {
        return JournalReader.firstPosition(queue);
    }

    /**
     * Position of the last record.
     *
     * @return the position, or {@link #NULL_POSITION} if the journal is empty.
     */
    public long lastPosition()
    {
        return JournalReader.lastPosition(queue);
    }

    /**
     * Read up to {@code maxRecords} records forward, starting at a position (inclusive).
     *
     * @param from       position of the first record to read; a position before the first record reads from the
     *                   start.
     * @param maxRecords most records in the page.
     * @return the page and the cursor to continue from.
     * @throws CorruptRecordException at the first record that fails its checks.
     */
    public JournalPage readForward(final long from, final int maxRecords)
    {
        return JournalReader.page(queue, from, maxRecords, TailerDirection.FORWARD);
    }

    /**
     * Read up to {@code maxRecords} records backward, starting at a position (inclusive).
     *
     * @param from       position of the first record to read; a position after the last record reads from the end.
     * @param maxRecords most records in the page.
     * @return the page, newest first, and the cursor to continue from.
     * @throws CorruptRecordException at the first record that fails its checks.
     */
    public JournalPage readBackward(final long from, final int maxRecords)
    {
        return JournalReader.page(queue, from, maxRecords, TailerDirection.BACKWARD);
    }

    /**
     * Hand every record from a position (inclusive) to the end, as it is now, to a handler on this thread.
     *
     * @param from    position to start at; {@link #NULL_POSITION} or a position before the first starts at the first.
     * @param handler receives each record.
     * @return the number of records replayed.
     * @throws CorruptRecordException at the first record that fails its checks; nothing after it is replayed.
     */
    public long replay(final long from, final RecordHandler handler)
    {
        try (JournalTailer tailer = tailer(from))
        {
            long count = 0;
            int read;
            while ((read = tailer.poll(handler, Integer.MAX_VALUE)) > 0)
            {
                count += read;
            }
            return count;
        }
    }

    /**
     * A tailer that reads from a position (inclusive) and then follows records as they are appended.
     *
     * @param from position to start at; {@link #NULL_POSITION} or a position before the first starts at the first.
     * @return the tailer, for one thread; close it when done.
     */
    public JournalTailer tailer(final long from)
    {
        return new JournalTailer(queue, from);
    }

    /**
     * The settings this journal was opened with.
     *
     * @return the concluded context.
     */
    public JournalContext context()
    {
        return context;
    }

    /**
     * The cycle of a position, for tools.
     *
     * @param position a record position.
     * @return the cycle number.
     */
    public int cycleOf(final long position)
    {
        return queue.rollCycle().toCycle(position);
    }

    /**
     * The sequence of a position within its cycle, for tools.
     *
     * @param position a record position.
     * @return the sequence number.
     */
    public long sequenceOf(final long position)
    {
        return queue.rollCycle().toSequenceNumber(position);
    }

    SingleChronicleQueue queue()
    {
        return queue;
    }

    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        if (null != appender)
        {
            appender.close();
        }
        if (null != wrappedBytes)
        {
            wrappedBytes.releaseLast();
        }
        sync.close();
        queue.close();
        if (null != writerLock)
        {
            writerLock.close();
        }
    }
}
